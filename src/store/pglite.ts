// The embedded driver: PGlite (PostgreSQL compiled to WebAssembly) persisting to a directory.
// One connection, in this process only (lock.ts keeps other processes out); PGlite queues
// queries behind an open transaction, so the store's operations never interleave.

import { PGlite, type Transaction } from '@electric-sql/pglite';
import { UserError } from '../errors.ts';
import { MIGRATIONS_DIR, migrationsApplied, type Adapter, type SqlRow, type SqlRunner } from './adapter.ts';

type PgliteQueryable = Pick<PGlite | Transaction, 'query'>;

/** Opens (creating it if new) the database in `data_dir` and brings its schema up to date. */
export async function openPgliteAdapter(data_dir: string, location: string): Promise<Adapter> {
  let db: PGlite;
  try {
    db = await PGlite.create(data_dir);
  } catch (error) {
    throw new UserError('store.open_failed', { location, reason: describeOpenError(error) });
  }
  try {
    if (!(await migrationsApplied(runner(db)))) {
      const [{ drizzle }, { migrate }] = await Promise.all([import('drizzle-orm/pglite'), import('drizzle-orm/pglite/migrator')]);
      await migrate(drizzle({ client: db }), { migrationsFolder: MIGRATIONS_DIR });
    }
  } catch (error) {
    await db.close();
    throw error;
  }
  return {
    kind: 'pglite',
    location,
    ...runner(db),
    transaction: (work) => db.transaction((tx) => work(runner(tx))),
    close: () => db.close(),
  };
}

function runner(db: PgliteQueryable): SqlRunner {
  return {
    async query<Row extends SqlRow>(text: string, params: readonly unknown[] = []): Promise<Row[]> {
      return (await db.query<Row>(text, [...params])).rows;
    },
    async copyFrom(table: string, columns: readonly string[], rows: Uint8Array): Promise<number> {
      if (rows.length === 0) return 0;
      const column_list = columns.map((c) => `"${c}"`).join(', ');
      return (await db.query(`COPY "${table}" (${column_list}) FROM '/dev/blob'`, [], { blob: new Blob([rows]) })).affectedRows ?? 0;
    },
    async copyOut(select: string): Promise<string> {
      const result = await db.query(`COPY (${select}) TO '/dev/blob'`);
      return result.blob === undefined ? '' : await result.blob.text();
    },
  };
}

/** PGlite's file system reports errors as Emscripten objects ({name: 'ErrnoError', errno: 54}), not Errors. */
function describeOpenError(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'object' && error !== null) {
    const { name, errno } = error as { name?: unknown; errno?: unknown };
    if (typeof errno === 'number') return `${typeof name === 'string' ? name : 'error'} ${errno}`;
  }
  return String(error);
}
