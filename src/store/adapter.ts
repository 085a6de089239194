// What the store core (store.ts) needs from a database driver; pglite.ts and postgres.ts provide it.
// Values come back as the drivers give them (numeric as a string; int8 as a string or a bigint,
// depending on the driver): the core converts explicitly and never relies on either.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { StoreKind } from './types.ts';

export type SqlRow = Record<string, unknown>;

export interface SqlRunner {
  query<Row extends SqlRow = SqlRow>(text: string, params?: readonly unknown[]): Promise<Row[]>;
  /**
   * Bulk-loads `rows` (COPY text format as UTF-8, see copy.ts) into `table` (`columns` in order);
   * resolves to the number of rows the server loaded.
   */
  copyFrom(table: string, columns: readonly string[], rows: Uint8Array): Promise<number>;
  /**
   * The rows of `select` in COPY text format (copy.ts parses them): for large reads, two to three
   * times faster than rows through the drivers' result parsers. COPY takes no parameters, so
   * `select` must carry its values as literals (store.ts quotes them).
   */
  copyOut(select: string): Promise<string>;
  /**
   * How another thread reaches the same database with a connection of its own (PostgreSQL only:
   * PGlite lives in this thread). Absent on transaction runners.
   */
  readonly reader_connection?: { url: string; schema?: string };
}

export interface Adapter extends SqlRunner {
  readonly kind: StoreKind;
  /** The data directory, or the server URL without its password. */
  readonly location: string;
  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (tx: SqlRunner) => Promise<T>): Promise<T>;
  /**
   * Where other processes may write the same store (a PostgreSQL server): sends a change's payload
   * with `tx` (in its transaction, so it is delivered only if that commits), and listens to those
   * every process sends (changes.ts). Absent on PGlite: the one process that holds the data
   * directory's lock makes every change, and tells its own listeners.
   */
  readonly notifications?: {
    send(tx: SqlRunner, payload: string): Promise<void>;
    listen(on_payload: (payload: string) => void, on_lost: () => void): Listening;
  };
  close(): Promise<void>;
}

export interface Listening {
  /** Whether notifications are being received now (false until connected, and while reconnecting). */
  readonly up: boolean;
  stop(): Promise<void>;
}

/** The SQL that drizzle-kit generated from schema.ts, applied by drizzle's migrators at open. */
export const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations', import.meta.url));

/**
 * Whether drizzle's migrator would apply nothing: it applies each migration whose journal time is
 * later than the last one recorded in `<schema>.__drizzle_migrations`. Asked first, so that an
 * up-to-date store (every open but the first after an upgrade) need not load drizzle at all.
 */
export async function migrationsApplied(db: SqlRunner, migrations_schema = 'drizzle'): Promise<boolean> {
  const journal = JSON.parse(readFileSync(join(MIGRATIONS_DIR, 'meta/_journal.json'), 'utf8')) as { entries: { when: number }[] };
  const latest_ms = Math.max(...journal.entries.map((e) => e.when));
  const table = `"${migrations_schema.replaceAll('"', '""')}".__drizzle_migrations`;
  const [found] = await db.query(`SELECT to_regclass($1) IS NOT NULL AS present`, [table]);
  if (found?.present !== true) return false;
  const [last] = await db.query(`SELECT created_at FROM ${table} ORDER BY created_at DESC LIMIT 1`);
  return last !== undefined && Number(last.created_at) >= latest_ms;
}
