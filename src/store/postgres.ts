// The server driver: node-postgres against a PostgreSQL server (DATABASE_URL). Several Hozen
// processes may share one server, so schema migration and audit appends take advisory locks,
// and snapshot inserts rely on the primary key (store.ts), not on a file lock.

import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFromStdin } from 'pg-copy-streams';
import { copyOutText } from './pg-copy-out.ts';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import { UserError } from '../errors.ts';
import { MIGRATIONS_DIR, type Adapter, type Listening, type SqlRow, type SqlRunner } from './adapter.ts';

/** Enough for a scan running beside an import; each Hozen command is one client of the server. */
const POOL_CONNECTIONS_MAX = 4;
const CONNECT_TIMEOUT_MS = 10_000;
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;
/** One channel per database; a payload starts with the schema it concerns (tests share a database). */
const CHANGE_CHANNEL = 'hozen_changes';
const RELISTEN_MS = 1_000;

export interface PostgresOptions {
  url: string;
  /** Use this schema (created if missing) instead of the default search path: tests isolate runs so. */
  schema?: string;
}

/** The URL without its password, for messages and `Store.location`; never the URL itself. */
export function redactedLocation(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UserError('store.bad_url', {});
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') throw new UserError('store.bad_url', {});
  parsed.password = '';
  parsed.search = '';
  return parsed.toString();
}

export async function openPostgresAdapter(options: PostgresOptions): Promise<Adapter> {
  const location = redactedLocation(options.url);
  if (options.schema !== undefined && !SCHEMA_NAME.test(options.schema)) throw new Error(`store: bad schema name ${options.schema}`);
  const pool = new pg.Pool({
    connectionString: options.url,
    max: POOL_CONNECTIONS_MAX,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    application_name: 'hozen',
    ...(options.schema === undefined ? {} : { options: `-c search_path=${options.schema}` }),
  });
  // An idle connection the server drops must not crash the process; the next query reports it.
  pool.on('error', () => {});
  const withClient = async <T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> => {
    let client: pg.PoolClient;
    try {
      client = await pool.connect();
    } catch (error) {
      throw unreachable(error, location) ?? error;
    }
    let broken = false;
    try {
      return await work(client);
    } catch (error) {
      const mapped = unreachable(error, location);
      broken = mapped !== null;
      throw mapped ?? error;
    } finally {
      client.release(broken);
    }
  };
  try {
    await withClient(async (client) => {
      if (options.schema !== undefined) await client.query(`CREATE SCHEMA IF NOT EXISTS "${options.schema}"`);
      // Two processes opening a fresh database at once must not both apply the migrations.
      await client.query(`SELECT pg_advisory_lock(hashtext(current_schema() || '.hozen_migrate'))`);
      try {
        await migrate(drizzle({ client }), { migrationsFolder: MIGRATIONS_DIR, migrationsSchema: options.schema ?? 'drizzle' });
      } finally {
        await client.query(`SELECT pg_advisory_unlock(hashtext(current_schema() || '.hozen_migrate'))`);
      }
    });
  } catch (error) {
    await pool.end();
    throw error;
  }
  return {
    kind: 'postgres',
    location,
    reader_connection: { url: options.url, ...(options.schema === undefined ? {} : { schema: options.schema }) },
    query: (text, params) => withClient((client) => runner(client).query(text, params)),
    copyFrom: (table, columns, rows) => withClient((client) => runner(client).copyFrom(table, columns, rows)),
    copyOut: (select) => withClient((client) => runner(client).copyOut(select)),
    transaction: (work) =>
      withClient(async (client) => {
        await client.query('BEGIN');
        try {
          const result = await work(runner(client));
          await client.query('COMMIT');
          return result;
        } catch (error) {
          await client.query('ROLLBACK').catch(() => {});
          throw error;
        }
      }),
    notifications: {
      send: async (tx, payload) => {
        await tx.query('SELECT pg_notify($1, $2)', [CHANGE_CHANNEL, `${options.schema ?? ''} ${payload}`]);
      },
      listen: (on_payload, on_lost) => listenForChanges(options, on_payload, on_lost),
    },
    close: () => pool.end(),
  };
}

/**
 * A connection of its own that LISTENs (a pooled one would be handed to queries). When it is lost,
 * `on_lost` is told (whatever was sent meanwhile is not) and it connects again.
 */
function listenForChanges(options: PostgresOptions, on_payload: (payload: string) => void, on_lost: () => void): Listening {
  const prefix = `${options.schema ?? ''} `;
  let client: pg.Client | null = null;
  let up = false;
  let stopped = false;
  const lost = (): void => {
    const was_up = up;
    up = false;
    client?.end().catch(() => {});
    client = null;
    if (was_up) on_lost();
    if (!stopped) setTimeout(() => void connect(), RELISTEN_MS).unref();
  };
  const connect = async (): Promise<void> => {
    if (stopped || client !== null) return;
    const c = new pg.Client({ connectionString: options.url, connectionTimeoutMillis: CONNECT_TIMEOUT_MS, application_name: 'hozen-listen' });
    client = c;
    c.on('notification', (message) => {
      if (message.channel === CHANGE_CHANNEL && message.payload?.startsWith(prefix) === true) on_payload(message.payload.slice(prefix.length));
    });
    c.on('error', () => {
      if (client === c) lost();
    });
    c.on('end', () => {
      if (client === c) lost();
    });
    try {
      await c.connect();
      await c.query(`LISTEN ${CHANGE_CHANNEL}`);
      if (client === c && !stopped) up = true;
      else await c.end();
    } catch {
      if (client === c) lost();
    }
  };
  void connect();
  return {
    get up() {
      return up;
    },
    stop: async () => {
      stopped = true;
      up = false;
      const c = client;
      client = null;
      await c?.end().catch(() => {});
    },
  };
}

function runner(client: pg.PoolClient): SqlRunner {
  return {
    async query<Row extends SqlRow>(text: string, params: readonly unknown[] = []): Promise<Row[]> {
      return (await client.query<Row>(text, [...params])).rows;
    },
    async copyFrom(table: string, columns: readonly string[], rows: Uint8Array): Promise<number> {
      if (rows.length === 0) return 0;
      const column_list = columns.map((c) => `"${c}"`).join(', ');
      const sink = client.query(copyFromStdin(`COPY "${table}" (${column_list}) FROM STDIN`));
      await pipeline(Readable.from([Buffer.from(rows.buffer, rows.byteOffset, rows.byteLength)]), sink);
      return sink.rowCount;
    },
    copyOut: (select: string) => copyOutText(client, select),
  };
}

/** Errors that mean "the server cannot be used" (not "this statement failed"): SQLSTATE classes 08, 28, 3D, 57P and socket errors. */
const UNREACHABLE_SQLSTATE = /^(08|28|3D|57P)/;
const UNREACHABLE_ERRNO = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'EPIPE']);

function unreachable(error: unknown, location: string): UserError | null {
  if (error instanceof UserError || !(error instanceof Error)) return null;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (UNREACHABLE_SQLSTATE.test(code) || UNREACHABLE_ERRNO.has(code))) {
    return new UserError('store.unreachable', { location, reason: code });
  }
  // node-postgres reports a timeout or a dropped connection without a code.
  if (code === undefined && /timeout|Connection terminated/i.test(error.message)) return new UserError('store.unreachable', { location, reason: 'no_connection' });
  return null;
}
