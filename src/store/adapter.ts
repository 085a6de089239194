// What the store core (store.ts) needs from a database driver; pglite.ts and postgres.ts provide it.
// Values come back as the drivers give them (numeric as a string; int8 as a string or a bigint,
// depending on the driver): the core converts explicitly and never relies on either.

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
  close(): Promise<void>;
}

/** The SQL that drizzle-kit generated from schema.ts, applied by drizzle's migrators at open. */
export const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations', import.meta.url));
