// The service's tests sign in the way a script does: each user added with a password and given an
// API token, which a request sends as a bearer token. Most defences are tried on two exchanges,
// one holding a demo snapshot and the other nothing (openTwoExchanges), with a user of each role.

import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addTenant, addToken, addUser, type AccountDeps, type AddUserRequest } from '../app/accounts.ts';
import { importSnapshot } from '../app/import.ts';
import { generateDemo } from '../demo/generate.ts';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { UserRecord } from '../store/accounts.ts';
import { createTestDatabase } from '../store/testing.ts';
import type { Actor, StoreHandle } from '../store/types.ts';
import type { ServerEnv, ServerServices } from './context.ts';

export type TestUser = Omit<AddUserRequest, 'password'>;

/** Adds every user with `password` and a token made at `now_ms`; answers both by user name. */
export async function addUsersWithTokens(deps: AccountDeps, users: readonly TestUser[], options: { password: string; now_ms: number }): Promise<{ users: Record<string, UserRecord>; tokens: Record<string, string> }> {
  const out = { users: {} as Record<string, UserRecord>, tokens: {} as Record<string, string> };
  for (const request of users) {
    const { user } = await addUser(deps, { ...request, password: options.password });
    out.users[request.name] = user;
    out.tokens[request.name] = (await addToken(deps, { user, label: 'test', now_ms: options.now_ms })).token;
  }
  return out;
}

/** Request options sending `token` as the bearer, with any other headers. */
export function bearer(token: string, headers: Record<string, string> = {}): { headers: Record<string, string> } {
  return { headers: { authorization: `Bearer ${token}`, ...headers } };
}

/**
 * The staff of openTwoExchanges: an officer of each exchange, exchange-b's viewer and auditor, the
 * association and the admin. exchange-b's customer, customer-b, is added beside them.
 */
export const TWO_EXCHANGE_STAFF: readonly TestUser[] = [
  { name: 'officer-a', role: 'officer', tenant: 'exchange-a' },
  { name: 'officer-b', role: 'officer', tenant: 'exchange-b' },
  { name: 'viewer-b', role: 'viewer', tenant: 'exchange-b' },
  { name: 'auditor-b', role: 'auditor', tenant: 'exchange-b' },
  { name: 'association', role: 'association', tenant: null },
  { name: 'admin', role: 'admin', tenant: null },
];

export interface TwoExchanges {
  /** A directory of the test's own, removed by close(); the service keeps its data in data/. */
  work: string;
  handle: StoreHandle;
  app: OpenAPIHono<ServerEnv>;
  /** exchange-b's demo snapshot: its id, its directory, and its customers' accounts in balances.csv's order. */
  snapshot_b: string;
  dir_b: string;
  accounts_b: string[];
  /** Every user (TWO_EXCHANGE_STAFF, customer-b holding accounts_b[0], `more_users`) and their token, by name. */
  users: Record<string, UserRecord>;
  tokens: Record<string, string>;
  /** A request to the service, with `token` sent as the bearer. */
  call(path: string, init?: RequestInit & { token?: string }): Promise<Response>;
  close(): Promise<void>;
}

/**
 * Two exchanges on a PGlite store of their own: exchange-a with nothing stored, exchange-b with a
 * demo snapshot of `demo.accounts` customers (its files changed by `edit_b` before the import),
 * every user with `password` and a token, and the service over them on the clock `now_ms`, made
 * by `createApp` (service/app.ts's createServiceApp: the service with its pages is composed above
 * server/, which may not load it).
 */
export async function openTwoExchanges(options: {
  /** Names the temporary directory. */
  name: string;
  actor: Actor;
  createApp: (services: ServerServices, options: { log_error: (error: unknown) => void }) => OpenAPIHono<ServerEnv>;
  demo: { accounts: number; seed: number };
  password: string;
  now_ms: () => number;
  more_users?: readonly TestUser[];
  edit_b?: (dir: string) => Promise<void>;
}): Promise<TwoExchanges> {
  const work = await mkdtemp(join(tmpdir(), `hozen-${options.name}-`));
  const database = await createTestDatabase('pglite');
  const handle = await database.openHandle();
  const close = async () => {
    await handle.close();
    await database.dispose();
    await rm(work, { recursive: true, force: true });
  };
  try {
    const deps = { handle, actor: options.actor };
    await addTenant(deps, { id: 'exchange-a', name: 'A' });
    await addTenant(deps, { id: 'exchange-b', name: 'B' });
    const dir_b = join(work, 'b');
    await generateDemo({ out_dir: dir_b, accounts: options.demo.accounts, seed: options.demo.seed });
    await options.edit_b?.(dir_b);
    const snapshot_b = (await importSnapshot({ store: await handle.forTenant('exchange-b', options.actor) }, { dir: dir_b })).snapshot_id;
    const accounts_b = [...new Set((await readFile(join(dir_b, 'balances.csv'), 'utf8')).trim().split('\n').slice(1).map((line) => line.split(',')[0]!))];
    const customer: TestUser = { name: 'customer-b', role: 'customer', tenant: 'exchange-b', account_id: accounts_b[0]! };
    const { users, tokens } = await addUsersWithTokens(deps, [customer, ...TWO_EXCHANGE_STAFF, ...(options.more_users ?? [])], { password: options.password, now_ms: options.now_ms() });
    const app = options.createApp({ handle, data_dir: join(work, 'data'), now_ms: options.now_ms }, { log_error: () => {} });
    const call = (path: string, init: RequestInit & { token?: string } = {}): Promise<Response> => {
      const { token, headers, ...rest } = init;
      return Promise.resolve(app.request(path, { ...rest, headers: { ...(token === undefined ? {} : { authorization: `Bearer ${token}` }), ...(headers as Record<string, string> | undefined) } }));
    };
    return { work, handle, app, snapshot_b, dir_b, accounts_b, users, tokens, call, close };
  } catch (error) {
    await close();
    throw error;
  }
}
