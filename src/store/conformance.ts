// The one test suite every store driver must pass. conformance.test.ts registers it for PGlite
// and for a PostgreSQL server; each test gets a database of its own (testing.ts).

import { importBatchOf } from '../snapshot/memory.ts';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { expect, test } from 'vitest';
import { UserError } from '../errors.ts';
import { fixtureSnapshot } from '../snapshot/fixture.ts';
import { unpackBalances } from '../snapshot/packed-balances.ts';
import type { BalanceBatch, BalanceSource, Snapshot } from '../snapshot/types.ts';
import { MIGRATIONS_DIR } from './adapter.ts';
import { auditHash } from './audit.ts';
import { LOCK_FILE_NAME } from './lock.ts';
import { openStore } from './open.ts';
import { legacySchema, legacySnapshots } from './legacy-testing.ts';
import { storeSnapshot, type TestDatabase } from './testing.ts';
import { LOCAL_TENANT, type Store, type StoreKind } from './types.ts';

/** When drizzle recorded a migration as applied: its journal entry's time. */
const HASH_A = 'a'.repeat(64);
const HASH_B = 'b'.repeat(64);

/** Registers the conformance tests; call inside a describe() named after the driver. */
export function storeConformance(kind: StoreKind, createDatabase: () => Promise<TestDatabase>): void {
  /** Runs a test on a fresh database, disposed of whatever happens. */
  const withDatabase = (work: (database: TestDatabase) => Promise<void>) => async () => {
    const database = await createDatabase();
    try {
      await work(database);
    } finally {
      await database.dispose();
    }
  };

  test(
    'migrations are applied once: reopening finds the data and applies nothing again',
    withDatabase(async (database) => {
      const first = await database.open();
      await storeSnapshot(first, smallSnapshot('s1'));
      await first.close();
      const second = await database.open();
      expect((await second.listSnapshots()).map((s) => s.id)).toEqual(['s1']);
      await second.close();
      const migrations_table = database.kind === 'pglite' ? 'drizzle.__drizzle_migrations' : '__drizzle_migrations';
      const applied = await database.sql(`SELECT hash FROM ${migrations_table}`);
      const journal = JSON.parse(readFileSync(join(MIGRATIONS_DIR, 'meta', '_journal.json'), 'utf8')) as { entries: unknown[] };
      expect(journal.entries.length).toBeGreaterThan(0);
      expect(applied).toHaveLength(journal.entries.length);
    }),
  );

  test(
    'a snapshot round-trips exactly: wei above 2^63, prices with 36 decimals, JSON with bigints',
    withDatabase(async (database) => {
      const store = await database.open();
      const original = richSnapshot('rich');
      await storeSnapshot(store, original, { batch_rows: 2 });
      const loaded = await store.loadSnapshot('rich');
      expect(loaded.id).toBe(original.id);
      expect(loaded.content_sha256).toBe(original.content_sha256);
      expect(loaded.manifest).toEqual(original.manifest);
      expect(loaded.assets).toEqual(original.assets);
      expect(loaded.wallets).toEqual(original.wallets);
      expect(loaded.prices).toEqual(original.prices);
      expect(loaded.safe_assets).toEqual(original.safe_assets);
      expect(loaded.contracts).toEqual(original.contracts);
      expect(loaded.documents).toEqual(original.documents);
      expect(loaded.balance_totals).toEqual(original.balance_totals);
      expect(loaded.balance_rows).toBe(3);
      expect(await allRows(loaded.balances)).toEqual(await allRows(original.balances));
      // 123456789012.123456789012345678 ETH = 123456789012123456789012345678 wei > 2^63 - 1 = 9223372036854775807.
      expect(loaded.balance_totals.find((t) => t.asset === 'ETH')?.total_minor).toBe(123456789012123456789012345678n + 1n);
      const [record] = await store.listSnapshots();
      expect(record).toMatchObject({ id: 'rich', exchange_id: 'fixture-exchange', as_of: '2026-11-25T00:00:00+09:00', base_currency: 'JPY', balance_rows: 3 });
      expect(Date.parse(record!.imported_at)).not.toBeNaN();
    }),
  );

  test(
    'a throw inside importSnapshot leaves nothing: no snapshot, no balances, no audit entry',
    withDatabase(async (database) => {
      const store = await database.open();
      const snapshot = smallSnapshot('doomed');
      await expect(
        store.importSnapshot(async (writer) => {
          await writer.insertHeader(snapshot);
          for await (const batch of snapshot.balances.scan()) await writer.appendBalances('doomed', importBatchOf(batch, 2));
          await writer.finish('doomed', snapshot.balance_totals, snapshot.balance_rows);
          await writer.appendAudit({ kind: 'import', subject: 'doomed', inputs_sha256: HASH_A, details: {} });
          throw new Error('reader failed at the last line');
        }),
      ).rejects.toThrow('reader failed at the last line');
      // An import that never finishes or never audits is refused the same way.
      await expect(store.importSnapshot((writer) => writer.insertHeader(snapshot))).rejects.toThrow(/not finished/);
      expect(await store.snapshotExists('doomed')).toBe(false);
      expect(await store.listSnapshots()).toEqual([]);
      expect(await store.auditEntries()).toEqual([]);
      await store.close();
      for (const table of ['snapshots', 'assets', 'wallets', 'prices', 'balances', 'balance_totals', 'audit_log']) {
        expect(await database.sql(`SELECT 1 FROM ${table}`), table).toEqual([]);
      }
    }),
  );

  test(
    'finish refuses totals that differ from the rows stored, and the import rolls back',
    withDatabase(async (database) => {
      const store = await database.open();
      const snapshot = smallSnapshot('miscounted');
      const wrong_totals = snapshot.balance_totals.map((t) => (t.asset === 'BTC' ? { ...t, total_minor: t.total_minor + 1n } : t));
      await expect(
        store.importSnapshot(async (writer) => {
          await writer.insertHeader(snapshot);
          for await (const batch of snapshot.balances.scan()) await writer.appendBalances('miscounted', importBatchOf(batch, 2));
          await writer.finish('miscounted', wrong_totals, snapshot.balance_rows);
        }),
      ).rejects.toThrow(/balance total of BTC/);
      expect(await store.snapshotExists('miscounted')).toBe(false);
    }),
  );

  test(
    'a bulk load the database refuses fails the import, even though appendBalances returned before it ended',
    withDatabase(async (database) => {
      const store = await database.open();
      const snapshot = fixtureSnapshot({ id: 'overflow', assets: { ETH: 18 } });
      // numeric holds at most 131072 digits before the point: the server refuses this row.
      const huge: BalanceBatch = { length: 1, account_id: ['a'], asset: ['ETH'], amount_minor: [10n ** 140_000n] };
      await expect(
        store.importSnapshot(async (writer) => {
          await writer.insertHeader(snapshot);
          await writer.appendBalances('overflow', importBatchOf(huge, 2));
          await writer.finish('overflow', [{ asset: 'ETH', total_minor: 10n ** 140_000n, accounts: 1 }, { asset: 'JPY', total_minor: 0n, accounts: 0 }], 1);
        }),
      ).rejects.toThrow(/numeric/);
      expect(await store.snapshotExists('overflow')).toBe(false);
    }),
  );

  test(
    'balances stream in line order, in bounded batches, filtered by asset, any number of times',
    withDatabase(async (database) => {
      const store = await database.open();
      const original = manyRows('many');
      await storeSnapshot(store, original, { batch_rows: 300, first_line: 10 });
      const loaded = await store.loadSnapshot('many');
      const expected = await allRows(original.balances);
      for (const batch_rows of [1, 128, 999, 1000, 5000]) {
        const batches = await allBatches(loaded.balances, { batch_rows });
        expect(batches.every((b) => b.length >= 1 && b.length <= batch_rows)).toBe(true);
        expect(batches.flatMap(rowsOf)).toEqual(expected);
      }
      const eth = await allRows(loaded.balances, { assets: ['ETH'], batch_rows: 50 });
      expect(eth).toEqual(expected.filter((r) => r[1] === 'ETH'));
      expect(eth.length).toBeGreaterThan(0);
      const jpy_btc = await allRows(loaded.balances, { assets: ['JPY', 'BTC'] });
      expect(jpy_btc).toEqual(expected.filter((r) => r[1] !== 'ETH'));
      expect(await allRows(loaded.balances, { assets: [] })).toEqual([]);
      expect(await allRows(loaded.balances, { assets: ['XRP'] })).toEqual([]);
      // Filter values reach SQL as quoted literals: quotes and backslashes are just characters.
      expect(await allRows(loaded.balances, { assets: ["O'Reilly\\", 'ETH'] })).toEqual(eth);
      // Re-scannable: a second full scan gives the same rows.
      expect(await allRows(loaded.balances)).toEqual(expected);
    }),
  );

  test(
    'each snapshot has a partition without index or CHECK, read in physical order; rows rewritten out of line order are read by line all the same',
    withDatabase(async (database) => {
      let store = await database.open();
      const original = manyRows('many');
      await storeSnapshot(store, original, { batch_rows: 300, first_line: 10 });
      await store.close();
      const expected = await allRows(original.balances);
      const [{ key }] = (await database.sql(`SELECT key FROM snapshots WHERE id = 'many'`)) as [{ key: number }];
      const partition = `balances_${key}`;
      expect(await database.sql(`SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND tablename = '${partition}'`)).toEqual([]);
      expect(await database.sql(`SELECT conname FROM pg_constraint WHERE conrelid = '${partition}'::regclass AND contype = 'c'`)).toEqual([]);
      expect(Number((await database.sql(`SELECT pg_relation_size('${partition}') / current_setting('block_size')::int AS blocks`))[0]!.blocks)).toBeGreaterThan(2);
      // Re-inserted in another physical order: the tuples land in the same blocks, in `order`.
      const rewrite = async (order: string): Promise<Store> => {
        await database.sql(`CREATE TEMP TABLE kept AS SELECT line, account_id, asset, amount_minor, (ctid::text::point)[0] AS block FROM ${partition};
          TRUNCATE ${partition};
          INSERT INTO ${partition} (line, account_id, asset, amount_minor) SELECT line, account_id, asset, amount_minor FROM kept ORDER BY ${order};
          DROP TABLE kept`);
        return database.open();
      };
      // The last block backwards: found out within its page, after every earlier line was handed on.
      store = await rewrite(`block, CASE WHEN block = (SELECT max(block) FROM kept) THEN -line ELSE line END`);
      for (const batch_rows of [1, 7, 5000]) expect(await allRows((await store.loadSnapshot('many')).balances, { batch_rows })).toEqual(expected);
      expect(await allRows((await store.loadSnapshot('many')).balances, { assets: ['ETH'], batch_rows: 3 })).toEqual(expected.filter((r) => r[1] === 'ETH'));
      await store.close();
      // The first line last: an ordered read takes over when nothing was handed on yet (one page
      // holds every row); after the earlier pages were handed on, nothing can, and the scan fails.
      store = await rewrite(`line = (SELECT min(line) FROM kept), line`);
      expect(await allRows((await store.loadSnapshot('many')).balances, { batch_rows: 5000 })).toEqual(expected);
      await expect(allRows((await store.loadSnapshot('many')).balances, { batch_rows: 1 })).rejects.toThrow(/not stored in line order/);
      await store.close();
      // A row missing is noticed at the end of a scan.
      await database.sql(`DELETE FROM ${partition} WHERE line = 500`);
      store = await database.open();
      await expect(allRows((await store.loadSnapshot('many')).balances)).rejects.toThrow(/has 1000 balance rows, 999 were read/);
    }),
  );

  test(
    'rows handed over in COPY format are checked: line order, totals that count every row, the number of rows the server loaded',
    withDatabase(async (database) => {
      const store = await database.open();
      const snapshot = smallSnapshot('copied');
      const copyBatch = (rows: number, first_line: number, last_line: number, text: string, totals = snapshot.balance_totals) => ({ rows, first_line, last_line, copy_text: Buffer.from(text), totals });
      const rows_text = '2\talice\tBTC\t150000000\n3\tbob\tBTC\t1\n4\tcarol\tJPY\t1000\n';
      const importing = (work: (writer: Parameters<Parameters<Store['importSnapshot']>[0]>[0]) => Promise<void>) =>
        store.importSnapshot(async (writer) => {
          await writer.insertHeader(snapshot);
          await work(writer);
          await writer.finish('copied', snapshot.balance_totals, snapshot.balance_rows);
          await writer.appendAudit({ kind: 'import', subject: 'copied', inputs_sha256: HASH_A, details: {} });
        });
      await expect(importing((writer) => writer.appendBalanceCopy('copied', copyBatch(2, 2, 4, rows_text)))).rejects.toThrow(/totals for 3/);
      const two_totals = [{ asset: 'BTC', total_minor: 150000001n, accounts: 2 }];
      await expect(importing((writer) => writer.appendBalanceCopy('copied', copyBatch(2, 2, 4, rows_text, two_totals)))).rejects.toThrow(/2 balance rows sent, 3 loaded/);
      await expect(
        importing(async (writer) => {
          await writer.appendBalanceCopy('copied', copyBatch(3, 2, 4, rows_text));
          await writer.appendBalanceCopy('copied', copyBatch(1, 4, 4, '4\tdave\tJPY\t1\n', [{ asset: 'JPY', total_minor: 1n, accounts: 1 }]));
        }),
      ).rejects.toThrow(/does not follow line 4/);
      expect(await store.snapshotExists('copied')).toBe(false);
      await importing((writer) => writer.appendBalanceCopy('copied', copyBatch(3, 2, 4, rows_text)));
      expect(await allRows((await store.loadSnapshot('copied')).balances)).toEqual(await allRows(snapshot.balances));
    }),
  );

  test(
    'packed scans give the rows of scan, from a reader thread on PostgreSQL, out of physical order too',
    withDatabase(async (database) => {
      let store = await database.open();
      const original = manyRows('many');
      await storeSnapshot(store, original, { batch_rows: 300 });
      const expected = await allRows(original.balances);
      for (const reader_thread of [false, true]) {
        expect(await allPackedRows((await store.loadSnapshot('many')).balances, { batch_rows: 64, reader_thread })).toEqual(expected);
        expect(await allPackedRows((await store.loadSnapshot('many')).balances, { batch_rows: 5, assets: ['ETH'], reader_thread })).toEqual(expected.filter((r) => r[1] === 'ETH'));
      }
      await store.close();
      // The last block's rows backwards: the reader stops there and the ordered read takes over.
      const [{ key }] = (await database.sql(`SELECT key FROM snapshots WHERE id = 'many'`)) as [{ key: number }];
      const partition = `balances_${key}`;
      await database.sql(`CREATE TEMP TABLE kept AS SELECT line, account_id, asset, amount_minor, (ctid::text::point)[0] AS block FROM ${partition};
        TRUNCATE ${partition};
        INSERT INTO ${partition} (line, account_id, asset, amount_minor) SELECT line, account_id, asset, amount_minor FROM kept ORDER BY block, CASE WHEN block = (SELECT max(block) FROM kept) THEN -line ELSE line END;
        DROP TABLE kept`);
      store = await database.open();
      expect(await allPackedRows((await store.loadSnapshot('many')).balances, { batch_rows: 7, reader_thread: true })).toEqual(expected);
      await store.close();
    }),
  );

  test(
    'each tenant sees only its own snapshots, runs and audit chain, and may hold the same snapshot as another',
    withDatabase(async (database) => {
      const handle = await database.openHandle();
      const admin = { type: 'system', id: 'test', role: null, tenant: null } as const;
      await handle.createTenant({ id: 'exchange-a', name: 'A', time_zone: 'Asia/Tokyo' }, admin);
      await handle.createTenant({ id: 'exchange-b', name: 'B', time_zone: 'Asia/Hong_Kong' }, admin);
      await expect(handle.createTenant({ id: 'exchange-a', name: 'again', time_zone: 'UTC' }, admin)).rejects.toMatchObject({ code: 'store.tenant_exists' });
      await expect(handle.createTenant({ id: 'Bad Id', name: 'x', time_zone: 'UTC' }, admin)).rejects.toMatchObject({ code: 'store.bad_tenant_id' });
      await expect(handle.forTenant('exchange-z', admin)).rejects.toMatchObject({ code: 'store.unknown_tenant' });
      expect((await handle.listTenants()).map((t) => t.id)).toEqual(['exchange-a', 'exchange-b', LOCAL_TENANT]);
      const officer = (tenant: string) => ({ type: 'user', id: `officer-${tenant}`, role: 'officer', tenant }) as const;
      const a = await handle.forTenant('exchange-a', officer('exchange-a'));
      const b = await handle.forTenant('exchange-b', officer('exchange-b'));
      await storeSnapshot(a, smallSnapshot('shared'));
      expect(await a.saveRun({ id: 'run-a', kind: 'check', snapshot_id: 'shared', inputs_sha256: HASH_A, params: {}, result: { figure: 1n } })).toBe(true);

      // B sees none of it, by any way of asking.
      expect(await b.snapshotExists('shared')).toBe(false);
      expect(await b.listSnapshots()).toEqual([]);
      expect(await b.resolveSnapshotId('sha')).toBeNull();
      await expect(b.loadSnapshot('shared')).rejects.toMatchObject({ code: 'store.snapshot_not_found' });
      expect(await b.getRun('run-a')).toBeNull();
      expect(await b.listRuns({})).toEqual([]);
      expect(await b.auditEntries()).toEqual([]);

      // The same content in B is B's own snapshot, with its own rows and its own chain.
      await storeSnapshot(b, smallSnapshot('shared'));
      expect(await b.saveRun({ id: 'run-a', kind: 'check', snapshot_id: 'shared', inputs_sha256: HASH_A, params: {}, result: { figure: 2n } })).toBe(true);
      expect(((await a.getRun('run-a'))!.result as { figure: bigint }).figure).toBe(1n);
      expect(((await b.getRun('run-a'))!.result as { figure: bigint }).figure).toBe(2n);
      expect(await allRows((await b.loadSnapshot('shared')).balances)).toEqual(await allRows(smallSnapshot('shared').balances));
      const chain_a = await a.auditEntries();
      expect(chain_a.map((e) => [e.tenant_id, e.seq, e.kind, e.actor?.id])).toEqual([
        ['exchange-a', 1, 'import', 'officer-exchange-a'],
        ['exchange-a', 2, 'check', 'officer-exchange-a'],
      ]);
      expect((await b.auditEntries()).map((e) => [e.tenant_id, e.seq])).toEqual([
        ['exchange-b', 1],
        ['exchange-b', 2],
      ]);
      expect(await a.verifyAudit()).toMatchObject({ ok: true, entries: 2 });
      expect(await b.verifyAudit()).toMatchObject({ ok: true, entries: 2 });
      // What belongs to no tenant is in the service's own chain.
      expect((await handle.systemAuditEntries()).map((e) => [e.kind, e.subject])).toEqual([
        ['tenant.create', 'exchange-a'],
        ['tenant.create', 'exchange-b'],
      ]);
      expect(await handle.verifySystemAudit()).toMatchObject({ ok: true, entries: 2 });
      await handle.close();
    }),
  );

  test(
    'who imported each snapshot: the import entry joined with its user or token in one query, and only the tenant\'s own',
    withDatabase(async (database) => {
      const handle = await database.openHandle();
      const system = { type: 'system', id: 'test', role: null, tenant: null } as const;
      await handle.createTenant({ id: 'exchange-a', name: 'A', time_zone: 'Asia/Tokyo' }, system);
      const alice = await handle.accounts.createUser({ name: 'alice', role: 'officer', tenant_id: 'exchange-a', password_phc: '$argon2id$test' }, system);
      const token = await handle.accounts.createToken({ secret_sha256: HASH_B, user_id: alice.id, tenant_id: 'exchange-a', role: 'officer', label: 'nightly upload', expires_ms: null }, system);
      const as_user = await handle.forTenant('exchange-a', { type: 'user', id: alice.id, role: 'officer', tenant: 'exchange-a' });
      const as_token = await handle.forTenant('exchange-a', { type: 'token', id: token.id, role: 'officer', tenant: 'exchange-a' });
      const as_cli = await handle.forTenant('exchange-a', { type: 'cli', id: 'root', role: null, tenant: null });
      await storeSnapshot(as_user, smallSnapshot('by-session'));
      await storeSnapshot(as_token, smallSnapshot('by-token'));
      await storeSnapshot(as_cli, smallSnapshot('by-cli'));
      // A later entry about the same snapshot (a check) is not its import.
      await as_cli.appendAudit({ kind: 'check', subject: 'by-session', inputs_sha256: HASH_A, details: {} });
      const importers = new Map((await as_cli.snapshotImporters()).map((i) => [i.snapshot_id, i]));
      expect(importers.size).toBe(3);
      expect(importers.get('by-session')).toEqual({ snapshot_id: 'by-session', actor: { type: 'user', id: alice.id, role: 'officer', tenant: 'exchange-a' }, user_name: 'alice', token_label: null });
      expect(importers.get('by-token')).toEqual({ snapshot_id: 'by-token', actor: { type: 'token', id: token.id, role: 'officer', tenant: 'exchange-a' }, user_name: 'alice', token_label: 'nightly upload' });
      expect(importers.get('by-cli')).toEqual({ snapshot_id: 'by-cli', actor: { type: 'cli', id: 'root', role: null, tenant: null }, user_name: null, token_label: null });
      // Another tenant's view sees none of them.
      expect(await (await handle.forTenant(LOCAL_TENANT, system)).snapshotImporters()).toEqual([]);
      await handle.close();
    }),
  );

  test(
    'accounts: users, sessions and tokens, found by their secrets\' hashes, every change audited in the service\'s chain',
    withDatabase(async (database) => {
      const handle = await database.openHandle();
      const admin = { type: 'cli', id: 'root', role: null, tenant: null } as const;
      const { accounts } = handle;
      const alice = await accounts.createUser({ name: 'alice', role: 'officer', tenant_id: LOCAL_TENANT, password_phc: '$argon2id$test' }, admin);
      expect(alice).toMatchObject({ name: 'alice', role: 'officer', tenant_id: LOCAL_TENANT, failed_logins: 0, locked_until_ms: null, disabled: false });
      await expect(accounts.createUser({ name: 'alice', role: 'viewer', tenant_id: null, password_phc: 'x' }, admin)).rejects.toMatchObject({ code: 'store.user_exists' });
      await expect(accounts.createUser({ name: ' padded', role: 'viewer', tenant_id: null, password_phc: 'x' }, admin)).rejects.toMatchObject({ code: 'store.bad_user_name' });
      expect((await accounts.userByName('alice'))!.password_phc).toBe('$argon2id$test');
      expect(await accounts.userByName('nobody')).toBeNull();

      // Failed log-ins lock the account at the limit; a success clears the count.
      const policy = { failures_max: 3, lock_ms: 60_000 };
      expect(await accounts.recordLoginFailure(alice.id, 1_000, policy)).toEqual({ failed_logins: 1, locked_until_ms: null });
      await accounts.recordLoginFailure(alice.id, 2_000, policy);
      expect(await accounts.recordLoginFailure(alice.id, 3_000, policy)).toEqual({ failed_logins: 3, locked_until_ms: 63_000 });
      await accounts.recordLoginSuccess(alice.id);
      expect(await accounts.userById(alice.id)).toMatchObject({ failed_logins: 0, locked_until_ms: null });

      await accounts.createSession(alice.id, HASH_A, 10_000);
      expect(await accounts.session(HASH_A)).toMatchObject({ user: { id: alice.id }, created_ms: 10_000, last_seen_ms: 10_000 });
      await accounts.touchSession(HASH_A, 20_000);
      expect((await accounts.session(HASH_A))!.last_seen_ms).toBe(20_000);
      expect(await accounts.session(HASH_B)).toBeNull();
      await accounts.revokeSession(HASH_A);
      expect(await accounts.session(HASH_A)).toBeNull();

      const token = await accounts.createToken({ secret_sha256: HASH_B, user_id: alice.id, tenant_id: LOCAL_TENANT, role: 'viewer', label: 'nightly', expires_ms: null }, admin);
      expect(await accounts.token(token.id)).toMatchObject({ id: token.id, secret_sha256: HASH_B, role: 'viewer', revoked_at: null });
      expect(await accounts.revokeToken(token.id, admin)).toBe(true);
      expect(await accounts.revokeToken(token.id, admin)).toBe(false);
      expect((await accounts.token(token.id))!.revoked_at).not.toBeNull();

      // Disabling a user ends its sessions and revokes its tokens.
      await accounts.createSession(alice.id, 'c'.repeat(64), 30_000);
      const second = await accounts.createToken({ secret_sha256: 'd'.repeat(64), user_id: alice.id, tenant_id: LOCAL_TENANT, role: 'officer', label: 'ci', expires_ms: null }, admin);
      await accounts.setDisabled(alice.id, true, admin);
      expect(await accounts.session('c'.repeat(64))).toBeNull();
      expect((await accounts.token(second.id))!.revoked_at).not.toBeNull();

      const kinds = (await handle.systemAuditEntries()).map((e) => e.kind);
      expect(kinds).toEqual(['user.create', 'auth.login_failed', 'auth.login_failed', 'auth.login_failed', 'auth.login', 'token.create', 'token.revoke', 'token.create', 'user.disable']);
      expect(await handle.verifySystemAudit()).toMatchObject({ ok: true, entries: kinds.length });
      await handle.close();
    }),
  );

  test(
    'a store written before balances were partitioned is migrated: each snapshot gets its partition, rows in line order',
    withDatabase(async (database) => {
      const many = manyRows('many');
      // The layout of migration 0000, rows written in reverse line order, and 0001 not applied yet.
      await legacySchema(database, '0000_init');
      await legacySnapshots(database, [many, fixtureSnapshot({ id: 'none', balances: [] }), smallSnapshot('small')], { order: 'reverse', partitioned: false });
      expect(await database.sql(PARTITIONS)).toEqual([{ partitions: 0 }]);
      const store = await database.open();
      expect(await allRows((await store.loadSnapshot('many')).balances, { batch_rows: 64 })).toEqual(await allRows(many.balances));
      expect(await allRows((await store.loadSnapshot('small')).balances)).toEqual(await allRows(smallSnapshot('small').balances));
      expect(await allRows((await store.loadSnapshot('none')).balances)).toEqual([]);
      await storeSnapshot(store, smallSnapshot('after'));
      expect(await allRows((await store.loadSnapshot('after')).balances)).toEqual(await allRows(smallSnapshot('after').balances));
      await store.close();
      expect(await database.sql(PARTITIONS)).toEqual([{ partitions: 4 }]);
      // In line order on disk, not only when read (a scan would fall back to ordering by line).
      const [{ key }] = (await database.sql(`SELECT key FROM snapshots WHERE id = 'many'`)) as [{ key: number }];
      expect(await database.sql(`SELECT count(*)::int AS backwards FROM (SELECT line < lag(line) OVER (ORDER BY ctid) AS back FROM balances_${key}) AS t WHERE back`)).toEqual([{ backwards: 0 }]);
    }),
  );

  test(
    'a store written before tenants is migrated: its rows are the local tenant\'s, and its audit chain verifies and goes on',
    withDatabase(async (database) => {
      await legacySchema(database, '0002_audit_log_append_only');
      await legacySnapshots(database, [smallSnapshot('old-1'), smallSnapshot('old-2')], { order: 'line', partitioned: true });
      let store = await database.open();
      expect(store.tenant_id).toBe(LOCAL_TENANT);
      expect((await store.listSnapshots()).map((s) => s.id)).toEqual(['old-1', 'old-2']);
      expect(await allRows((await store.loadSnapshot('old-2')).balances)).toEqual(await allRows(smallSnapshot('old-2').balances));
      const before = await store.verifyAudit();
      expect(before).toMatchObject({ ok: true, entries: 2 });
      // New entries are format 2 and chain on from the old head.
      await storeSnapshot(store, smallSnapshot('new-1'));
      const entries = await store.auditEntries();
      expect(entries.map((e) => [e.seq, e.format, e.actor?.type ?? null])).toEqual([
        [1, 1, null],
        [2, 1, null],
        [3, 2, 'cli'],
      ]);
      expect(entries[2]!.prev_hash).toBe((before as { head_hash: string }).head_hash);
      expect(await store.verifyAudit()).toMatchObject({ ok: true, entries: 3 });
      await store.close();
      // A tamperer cannot pass a new entry off as an old one (format 1 hashes no actor).
      await database.sql(`ALTER TABLE audit_log DISABLE TRIGGER USER; UPDATE audit_log SET format = 1, actor = NULL WHERE seq = 3; ALTER TABLE audit_log ENABLE TRIGGER USER`);
      store = await database.open();
      expect(await store.verifyAudit()).toMatchObject({ ok: false, reason: 'hash_mismatch', seq: 3 });
      await store.close();
    }),
  );

  test(
    'account ids with tabs, newlines, backslashes, control characters and non-ASCII text, and amounts up to 2^200, come back as written',
    withDatabase(async (database) => {
      const store = await database.open();
      let imports = 0;
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.tuple(fc.string({ unit: 'grapheme', maxLength: 12 }).filter((s) => !s.includes('\u0000')), fc.bigInt({ min: 0n, max: 1n << 200n })), { minLength: 1, maxLength: 40 }),
          async (entries) => {
            imports += 1;
            const snapshot = fixtureSnapshot({ id: `prop-${imports}`, assets: { ETH: 18 } });
            const rows = entries.map(([account_id, amount_minor]) => ({ account_id: `a\t\\\n\r\b\f\v'${account_id}`, asset: 'ETH', amount_minor }));
            const total = rows.reduce((sum, r) => sum + r.amount_minor, 0n);
            const batch: BalanceBatch = { length: rows.length, account_id: rows.map((r) => r.account_id), asset: rows.map((r) => r.asset), amount_minor: rows.map((r) => r.amount_minor) };
            await store.importSnapshot(async (writer) => {
              await writer.insertHeader(snapshot);
              await writer.appendBalances(snapshot.id, importBatchOf(batch, 2));
              await writer.finish(snapshot.id, [{ asset: 'ETH', total_minor: total, accounts: rows.length }, { asset: 'JPY', total_minor: 0n, accounts: 0 }], rows.length);
              await writer.appendAudit({ kind: 'import', subject: snapshot.id, inputs_sha256: HASH_A, details: {} });
            });
            const loaded = await store.loadSnapshot(snapshot.id);
            expect(await allRows(loaded.balances)).toEqual(rows.map((r) => [r.account_id, r.asset, r.amount_minor]));
          },
        ),
        { numRuns: 15 },
      );
    }),
  );

  test(
    'a NUL character in an account id is a user error naming the line',
    withDatabase(async (database) => {
      const store = await database.open();
      const snapshot = fixtureSnapshot({ id: 'nul', balances: [['ok', 'BTC', '1'], ['bad\u0000id', 'BTC', '2']] });
      const error = await storeSnapshot(store, snapshot).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UserError);
      expect(error).toMatchObject({ code: 'store.nul_character', params: { where: 'balances.csv line 3' } });
      expect(await store.snapshotExists('nul')).toBe(false);
    }),
  );

  test(
    'resolveSnapshotId takes a full id or a unique prefix, and nothing else',
    withDatabase(async (database) => {
      const store = await database.open();
      await storeSnapshot(store, smallSnapshot('aaaa1111'));
      await storeSnapshot(store, smallSnapshot('aaab2222'));
      expect(await store.resolveSnapshotId('aaaa1111')).toBe('aaaa1111');
      expect(await store.resolveSnapshotId('aaaa')).toBe('aaaa1111');
      expect(await store.resolveSnapshotId('aaab')).toBe('aaab2222');
      expect(await store.resolveSnapshotId('aaa')).toBeNull();
      expect(await store.resolveSnapshotId('b')).toBeNull();
      expect(await store.resolveSnapshotId('')).toBeNull();
      expect(await store.resolveSnapshotId('aaaa11111')).toBeNull();
      expect(await store.resolveSnapshotId('%')).toBeNull();
      expect(await store.snapshotExists('aaaa')).toBe(false);
      await expect(store.loadSnapshot('aaaa')).rejects.toMatchObject({ code: 'store.snapshot_not_found', params: { id: 'aaaa' } });
    }),
  );

  test(
    'the audit log is a hash chain that verifies, and its hashes follow the documented serialisation',
    withDatabase(async (database) => {
      const store = await database.open();
      expect(await store.verifyAudit()).toEqual({ ok: true, entries: 0, head_hash: '0'.repeat(64) });
      const first = await store.appendAudit({ kind: 'check', subject: 'x', inputs_sha256: HASH_A, details: { rows: 2, by: 'alice', amount: 10n ** 30n } });
      const second = await store.appendAudit({ kind: 'risk', subject: 'y', inputs_sha256: HASH_B, details: {} });
      expect(first).toMatchObject({ seq: 1, prev_hash: '0'.repeat(64) });
      expect(second).toMatchObject({ seq: 2, prev_hash: first.hash });
      // Reference path: the canonical text written out by hand (audit.ts documents it).
      const actor = `{"id":${JSON.stringify(store.actor.id)},"role":null,"tenant":null,"type":"cli"}`;
      const text = `["hozen-audit/2","local",1,"${first.at}","check","x","${HASH_A}",${actor},{"amount":{"$bigint":"1000000000000000000000000000000"},"by":"alice","rows":2},"${'0'.repeat(64)}"]`;
      const { createHash } = await import('node:crypto');
      expect(first.hash).toBe(createHash('sha256').update(text, 'utf8').digest('hex'));
      expect(await store.auditEntries()).toEqual([first, second]);
      expect(await store.verifyAudit()).toEqual({ ok: true, entries: 2, head_hash: second.hash });
    }),
  );

  test(
    'the audit log refuses UPDATE, DELETE and TRUNCATE through the store\'s connection',
    withDatabase(async (database) => {
      const store = await database.open();
      await storeSnapshot(store, smallSnapshot('s1'));
      await store.close();
      for (const sql of [`UPDATE audit_log SET subject = 'forged'`, 'DELETE FROM audit_log', 'TRUNCATE audit_log']) {
        await expect(database.sql(sql)).rejects.toThrow(/append-only/);
      }
      const reopened = await database.open();
      expect(await reopened.verifyAudit()).toMatchObject({ ok: true, entries: 1 });
      await reopened.close();
    }),
  );

  test(
    'verifyAudit detects an edited entry, a deleted entry, a re-hashed entry and a deleted tail',
    withDatabase(async (database) => {
      let store = await database.open();
      await storeSnapshot(store, smallSnapshot('s1')); // seq 1
      await store.appendAudit({ kind: 'check', subject: 's1', inputs_sha256: HASH_A, details: { rows: 1 } }); // seq 2
      await store.appendAudit({ kind: 'check', subject: 's1', inputs_sha256: HASH_A, details: { rows: 2 } }); // seq 3
      expect(await store.saveRun({ id: 'run-1', kind: 'check', snapshot_id: 's1', inputs_sha256: HASH_B, params: {}, result: {} })).toBe(true); // seq 4
      const entries = await store.auditEntries();
      expect(entries.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
      await store.close();
      // The tamperer may alter the table: the append-only triggers are no obstacle to them.
      const tamper = async (sql: string): Promise<Awaited<ReturnType<Store['verifyAudit']>>> => {
        await database.sql(`ALTER TABLE audit_log DISABLE TRIGGER USER; ${sql}; ALTER TABLE audit_log ENABLE TRIGGER USER`);
        store = await database.open();
        const verdict = await store.verifyAudit();
        await store.close();
        return verdict;
      };
      // Each step undoes the previous one's damage, then does its own.
      expect(await tamper(`UPDATE audit_log SET details = '{"rows": 999}' WHERE seq = 2`)).toMatchObject({ ok: false, reason: 'hash_mismatch', seq: 2, entries: 1 });
      expect(await tamper(`UPDATE audit_log SET details = '{"rows": 1}' WHERE seq = 2; UPDATE audit_log SET at = '2020-01-01T00:00:00.000Z' WHERE seq = 3`)).toMatchObject({ ok: false, reason: 'hash_mismatch', seq: 3 });
      // An editor who also recomputes the edited entry's hash still breaks the next link.
      const e2 = entries[1]!;
      const rehashed = auditHash({ ...e2, actor_encoded: e2.actor, details_encoded: { rows: 5 } });
      expect(await tamper(`UPDATE audit_log SET at = '${entries[2]!.at}' WHERE seq = 3; UPDATE audit_log SET details = '{"rows": 5}', hash = '${rehashed}' WHERE seq = 2`)).toMatchObject({ ok: false, reason: 'broken_chain', seq: 3 });
      expect(await tamper(`UPDATE audit_log SET details = '{"rows": 1}', hash = '${e2.hash}' WHERE seq = 2`)).toMatchObject({ ok: true, entries: 4 });
      expect(await tamper('DELETE FROM audit_log WHERE seq = 4')).toMatchObject({ ok: false, reason: 'unaudited_subject', seq: 4, entries: 3, detail: 'run run-1 has no audit entry' });
      expect(await tamper('DELETE FROM audit_log WHERE seq = 2')).toMatchObject({ ok: false, reason: 'missing_entry', seq: 2, entries: 1 });
      expect(await tamper('DELETE FROM audit_log')).toMatchObject({ ok: false, reason: 'unaudited_subject', seq: 1, detail: 'snapshot s1 has no audit entry' });
    }),
  );

  test(
    'saveRun is idempotent by id, audits each run once, and keeps bigints in params and results',
    withDatabase(async (database) => {
      const store = await database.open();
      const run = { id: 'run-1', kind: 'compensate', snapshot_id: 's1', inputs_sha256: HASH_A, params: { mode: 'half-even' }, result: { payout_minor: 2n ** 70n, per: [1n, 'x', null] } };
      expect(await store.saveRun(run)).toBe(true);
      expect(await store.saveRun({ ...run, result: { different: true } })).toBe(false);
      expect(await store.saveRun({ id: 'run-2', kind: 'check', snapshot_id: 's2', inputs_sha256: HASH_B, params: null, result: [] })).toBe(true);
      const got = await store.getRun('run-1');
      expect(got).toMatchObject({ ...run });
      expect(Date.parse(got!.created_at!)).not.toBeNaN();
      expect(await store.getRun('nope')).toBeNull();
      expect((await store.listRuns({})).map((r) => r.id)).toEqual(['run-1', 'run-2']);
      expect((await store.listRuns({ kind: 'check' })).map((r) => r.id)).toEqual(['run-2']);
      expect((await store.listRuns({ snapshot_id: 's1' })).map((r) => r.id)).toEqual(['run-1']);
      expect(await store.listRuns({ kind: 'check', snapshot_id: 's1' })).toEqual([]);
      expect((await store.auditEntries()).map((e) => [e.kind, e.subject])).toEqual([['compensate', 'run-1'], ['check', 'run-2']]);
      expect(await store.verifyAudit()).toMatchObject({ ok: true, entries: 2 });
    }),
  );

  test(
    'concurrent imports of one snapshot and concurrent audit appends corrupt nothing',
    withDatabase(async (database) => {
      const first = await database.open();
      // PGlite allows one store per directory; the same store then takes both imports.
      const second = database.kind === 'pglite' ? first : await database.open();
      const snapshot = smallSnapshot('twice');
      const outcomes = await Promise.allSettled([storeSnapshot(first, snapshot), storeSnapshot(second, snapshot)]);
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
      const failure = outcomes.find((o) => o.status === 'rejected');
      expect(failure?.reason).toMatchObject({ code: 'store.snapshot_exists', params: { id: 'twice' } });
      await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? first : second).appendAudit({ kind: 'check', subject: 'twice', inputs_sha256: HASH_A, details: { i } })));
      expect(await first.verifyAudit()).toMatchObject({ ok: true, entries: 21 });
      const loaded = await second.loadSnapshot('twice');
      expect(await allRows(loaded.balances)).toEqual(await allRows(snapshot.balances));
    }),
  );

  test(
    'JSON the store cannot keep exactly is refused, not altered',
    withDatabase(async (database) => {
      const store = await database.open();
      await expect(store.saveRun({ id: 'r', kind: 'k', snapshot_id: 's', inputs_sha256: HASH_A, params: new Map(), result: {} })).rejects.toThrow(/Map/);
      await expect(store.appendAudit({ kind: 'k', subject: 's', inputs_sha256: HASH_A, details: { x: Number.NaN } })).rejects.toThrow(/NaN/);
      await expect(store.appendAudit({ kind: 'k', subject: 's', inputs_sha256: 'not a hash', details: {} })).rejects.toThrow(/SHA-256/);
      expect(await store.auditEntries()).toEqual([]);
      expect(await store.getRun('r')).toBeNull();
    }),
  );

  // A server needs no file lock; PGlite does (lock.ts). Not registered for a server at all, so
  // that a skipped test always means a part of the suite that could not run here.
  if (kind === 'pglite') test(
    'PGlite: a directory held by another live process is refused; a stale lock is taken over; close releases',
    withDatabase(async (database) => {
      const dir = database.dir!;
      const lock_file = join(dir, LOCK_FILE_NAME);
      const store = await database.open();
      expect(existsSync(lock_file)).toBe(true);
      // This very process holds it.
      await expect(openStore({ db_dir: dir })).rejects.toMatchObject({ code: 'store.locked', params: { dir, pid: process.pid } });
      await store.close();
      await store.close();
      expect(existsSync(lock_file)).toBe(false);
      // Our parent process is alive, so its lock is held.
      writeFileSync(lock_file, JSON.stringify({ pid: process.ppid, host: hostname(), token: 't', at: new Date().toISOString() }));
      await expect(openStore({ db_dir: dir })).rejects.toMatchObject({ code: 'store.locked', params: { pid: process.ppid } });
      // A process that has exited leaves a stale lock.
      const dead_pid = spawnSync(process.execPath, ['-e', '0']).pid;
      writeFileSync(lock_file, JSON.stringify({ pid: dead_pid, host: hostname(), token: 't', at: new Date().toISOString() }));
      const reopened = await database.open();
      expect(await reopened.listSnapshots()).toEqual([]);
      await reopened.close();
      expect(existsSync(lock_file)).toBe(false);
    }),
  );
}

