// Tampering found, on both stores: each test plays an attacker who may alter the tables (the audit
// log's append-only triggers disabled with superuser SQL, as such an attacker can) and checks that
// `hozen audit verify` (with an anchor kept outside the store) or `hozen snapshot verify` names
// what was done. The PostgreSQL half is skipped, by name, when no server answers.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemo } from '../demo/generate.ts';
import { generateAnchorKey, type AuditAnchor } from '../store/anchor.ts';
import { auditHash } from '../store/audit.ts';
import { storedEntryOf } from '../store/audit-log.ts';
import { balancePartition } from '../store/partition.ts';
import { createTestDatabase, postgresReachable, TEST_DATABASE_URL, type TestDatabase } from '../store/testing.ts';
import type { Store, StoreKind } from '../store/types.ts';
import { anchorAudit } from './anchor.ts';
import { verifyAuditLog, type AuditVerifyResult } from './audit.ts';
import { checkSnapshot } from './check.ts';
import { importSnapshot } from './import.ts';
import { verifySnapshotRows, type SnapshotVerifyResult } from './snapshot-verify.ts';

const reachable = await postgresReachable();
const KEY = generateAnchorKey();
const OTHER_KEY = generateAnchorKey();
let exchange_dir = '';

beforeAll(async () => {
  exchange_dir = mkdtempSync(join(tmpdir(), 'hozen-tamper-'));
  await generateDemo({ out_dir: join(exchange_dir, 'exchange'), accounts: 300, seed: 5 });
});
afterAll(() => rmSync(exchange_dir, { recursive: true, force: true }));

interface Scene {
  database: TestDatabase;
  snapshot_id: string;
  partition: string;
  /** The chain's length once everything was stored, and an anchor of its head then. */
  entries: number;
  anchor: AuditAnchor;
  /** Runs raw SQL with the store closed (PGlite allows one user) and the audit triggers off. */
  tamper(sql: string): Promise<void>;
  withStore<T>(work: (store: Store) => Promise<T>): Promise<T>;
  auditVerify(anchors?: AuditAnchor[], public_key?: string): Promise<AuditVerifyResult>;
  snapshotVerify(): Promise<SnapshotVerifyResult>;
  dispose(): Promise<void>;
}

/** A store holding an imported snapshot, its stored check runs, and an anchor of the head. */
async function scene(kind: StoreKind): Promise<Scene> {
  const database = await createTestDatabase(kind);
  const withStore = async <T,>(work: (store: Store) => Promise<T>): Promise<T> => {
    const store = await database.open();
    try {
      return await work(store);
    } finally {
      await store.close();
    }
  };
  const { snapshot_id, anchor, entries } = await withStore(async (store) => {
    const imported = await importSnapshot({ store }, { dir: join(exchange_dir, 'exchange') });
    await store.appendAudit({ kind: 'note', subject: imported.snapshot_id, inputs_sha256: imported.content_sha256, details: { note: 'reviewed' } });
    await checkSnapshot({ store }, { snapshot: { id: imported.snapshot_id }, regimes: ['jp-psa-2020'] });
    const anchored = await anchorAudit({ store }, { key: { name: 'key.pem', text: KEY.private_key_pem } });
    return { snapshot_id: imported.snapshot_id, anchor: anchored.anchor!, entries: (await store.auditEntries()).length };
  });
  const [{ key }] = (await database.sql(`SELECT key FROM snapshots WHERE id = '${snapshot_id}'`)) as [{ key: number }];
  const anchorText = (a: AuditAnchor) => ({ name: `anchor-${a.seq}.json`, text: JSON.stringify(a) });
  return {
    database,
    snapshot_id,
    partition: balancePartition(Number(key)),
    entries,
    anchor,
    tamper: async (sql) => void (await database.sql(`ALTER TABLE audit_log DISABLE TRIGGER USER; ${sql}; ALTER TABLE audit_log ENABLE TRIGGER USER`)),
    withStore,
    auditVerify: (anchors = [], public_key) =>
      withStore((store) => verifyAuditLog({ store }, { anchors: anchors.map(anchorText), ...(public_key === undefined ? {} : { public_key: { name: 'public.pem', text: public_key } }) })),
    snapshotVerify: () => withStore((store) => verifySnapshotRows({ store }, { id: snapshot_id })),
    dispose: () => database.dispose(),
  };
}

