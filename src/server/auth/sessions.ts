// Who is asking: a browser session (the __Host- cookie) or an API token (Authorization: Bearer).
// Sessions end after SESSION_IDLE_MS without a request and SESSION_LIFETIME_MS after log-in
// (ASVS 7.3.1/7.3.2); a token ends when revoked or expired, and both end with their user.

import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { AccountStore, UserRecord } from '../../store/accounts.ts';
import type { Principal } from '../context.ts';
import { isRole, type Role } from '../../accounts/roles.ts';
import { newSecret, parseToken, sameHash, secretHash } from '../../accounts/secrets.ts';

/** `__Host-`: sent only over HTTPS (or to localhost), only to this host, for every path (ASVS 3.3.1). */
export const SESSION_COOKIE = '__Host-hozen_session';
export const SESSION_IDLE_MS = 30 * 60 * 1000;
export const SESSION_LIFETIME_MS = 12 * 60 * 60 * 1000;
/** Writing last_seen (last_used for a token) on every request would make every read a write; a minute is fine-grained enough. */
const SESSION_TOUCH_MS = 60 * 1000;

export async function principalOf(c: Context, accounts: AccountStore, now_ms: number): Promise<Principal | null> {
  const authorization = c.req.header('authorization');
  if (authorization !== undefined) return tokenPrincipal(authorization, accounts, now_ms);
  const secret = getCookie(c, SESSION_COOKIE);
  if (secret === undefined) return null;
  return sessionPrincipal(secret, accounts, now_ms);
}

async function tokenPrincipal(authorization: string, accounts: AccountStore, now_ms: number): Promise<Principal | null> {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization);
  const parsed = match === null ? null : parseToken(match[1]!);
  if (parsed === null) return null;
  const token = await accounts.token(parsed.id);
  if (token === null || !sameHash(token.secret_sha256, secretHash(parsed.secret))) return null;
  if (token.revoked_at !== null || (token.expires_ms !== null && token.expires_ms <= now_ms)) return null;
  const user = await accounts.userById(token.user_id);
  if (user === null || user.disabled || !isRole(token.role)) return null;
  if (token.last_used_ms === null || now_ms - token.last_used_ms > SESSION_TOUCH_MS) await accounts.touchToken(token.id, now_ms);
  return { user, role: token.role, tenant_id: token.tenant_id, via: 'token', credential_id: token.id, rights_end_ms: token.expires_ms ?? Number.POSITIVE_INFINITY };
}

async function sessionPrincipal(secret: string, accounts: AccountStore, now_ms: number): Promise<Principal | null> {
  if (!/^[A-Za-z0-9_-]{40,64}$/.test(secret)) return null;
  const hash = secretHash(secret);
  const session = await accounts.session(hash);
  if (session === null) return null;
  if (now_ms - session.last_seen_ms > SESSION_IDLE_MS || now_ms - session.created_ms > SESSION_LIFETIME_MS) {
    await accounts.revokeSession(hash);
    return null;
  }
  let last_seen_ms = session.last_seen_ms;
  if (now_ms - last_seen_ms > SESSION_TOUCH_MS) {
    await accounts.touchSession(hash, now_ms);
    last_seen_ms = now_ms;
  }
  const role = session.user.role;
  if (!isRole(role)) return null;
  const rights_end_ms = Math.min(last_seen_ms + SESSION_IDLE_MS, session.created_ms + SESSION_LIFETIME_MS);
  return { user: session.user, role, tenant_id: session.user.tenant_id, via: 'session', credential_id: hash, rights_end_ms };
}

/** A fresh session on every log-in (ASVS 7.2.4: the token is rotated). */
export async function startSession(c: Context, accounts: AccountStore, user: UserRecord, now_ms: number): Promise<void> {
  const secret = newSecret();
  await accounts.createSession(user.id, secretHash(secret), now_ms);
  setCookie(c, SESSION_COOKIE, secret, { httpOnly: true, secure: true, sameSite: 'Strict', path: '/', maxAge: SESSION_LIFETIME_MS / 1000 });
}

export async function endSession(c: Context, accounts: AccountStore, principal: Principal | null): Promise<void> {
  if (principal?.via === 'session') await accounts.revokeSession(principal.credential_id);
  deleteCookie(c, SESSION_COOKIE, { secure: true, path: '/' });
}

export function roleOf(user: UserRecord): Role | null {
  return isRole(user.role) ? user.role : null;
}