/** How many partitions the store's schema holds. */
const PARTITIONS = `SELECT count(*)::int AS partitions FROM pg_inherits JOIN pg_class ON pg_class.oid = inhrelid WHERE relnamespace = current_schema()::regnamespace`;

/** 1000 rows of three assets: several heap blocks. */
function manyRows(id: string): Snapshot {
  const rows: Array<[string, string, string]> = [];
  for (let i = 0; i < 1000; i += 1) {
    const asset = ['BTC', 'ETH', 'JPY'][i % 7 === 0 ? 2 : i % 3 === 0 ? 1 : 0]!;
    rows.push([`acct-${(i * 7919) % 1000}`, asset, asset === 'JPY' ? String(i * 1000) : `${i}.${String(i).padStart(3, '0')}`]);
  }
  return fixtureSnapshot({ id, assets: { BTC: 8, ETH: 18 }, balances: rows });
}

function smallSnapshot(id: string): Snapshot {
  return fixtureSnapshot({ id, balances: [['alice', 'BTC', '1.5'], ['bob', 'BTC', '0.00000001'], ['carol', 'JPY', '1000']] });
}

/** Every field a snapshot can hold, with the values most likely to lose precision on the way. */
function richSnapshot(id: string): Snapshot {
  const snapshot = fixtureSnapshot({
    id,
    assets: { BTC: 8, ETH: 18 },
    net_assets: '123456789012345678901234567890',
    group_support: '5',
    jurisdictions: ['JP', 'EU'],
    regimes: ['jp-psa-2020', 'eu-mica'],
    extensions: { mica: { casp_id: 'X-1', limits: [1, 2.5, null, true], note: '日本語 "quoted" \\ back' } },
    wallets: [
      {
        id: 'hot-eth',
        asset: 'ETH',
        tier: 'hot',
        amount: '123456789012.123456789012345678',
        controls: { signing: { m: 2, n: 3 }, hsm: true, mpc: false, withdrawal_limit_per_day_minor: 10n ** 30n, ccss_level: 3, vendor: 'V', other: { $bigint: 'not a bigint', $$bigint: 1n } },
        risk: { annual_rate: 0.1, severity: { dist: 'beta', alpha: 2, beta: 5 } },
      },
      { id: 'cold-btc', asset: 'BTC', tier: 'cold', purpose: 'own', amount: '21000000' },
    ],
    balances: [
      ['alice\twith tab', 'ETH', '123456789012.123456789012345678'],
      ['bob', 'BTC', '0.00000001'],
      ['キャロル', 'ETH', '0.000000000000000001'],
    ],
    prices: [
      ['2026-11-24T23:00:00+09:00', 'ETH', '1234567890123456789012345678901234567890.123456789012345678901234567890123456', '0.000000000000000000000000000000000001', 'venue\twith tab'],
      ['2026-11-24T00:00:00+09:00', 'BTC', '0.000000000000000000000000000000000001'],
      ['2026-11-24T12:00:00+09:00', 'BTC', '15000000'],
    ],
    safe_assets: [
      { id: 'dep-1', kind: 'bank_deposit', market_value: '98765432109876543210', maturity: null, segregated: true },
      { id: 'jgb-1', kind: 'jgb', face_value: '1000000', market_value: '999000', maturity: '2030-03-20', segregated: false, contract_id: 'c-1' },
    ],
    contracts: [{ id: 'c-1', kind: 'preservation', amount: '50000000', start: '2026-01-01', end: '2027-12-31T23:59:59+09:00', covers: ['hack_compensation', 'other'] }],
    documents: {
      policies: JSON.parse('{"__proto__": {"x": 1}, "policies": [{"limit": "1000000", "rate": 0.015}], "empty": {}, "list": []}') as unknown,
      compensation_policy: { $bigint: '12' },
    },
  });
  return { ...snapshot, content_sha256: 'c'.repeat(64) };
}

type Row = [string, string, bigint];

function rowsOf(batch: BalanceBatch): Row[] {
  return batch.account_id.map((account_id, i) => [account_id, batch.asset[i]!, batch.amount_minor[i]!]);
}

async function allBatches(source: BalanceSource, options?: Parameters<BalanceSource['scan']>[0]): Promise<BalanceBatch[]> {
  const batches: BalanceBatch[] = [];
  for await (const batch of source.scan(options)) {
    expect(batch.account_id).toHaveLength(batch.length);
    batches.push(batch);
  }
  return batches;
}

async function allRows(source: BalanceSource, options?: Parameters<BalanceSource['scan']>[0]): Promise<Row[]> {
  return (await allBatches(source, options)).flatMap(rowsOf);
}

/** The rows of a packed scan (from a reader thread where the store has one). */
async function allPackedRows(source: BalanceSource, options: Parameters<BalanceSource['scan']>[0]): Promise<Row[]> {
  const rows: Row[] = [];
  for await (const packed of source.scanPacked!(options)) rows.push(...rowsOf(unpackBalances(packed)));
  return rows;
}
