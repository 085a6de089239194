// Fresh, isolated stores for tests. Any module's test can write
//
//   await withTestStore(async (store) => { ... });
//
// to get an empty PGlite store in a temporary directory, removed afterwards. A fresh PGlite
// directory costs seconds (initdb and migrations), so one is kept as a template and test
// databases are copies of it. PostgreSQL test stores live in a schema of their own
// (hozen_test_<random>), dropped afterwards, so parallel runs and re-runs never collide.

import { importBatchOf } from '../snapshot/memory.ts';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { LOCK_FILE_NAME } from './lock.ts';
import { PGLITE_SUBDIR, openStore, openStoreHandle } from './open.ts';
import { MIGRATIONS_DIR, type SqlRow } from './adapter.ts';
import type { Snapshot } from '../snapshot/types.ts';
import type { Store, StoreHandle, StoreKind } from './types.ts';

export const TEST_DATABASE_URL = process.env.HOZEN_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const REACHABLE_TIMEOUT_MS = 3_000;

/** A database for one test: open stores on it, reach it with raw SQL, throw it away. */
export interface TestDatabase {
  readonly kind: StoreKind;
  /** PGlite: the data directory. */
  readonly dir: string | null;
  /** Opens the local tenant's store on this database (several in turn, to test reopening). */
  open(): Promise<Store>;
  /** Opens the connection itself, to reach other tenants and what belongs to none. */
  openHandle(): Promise<StoreHandle>;
  /**
   * Raw SQL, to tamper with what the store wrote: one or more statements, the last one's rows
   * returned. PGlite: only while no store is open on it.
   */
  sql(text: string): Promise<SqlRow[]>;
  /** Closes the stores still open and deletes the database. */
  dispose(): Promise<void>;
}

export async function withTestStore<T>(work: (store: Store) => Promise<T>, kind: StoreKind = 'pglite'): Promise<T> {
  const database = await createTestDatabase(kind);
  try {
    return await work(await database.open());
  } finally {
    await database.dispose();
  }
}

/** `pglite_thread`: PGlite in a worker thread of its own, as `hozen serve` opens it (pglite-thread.ts). */
export async function createTestDatabase(kind: StoreKind, options: { pglite_thread?: boolean } = {}): Promise<TestDatabase> {
  return kind === 'pglite' ? pgliteTestDatabase(options.pglite_thread === true) : postgresTestDatabase();
}

/** Whether the test PostgreSQL server answers; the PostgreSQL tests are skipped, by name, when not. */
/** One statement on the test server's own database, in a connection of its own (CREATE or DROP DATABASE cannot run in another's transaction). */
export async function adminStatement(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export async function postgresReachable(url: string = TEST_DATABASE_URL): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: REACHABLE_TIMEOUT_MS });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

function tracker(): { track<S extends { close(): Promise<void> }>(store: S): S; closeAll(): Promise<void>; anyOpen(): boolean } {
  const open = new Set<{ close(): Promise<void> }>();
  return {
    track(store) {
      open.add(store);
      const close = store.close.bind(store);
      return Object.assign(store, {
        close: async () => {
          open.delete(store);
          await close();
        },
      });
    },
    async closeAll() {
      for (const store of [...open]) await store.close();
    },
    anyOpen: () => open.size > 0,
  };
}

let template_dir: Promise<string> | null = null;
/** Written last into a template: its presence means the template is complete. */
const TEMPLATE_READY = 'template-ready';

/**
 * A migrated, empty PGlite directory, copied for each test database. It is kept in the temporary
 * directory under a name that fingerprints the migrations and the PGlite version, so that test
 * processes share it and a schema change gets a new one. It is built aside and renamed into place,
 * so a half-built template is never seen; of two processes building at once, one rename wins.
 */
