// The embedded driver: PGlite (PostgreSQL compiled to WebAssembly) persisting to a directory.
// One connection, in this process only (lock.ts keeps other processes out); PGlite queues
// queries behind an open transaction, so the store's operations never interleave.

import { PGlite, type Transaction } from '@electric-sql/pglite';
import { UserError } from '../errors.ts';
import { MIGRATIONS_DIR, migrationsApplied, type Adapter, type SqlRow, type SqlRunner } from './adapter.ts';

type PgliteQueryable = Pick<PGlite | Transaction, 'query'>;

/**
 * About 1,000 balance rows, 10–20 ms of PGlite's COPY here. Measured on 65,536-row batches
 * (2026-12-03, loaded machine): whole 1,067 ms, 96 KiB pieces 2,620 ms, 60 KiB 571 ms, 32 KiB
 * 690 ms, 16 KiB 669 ms (PGlite reads a blob over 64 KiB the slow way).
 */
export const COPY_PIECE_BYTES = 32 * 1024;
const NEWLINE = 0x0a;

/** The end of the piece that starts at `start`: just after the last newline within `bytes_max`, or the next newline after it (a longer line). */
export function pieceEnd(rows: Uint8Array, start: number, bytes_max: number): number {
  if (rows.length - start <= bytes_max) return rows.length;
  const within = rows.lastIndexOf(NEWLINE, start + bytes_max - 1);
  if (within >= start) return within + 1;
  const after = rows.indexOf(NEWLINE, start + bytes_max);
  return after === -1 ? rows.length : after + 1;
}

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
      const column_list = columns.map((c) => `"${c}"`).join(', ');
      let loaded = 0;
      // PGlite runs on this thread: one COPY of a 65,536-row batch held a service's every other
      // request for half a second. Pieces of whole lines, with the event loop let in between.
      for (let start = 0; start < rows.length; ) {
        const end = pieceEnd(rows, start, COPY_PIECE_BYTES);
        loaded += (await db.query(`COPY "${table}" (${column_list}) FROM '/dev/blob'`, [], { blob: new Blob([rows.subarray(start, end)]) })).affectedRows ?? 0;
        start = end;
        if (start < rows.length) await new Promise<void>((resolve) => setImmediate(resolve));
      }
      return loaded;
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
