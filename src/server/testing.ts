// The service's tests sign in the way a script does: each user added with a password and given an
// API token, which a request sends as a bearer token.

import { addToken, addUser, type AccountDeps, type AddUserRequest } from '../app/accounts.ts';
import type { UserRecord } from '../store/accounts.ts';

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