function pgliteTemplate(): Promise<string> {
  template_dir ??= (async () => {
    const dir = join(tmpdir(), `hozen-store-template-${templateFingerprint()}`);
    if (existsSync(join(dir, TEMPLATE_READY))) return dir;
    const building = mkdtempSync(join(tmpdir(), 'hozen-store-template-building-'));
    try {
      await (await openStore({ db_dir: building })).close();
      writeFileSync(join(building, TEMPLATE_READY), '');
      renameSync(building, dir);
    } catch (error) {
      rmSync(building, { recursive: true, force: true });
      if (!existsSync(join(dir, TEMPLATE_READY))) throw error;
    }
    return dir;
  })();
  return template_dir;
}

function templateFingerprint(): string {
  const hash = createHash('sha256');
  const pglite_package = join(dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite')), '..', 'package.json');
  hash.update(readFileSync(pglite_package));
  for (const file of readdirSync(MIGRATIONS_DIR, { recursive: true, encoding: 'utf8' }).sort()) {
    if (file.endsWith('.sql') || file.endsWith('.json')) hash.update(file).update(readFileSync(join(MIGRATIONS_DIR, file)));
  }
  return hash.digest('hex').slice(0, 16);
}

async function pgliteTestDatabase(pglite_thread: boolean): Promise<TestDatabase> {
  const dir = mkdtempSync(join(tmpdir(), 'hozen-store-test-'));
  cpSync(await pgliteTemplate(), dir, { recursive: true, filter: (source) => !source.endsWith(LOCK_FILE_NAME) && !source.endsWith(TEMPLATE_READY) });
  const stores = tracker();
  return {
    kind: 'pglite',
    dir,
    open: async () => stores.track(await openStore({ db_dir: dir, pglite_thread })),
    openHandle: async () => stores.track(await openStoreHandle({ db_dir: dir, pglite_thread })),
    async sql(text) {
      if (stores.anyOpen()) throw new Error('testing: close the store before raw SQL on its PGlite directory');
      const db = await PGlite.create(join(dir, PGLITE_SUBDIR));
      try {
        return (await db.exec(text)).at(-1)?.rows ?? [];
      } finally {
        await db.close();
      }
    },
    async dispose() {
      await stores.closeAll();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function postgresTestDatabase(): Promise<TestDatabase> {
  const schema = `hozen_test_${randomBytes(6).toString('hex')}`;
  const stores = tracker();
  const raw = async (text: string): Promise<SqlRow[]> => {
    const client = new pg.Client({ connectionString: TEST_DATABASE_URL, options: `-c search_path=${schema}` });
    await client.connect();
    try {
      // Several statements give one result each.
      const results: pg.QueryResult<SqlRow> | Array<pg.QueryResult<SqlRow>> = await client.query<SqlRow>(text);
      return (Array.isArray(results) ? results.at(-1)?.rows : results.rows) ?? [];
    } finally {
      await client.end();
    }
  };
  return {
    kind: 'postgres',
    dir: null,
    open: async () => stores.track(await openStore({ database_url: TEST_DATABASE_URL, pg_schema: schema })),
    openHandle: async () => stores.track(await openStoreHandle({ database_url: TEST_DATABASE_URL, pg_schema: schema })),
    sql: raw,
    async dispose() {
      await stores.closeAll();
      await raw(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    },
  };
}

/**
 * Imports an in-memory snapshot (e.g. from fixtureSnapshot) as the snapshot reader would: header,
 * balances in batches with consecutive line numbers from `first_line` (2: after the CSV header),
 * totals, and the import's audit entry.
 */
export async function storeSnapshot(store: Store, snapshot: Snapshot, options: { batch_rows?: number; first_line?: number } = {}): Promise<void> {
  await store.importSnapshot(async (writer) => {
    await writer.insertHeader(snapshot);
    let line = options.first_line ?? 2;
    for await (const batch of snapshot.balances.scan(options.batch_rows === undefined ? {} : { batch_rows: options.batch_rows })) {
      await writer.appendBalances(snapshot.id, importBatchOf(batch, line));
      line += batch.length;
    }
    await writer.finish(snapshot.id, snapshot.balance_totals, snapshot.balance_rows);
    await writer.appendAudit({ kind: 'import', subject: snapshot.id, inputs_sha256: snapshot.content_sha256, details: { balance_rows: snapshot.balance_rows } });
  });
}
