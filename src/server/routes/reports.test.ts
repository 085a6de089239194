// The report routes: a viewer downloads a stored check as CSV for Excel and as XLSX, the
// segregation records answer as the CLI does, another tenant's reports are not there, and the
// association (aggregates across members only) gets none of them.

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addTenant } from '../../app/accounts.ts';
import { addUsersWithTokens, bearer } from '../testing.ts';
import { checkSnapshot } from '../../app/check.ts';
import { importSnapshot } from '../../app/import.ts';
import { createServiceApp } from '../../service/app.ts';
import { createTestDatabase, type TestDatabase } from '../../store/testing.ts';
import type { Actor, StoreHandle } from '../../store/types.ts';

const ADMIN: Actor = { type: 'cli', id: 'reports-test', role: null, tenant: null };
const EXAMPLE = join(import.meta.dirname, '../../../examples/snapshot');
let work: string;
let database: TestDatabase;
let handle: StoreHandle;
let app: ReturnType<typeof createServiceApp>;
const tokens: Record<string, string> = {};
const now_ms = Date.parse('2026-12-03T00:00:00Z');

const call = (path: string, who: string) => app.request(path, bearer(tokens[who]!, { 'accept-language': 'ja' }));

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'hozen-reports-api-'));
  database = await createTestDatabase('pglite');
  handle = await database.openHandle();
  const deps = { handle, actor: ADMIN };
  await addTenant(deps, { id: 'exchange-a', name: 'A' });
  await addTenant(deps, { id: 'exchange-b', name: 'B' });
  const store_b = await handle.forTenant('exchange-b', ADMIN);
  await importSnapshot({ store: store_b }, { dir: EXAMPLE });
  await checkSnapshot({ store: store_b }, { snapshot: { dir: EXAMPLE } });
  const users = [
    { name: 'viewer-a', role: 'viewer', tenant: 'exchange-a' },
    { name: 'viewer-b', role: 'viewer', tenant: 'exchange-b' },
    { name: 'association', role: 'association', tenant: null },
  ];
  Object.assign(tokens, (await addUsersWithTokens(deps, users, { password: 'correct horse battery staple', now_ms })).tokens);
  app = createServiceApp({ handle, data_dir: join(work, 'data'), now_ms: () => now_ms }, { log_error: () => {} });
}, 120_000);

afterAll(async () => {
  await handle?.close();
  await database?.dispose();
  if (work !== undefined) await rm(work, { recursive: true, force: true });
});

describe('report routes', () => {
  it('downloads the coverage report as CSV for Excel (BOM, exact quantities) and as XLSX', async () => {
    const csv = await call('/api/v1/exports/coverage?format=csv', 'viewer-b');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const bytes = new Uint8Array(await csv.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes.subarray(3));
    expect(text.startsWith('保全状況の報告 — Example Exchange K.K.\r\n')).toBe(true);
    expect(text).toContain('"=""13.500000000000000001"""');
    const xlsx = await call('/api/v1/exports/coverage?format=xlsx', 'viewer-b');
    expect(xlsx.status).toBe(200);
    const path = join(work, 'c.xlsx');
    await writeFile(path, new Uint8Array(await xlsx.arrayBuffer()));
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(path);
    const values = book.worksheets[1]!.getSheetValues().flat();
    expect(values).toContain('13.500000000000000001');
  });

  it('answers the segregation records as the CLI does, with the verdict in a header', async () => {
    const response = await call('/api/v1/segregation?from=2026-11-25&to=2026-11-25', 'viewer-b');
    expect(response.status).toBe(200);
    expect(response.headers.get('hozen-verdict')).toBe('ok');
    const body = (await response.json()) as { days: number; records: Array<{ asset: string; kind: string }> };
    expect(body.days).toBe(1);
    expect(body.records.map((r) => `${r.kind}:${r.asset}`)).toEqual(['money:JPY', 'crypto:BTC', 'crypto:ETH']);
  });

  it("has nothing for another tenant's viewer, and nothing at all for the association", async () => {
    expect((await call('/api/v1/exports/coverage?format=csv', 'viewer-a')).status).toBe(400);
    expect(((await (await call('/api/v1/segregation', 'viewer-a')).json()) as { records: unknown[] }).records).toEqual([]);
    expect((await call('/api/v1/exports/coverage?format=csv', 'association')).status).toBe(403);
    expect((await call('/api/v1/segregation', 'association')).status).toBe(403);
  });
});
