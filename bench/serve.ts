// The service under load, on loopback: `GET /api/v1/snapshots/:id/check` (a stored check, re-
// rendered, behind token authentication) at 200 concurrent clients, and, as the comparator in the
// same run, a bare hono endpoint on @hono/node-server answering a fixed JSON of the same size.
// While the load runs a second time, a large snapshot is uploaded (tar) and imported through the
// API; neither side may see an error.
//
//   npx tsx bench/serve.ts [seconds] [upload_accounts]     (default 60 s, 500,000 accounts ≈ 1M rows)
//   DATABASE_URL=postgres://… npx tsx bench/serve.ts       (the service on a PostgreSQL server)
//
// Targets (issue 11): 0 errors, p99 ≤ 20 ms, throughput ≥ 0.5× the bare endpoint.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import autocannon from 'autocannon';
import { Hono } from 'hono';
import { serve, type ServerType } from '@hono/node-server';
import { create as createTar } from 'tar';
import { addToken, addUser } from '../src/app/accounts.ts';
import { checkSnapshot } from '../src/app/check.ts';
import { importSnapshot } from '../src/app/import.ts';
import { generateDemo } from '../src/demo/generate.ts';
import { SNAPSHOT_FILES } from '../src/snapshot/read/directory.ts';
import { openStoreHandle } from '../src/store/open.ts';
import { LOCAL_TENANT, type Actor } from '../src/store/types.ts';
import { startService } from '../src/service/serve.ts';

const SECONDS = Number(process.argv[2] ?? 60);
const UPLOAD_ACCOUNTS = Number(process.argv[3] ?? 500_000);
const CONNECTIONS = 200;
const ADMIN: Actor = { type: 'cli', id: 'bench', role: null, tenant: null };

interface Figures {
  requests_per_s: number;
  p50_ms: number;
  p99_ms: number;
  max_ms: number;
  errors: number;
  non_2xx: number;
}

async function load(url: string, headers: Record<string, string>, seconds: number): Promise<Figures> {
  // The load generator runs in its own thread: on the server's event loop it would slow what it measures.
  const result = await autocannon({ url, connections: CONNECTIONS, duration: seconds, headers, workers: 1 });
  return {
    requests_per_s: result.requests.average,
    p50_ms: result.latency.p50,
    p99_ms: result.latency.p99,
    max_ms: result.latency.max,
    errors: result.errors + result.timeouts,
    non_2xx: result.non2xx,
  };
}

function listen(fetch: (request: Request) => Response | Promise<Response>): Promise<{ server: ServerType; url: string }> {
  return new Promise((resolve) => {
    const server = serve({ fetch, hostname: '127.0.0.1', port: 0 }, (info) => resolve({ server, url: `http://127.0.0.1:${info.port}` }));
  });
}

async function tarBytes(dir: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of createTar({ cwd: dir, portable: true }, [...SNAPSHOT_FILES]) as unknown as Readable) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

const work = await mkdtemp(join(tmpdir(), 'hozen-bench-serve-'));
const database_url = process.env.DATABASE_URL;
const handle = await openStoreHandle(database_url === undefined ? { db_dir: join(work, 'db') } : { database_url, pg_schema: `bench_serve_${process.pid}` });
try {
  const small = join(work, 'small');
  await generateDemo({ out_dir: small, accounts: 2_000, seed: 1 });
  const store = await handle.forTenant(LOCAL_TENANT, ADMIN);
  const { snapshot_id } = await importSnapshot({ store }, { dir: small });
  await checkSnapshot({ store }, { snapshot: { id: snapshot_id } });
  const { user } = await addUser({ handle, actor: ADMIN }, { name: 'bench-officer', role: 'officer', tenant: LOCAL_TENANT, password: 'a long enough password' });
  const { token } = await addToken({ handle, actor: ADMIN }, { user, label: 'bench', now_ms: Date.now() });
  const headers = { authorization: `Bearer ${token}` };

  const service = await startService(handle, { host: '127.0.0.1', port: 0, data_dir: join(work, 'service'), workers: 0, log_error: (e) => console.error(e) });
  const check_url = `${service.url}/api/v1/snapshots/${snapshot_id}/check`;
  const sample = await (await fetch(check_url, { headers })).text();

  const bare_app = new Hono();
  bare_app.get('/check', (c) => c.body(sample, 200, { 'content-type': 'application/json; charset=utf-8' }));
  const bare = await listen(bare_app.fetch);

  console.log(`store: ${handle.kind}; response: ${sample.length} bytes; ${CONNECTIONS} connections, ${SECONDS} s each`);
  const bare_figures = await load(`${bare.url}/check`, {}, SECONDS);
  const service_figures = await load(check_url, headers, SECONDS);

  const upload_dir = join(work, 'upload');
  await generateDemo({ out_dir: upload_dir, accounts: UPLOAD_ACCOUNTS, seed: 2 });
  const archive = await tarBytes(upload_dir);
  const during = load(check_url, headers, SECONDS);
  const upload_started = performance.now();
  const upload = await fetch(`${service.url}/api/v1/snapshots`, { method: 'POST', headers: { ...headers, 'content-type': 'application/x-tar' }, body: new Uint8Array(archive) });
  const upload_s = (performance.now() - upload_started) / 1000;
  const upload_json = (await upload.json()) as { balance_rows?: number; status?: string; error?: string };
  const under_upload = await during;

  bare.server.close();
  await service.close();

  const row = (name: string, f: Figures) =>
    `${name.padEnd(34)} ${f.requests_per_s.toFixed(0).padStart(8)} req/s  p50 ${String(f.p50_ms).padStart(4)} ms  p99 ${String(f.p99_ms).padStart(4)} ms  max ${String(f.max_ms).padStart(5)} ms  errors ${f.errors}  non-2xx ${f.non_2xx}`;
  console.log(row('bare hono endpoint', bare_figures));
  console.log(row('GET /api/v1/snapshots/:id/check', service_figures));
  console.log(row('  … while a snapshot uploads', under_upload));
  console.log(`throughput ratio service / bare: ${(service_figures.requests_per_s / bare_figures.requests_per_s).toFixed(2)} (target ≥ 0.5); p99 ${service_figures.p99_ms} ms (target ≤ 20)`);
  console.log(`upload + import of ${upload_json.balance_rows ?? '?'} rows (${(archive.length / 1024 ** 2).toFixed(0)} MiB tar): HTTP ${upload.status} ${upload_json.status ?? upload_json.error ?? ''} in ${upload_s.toFixed(1)} s`);
} finally {
  await handle.close();
  await rm(work, { recursive: true, force: true });
}
