// Opens the store the CLI asked for: a PostgreSQL server when a DATABASE_URL is given, else
// PGlite in a data directory (created if missing, locked against other Hozen processes), on this
// thread or, for the service, in a worker thread of its own.
// Either way the schema is brought up to date before the store is returned.

import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UserError } from '../errors.ts';
import { acquireDirLock } from './lock.ts';
import { createStoreHandle } from './store.ts';
import { LOCAL_TENANT, type Actor, type Store, type StoreHandle } from './types.ts';

export const DB_DIR_DEFAULT = './.hozen';
/** PGlite's own files live in this subdirectory of the data directory, beside the lock file. */
export const PGLITE_SUBDIR = 'pglite';

export interface OpenStoreOptions {
  /** PGlite data directory (the CLI passes --db or HOZEN_DB); default ./.hozen. */
  db_dir?: string;
  /** A PostgreSQL server (the CLI passes process.env.DATABASE_URL); wins over db_dir. */
  database_url?: string;
  /** PostgreSQL only: work in this schema (created if missing). Tests isolate each run so. */
  pg_schema?: string;
  /** PGlite only: the URL of the service that will own the store (`hozen serve`), named to whoever finds it locked. */
  serving?: string;
  /**
   * PGlite only: run PGlite in a worker thread of its own (pglite-thread.ts), as `hozen serve`
   * does, so that a long statement (an import's COPY and commit) never holds this thread.
   */
  pglite_thread?: boolean;
}

export async function openStoreHandle(options: OpenStoreOptions = {}): Promise<StoreHandle> {
  if (options.database_url !== undefined && options.database_url !== '') {
    // Each driver is loaded only when asked for: a command on one store does not pay for the other.
    const { openPostgresAdapter } = await import('./postgres.ts');
    return createStoreHandle(await openPostgresAdapter({ url: options.database_url, ...(options.pg_schema === undefined ? {} : { schema: options.pg_schema }) }));
  }
  const dir = resolve(options.db_dir ?? DB_DIR_DEFAULT);
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    throw new UserError('store.dir_unusable', { dir, reason: (error as NodeJS.ErrnoException).code ?? String(error) });
  }
  const open = options.pglite_thread === true ? (await import('./pglite-thread.ts')).openThreadedPgliteAdapter : (await import('./pglite.ts')).openPgliteAdapter;
  const lock = acquireDirLock(dir, options.serving === undefined ? {} : { serving: options.serving });
  try {
    return createStoreHandle(await open(join(dir, PGLITE_SUBDIR), dir), () => lock.release());
  } catch (error) {
    lock.release();
    throw error;
  }
}

/** The actor of the command line: the operating-system user. */
export function cliActor(env: NodeJS.ProcessEnv = process.env): Actor {
  return { type: 'cli', id: env.USER ?? env.LOGNAME ?? env.USERNAME ?? 'unknown', role: null, tenant: null };
}

/**
 * One tenant's store, for the CLI and tests (default: the local tenant); closing it closes the
 * connection.
 */
export async function openStore(options: OpenStoreOptions & { tenant?: string; actor?: Actor } = {}): Promise<Store> {
  const handle = await openStoreHandle(options);
  try {
    return await handle.forTenant(options.tenant ?? LOCAL_TENANT, options.actor ?? cliActor());
  } catch (error) {
    await handle.close();
    throw error;
  }
}