function tamperSuite(kind: StoreKind): void {
  const withScene = (work: (s: Scene) => Promise<void>) => async () => {
    const s = await scene(kind);
    try {
      await work(s);
    } finally {
      await s.dispose();
    }
  };

  it(
    'untouched: the chain verifies against its anchor, the snapshot against its digest',
    withScene(async (s) => {
      expect(s.entries).toBeGreaterThanOrEqual(3);
      expect(await s.auditVerify([s.anchor], KEY.public_key_pem)).toMatchObject({ ok: true, entries: s.entries, verdict: 'ok', anchors: [{ seq: s.entries, outcome: 'ok' }] });
      expect(await s.snapshotVerify()).toMatchObject({ ok: true, verdict: 'ok', audit_seq: 1 });
    }),
  );

  it(
    'an edited entry: its hash no longer matches; the snapshot verify refuses the edited import entry',
    withScene(async (s) => {
      await s.tamper(`UPDATE audit_log SET details = jsonb_set(details, '{balance_rows}', '1') WHERE seq = 1`);
      expect(await s.auditVerify()).toMatchObject({ ok: false, reason: 'hash_mismatch', seq: 1, verdict: 'failed' });
      expect(await s.snapshotVerify()).toMatchObject({ ok: false, reason: 'audit_entry_edited', verdict: 'failed' });
    }),
  );

  it(
    'a rehashed entry: its own hash is right, the next entry no longer links to it',
    withScene(async (s) => {
      const [row] = await s.database.sql(`SELECT * FROM audit_log WHERE seq = 2`);
      const entry = storedEntryOf(row!);
      const details_encoded = { ...(entry.details_encoded as object), note: 'rewritten' };
      const hash = auditHash({ ...entry, details_encoded });
      await s.tamper(`UPDATE audit_log SET details = '${JSON.stringify(details_encoded)}'::jsonb, hash = '${hash}' WHERE seq = 2`);
      expect(await s.auditVerify()).toMatchObject({ ok: false, reason: 'broken_chain', seq: 3 });
    }),
  );

  it(
    'a deleted entry: a gap in seq',
    withScene(async (s) => {
      await s.tamper(`DELETE FROM audit_log WHERE seq = 2`);
      expect(await s.auditVerify()).toMatchObject({ ok: false, reason: 'missing_entry', seq: 2 });
    }),
  );

  it(
    'a deleted tail: a stored run without its entry, and the anchor names the entry that is gone',
    withScene(async (s) => {
      await s.tamper(`DELETE FROM audit_log WHERE seq = ${s.entries}`);
      const verified = await s.auditVerify([s.anchor]);
      expect(verified).toMatchObject({ ok: false, reason: 'unaudited_subject', anchors: [{ outcome: 'entry_missing' }] });
    }),
  );

  it(
    'a rewritten chain: every hash recomputed from entry 2 on verifies alone, and fails its anchor',
    withScene(async (s) => {
      const rows = await s.database.sql(`SELECT * FROM audit_log WHERE seq >= 2 ORDER BY seq`);
      let prev_hash = String((await s.database.sql(`SELECT hash FROM audit_log WHERE seq = 1`))[0]!.hash);
      const updates: string[] = [];
      for (const row of rows) {
        const entry = storedEntryOf(row);
        const details_encoded = entry.seq === 2 ? { ...(entry.details_encoded as object), note: 'rewritten' } : entry.details_encoded;
        const hash = auditHash({ ...entry, details_encoded, prev_hash });
        updates.push(`UPDATE audit_log SET details = '${JSON.stringify(details_encoded)}'::jsonb, prev_hash = '${prev_hash}', hash = '${hash}' WHERE seq = ${entry.seq}`);
        prev_hash = hash;
      }
      await s.tamper(updates.join('; '));
      expect(await s.auditVerify()).toMatchObject({ ok: true, verdict: 'ok' });
      expect(await s.auditVerify([s.anchor])).toMatchObject({ ok: true, verdict: 'failed', anchors: [{ seq: s.entries, outcome: 'hash_differs' }] });
    }),
  );

  it(
    'a forged anchor: an edited file fails its signature, one signed with another key fails the pinned key',
    withScene(async (s) => {
      const head = String((await s.database.sql(`SELECT hash FROM audit_log WHERE seq = 1`))[0]!.hash);
      expect(await s.auditVerify([{ ...s.anchor, seq: 1, head_hash: head }])).toMatchObject({ verdict: 'failed', anchors: [{ outcome: 'signature_invalid' }] });
      const foreign = await s.withStore((store) => anchorAudit({ store }, { key: { name: 'other.pem', text: OTHER_KEY.private_key_pem } }));
      expect(await s.auditVerify([foreign.anchor!], KEY.public_key_pem)).toMatchObject({ verdict: 'failed', anchors: [{ outcome: 'other_key' }] });
    }),
  );

  it(
    'an edited balance row: named by line and account',
    withScene(async (s) => {
      const [row] = await s.database.sql(`SELECT account_id FROM ${s.partition} WHERE line = 137`);
      await s.tamper(`UPDATE ${s.partition} SET amount_minor = amount_minor + 1 WHERE line = 137`);
      expect(await s.snapshotVerify()).toMatchObject({ ok: false, reason: 'rows_differ', difference: { line: 137, account_id: row!.account_id, change: 'edited' } });
    }),
  );

  it(
    'a deleted balance row: named by line',
    withScene(async (s) => {
      await s.tamper(`DELETE FROM ${s.partition} WHERE line = 42`);
      expect(await s.snapshotVerify()).toMatchObject({ ok: false, reason: 'rows_differ', rows_found: expect.any(Number), difference: { line: 42, account_id: null, change: 'deleted' } });
    }),
  );

  it(
    'an added balance row: named by line and account, wherever it was put',
    withScene(async (s) => {
      await s.tamper(`INSERT INTO ${s.partition} (line, account_id, asset, amount_minor) VALUES (3, 'INTRUDER', 'BTC', 100000000)`);
      expect(await s.snapshotVerify()).toMatchObject({ ok: false, reason: 'rows_differ', difference: { line: 3, account_id: 'INTRUDER', change: 'added' } });
    }),
  );

  it(
    'edited balance totals (what coverage reads instead of the rows)',
    withScene(async (s) => {
      await s.tamper(`UPDATE balance_totals SET total_minor = total_minor * 2 WHERE ordinal = 0`);
      expect(await s.snapshotVerify()).toMatchObject({ ok: false, reason: 'totals_differ' });
    }),
  );

  it(
    'an edited stored run result: it no longer hashes to what its entry recorded',
    withScene(async (s) => {
      const [run] = await s.database.sql(`SELECT id FROM runs ORDER BY ordinal LIMIT 1`);
      await s.tamper(`UPDATE runs SET result = result || '{"tampered": true}'::jsonb WHERE id = '${String(run!.id)}'`);
      const verified = await s.auditVerify();
      expect(verified).toMatchObject({ ok: false, reason: 'run_result_differs', verdict: 'failed' });
      expect((verified as { detail: string }).detail).toContain(String(run!.id));
    }),
  );
}

describe('tampering found: PGlite', () => tamperSuite('pglite'));
describe.skipIf(!reachable)(`tampering found: PostgreSQL (${new URL(TEST_DATABASE_URL).host})`, () => tamperSuite('postgres'));
