// The service's accounts: users, their browser sessions, and API tokens. Every change to a user or
// a token is appended to the service's own audit chain (SYSTEM_CHAIN) in the same transaction,
// naming who made it. Secrets are never stored: sessions and tokens are found by the SHA-256 of
// theirs, passwords are argon2id PHC strings made by the caller.

import { randomBytes } from 'node:crypto';
import { UserError } from '../errors.ts';
import type { Adapter, SqlRow, SqlRunner } from './adapter.ts';
import type { Changed, StoreChange } from './changes.ts';
import { appendAudit } from './audit-log.ts';
import { SYSTEM_CHAIN, type Actor } from './types.ts';
import { int, str } from './values.ts';

export interface UserRecord {
  id: string;
  name: string;
  role: string;
  tenant_id: string | null;
  /** For an insurer user: the insurer it is, as policies name it. */
  insurer: string | null;
  /** For a customer user: their account id at the exchange. */
  account_id: string | null;
  failed_logins: number;
  locked_until_ms: number | null;
  disabled: boolean;
  created_at: string;
}

export interface NewUser {
  name: string;
  role: string;
  tenant_id: string | null;
  insurer?: string | null;
  account_id?: string | null;
  password_phc: string;
}

export interface SessionRecord {
  user: UserRecord;
  created_ms: number;
  last_seen_ms: number;
}

export interface TokenRecord {
  id: string;
  user_id: string;
  tenant_id: string | null;
  role: string;
  label: string;
  created_at: string;
  expires_ms: number | null;
  revoked_at: string | null;
  last_used_ms: number | null;
}

export interface NewToken {
  secret_sha256: string;
  user_id: string;
  tenant_id: string | null;
  role: string;
  label: string;
  expires_ms: number | null;
}

/** A name people type to log in: 1–64 visible characters, no spaces at the ends. */
export const USER_NAME = /^[^\s\u0000-\u001f\u007f](?:[^\u0000-\u001f\u007f]{0,62}[^\s\u0000-\u001f\u007f])?$/u;
/** Long enough that ids in URLs reveal nothing, short enough to read. */
const ID_BYTES = 12;
const NO_INPUTS = '0'.repeat(64);

export interface AccountStore {
  createUser(user: NewUser, actor: Actor): Promise<UserRecord>;
  userByName(name: string): Promise<(UserRecord & { password_phc: string }) | null>;
  userById(id: string): Promise<UserRecord | null>;
  listUsers(): Promise<UserRecord[]>;
  setPassword(user_id: string, password_phc: string, actor: Actor): Promise<void>;
  setDisabled(user_id: string, disabled: boolean, actor: Actor): Promise<void>;
  /**
   * Counts a failed log-in and locks the user for `lock_ms` once `failures_max` fail in a row;
   * audited (ASVS 16.3.1: every authentication attempt is logged).
   */
  recordLoginFailure(user_id: string, now_ms: number, policy: { failures_max: number; lock_ms: number }): Promise<{ failed_logins: number; locked_until_ms: number | null }>;
  recordLoginSuccess(user_id: string): Promise<void>;

  createSession(user_id: string, secret_sha256: string, now_ms: number): Promise<void>;
  /** The live session of a secret, with its user; null when unknown, revoked or the user is disabled. */
  session(secret_sha256: string): Promise<SessionRecord | null>;
  touchSession(secret_sha256: string, now_ms: number): Promise<void>;
  revokeSession(secret_sha256: string): Promise<void>;
  revokeUserSessions(user_id: string): Promise<number>;

  createToken(token: NewToken, actor: Actor): Promise<TokenRecord>;
  /** With its secret's hash, for the caller to compare; null when there is no such token. */
  token(id: string): Promise<(TokenRecord & { secret_sha256: string }) | null>;
  touchToken(id: string, now_ms: number): Promise<void>;
  revokeToken(id: string, actor: Actor): Promise<boolean>;
  listTokens(user_id: string | null): Promise<TokenRecord[]>;
}

/** Without a change feed (a store's own tests): nothing is told. */
const UNTOLD: Changed = { send: async () => {}, tell: () => {} };
const ACCOUNTS: StoreChange = { kind: 'accounts' };

export function accountStore(adapter: Adapter, changed: Changed = UNTOLD): AccountStore {
  /** A write that takes rights away (or may): told in its transaction to other processes, once committed to this one's caches. */
  const revoking = async <T>(work: (tx: SqlRunner) => Promise<T>): Promise<T> => {
    const result = await adapter.transaction(async (tx) => {
      const value = await work(tx);
      await changed.send(tx, ACCOUNTS);
      return value;
    });
    changed.tell(ACCOUNTS);
    return result;
  };
  return {
    async createUser(user, actor) {
      if (!USER_NAME.test(user.name)) throw new UserError('store.bad_user_name', { name: user.name.slice(0, 80) });
      const id = `u${randomBytes(ID_BYTES).toString('hex')}`;
      const created_at = new Date().toISOString();
      return adapter.transaction(async (tx) => {
        const inserted = await tx.query(
          `INSERT INTO users (id, name, role, tenant_id, insurer, account_id, password_phc, failed_logins, locked_until_ms, disabled, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, 0, NULL, false, $8) ON CONFLICT (name) DO NOTHING RETURNING *`,
          [id, user.name, user.role, user.tenant_id, user.insurer ?? null, user.account_id ?? null, user.password_phc, created_at],
        );
        if (inserted.length === 0) throw new UserError('store.user_exists', { name: user.name });
        await appendAudit(tx, SYSTEM_CHAIN, actor, { kind: 'user.create', subject: id, inputs_sha256: NO_INPUTS, details: { name: user.name, role: user.role, tenant: user.tenant_id } });
        return userOf(inserted[0]!);
      });
    },

    async userByName(name) {
      const rows = await adapter.query('SELECT * FROM users WHERE name = $1', [name]);
      return rows.length === 0 ? null : { ...userOf(rows[0]!), password_phc: str(rows[0]!.password_phc) };
    },

    async userById(id) {
      const rows = await adapter.query('SELECT * FROM users WHERE id = $1', [id]);
      return rows.length === 0 ? null : userOf(rows[0]!);
    },

    async listUsers() {
      return (await adapter.query('SELECT * FROM users ORDER BY name')).map(userOf);
    },

    async setPassword(user_id, password_phc, actor) {
      await revoking(async (tx) => {
        const updated = await tx.query('UPDATE users SET password_phc = $2, failed_logins = 0, locked_until_ms = NULL WHERE id = $1 RETURNING id', [user_id, password_phc]);
        if (updated.length === 0) throw new UserError('store.unknown_user', { user: user_id });
        // A new password ends every session the old one opened.
        await tx.query('UPDATE sessions SET revoked = true WHERE user_id = $1', [user_id]);
        await appendAudit(tx, SYSTEM_CHAIN, actor, { kind: 'user.password', subject: user_id, inputs_sha256: NO_INPUTS, details: {} });
      });
    },

    async setDisabled(user_id, disabled, actor) {
      await revoking(async (tx) => {
        const updated = await tx.query('UPDATE users SET disabled = $2 WHERE id = $1 RETURNING id', [user_id, disabled]);
        if (updated.length === 0) throw new UserError('store.unknown_user', { user: user_id });
        if (disabled) {
          await tx.query('UPDATE sessions SET revoked = true WHERE user_id = $1', [user_id]);
          await tx.query('UPDATE api_tokens SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL', [user_id, new Date().toISOString()]);
        }
        await appendAudit(tx, SYSTEM_CHAIN, actor, { kind: disabled ? 'user.disable' : 'user.enable', subject: user_id, inputs_sha256: NO_INPUTS, details: {} });
      });
    },

    async recordLoginFailure(user_id, now_ms, policy) {
      return adapter.transaction(async (tx) => {
        const rows = await tx.query(
          `UPDATE users SET failed_logins = failed_logins + 1,
             locked_until_ms = CASE WHEN failed_logins + 1 >= $3 THEN $2::bigint + $4::bigint ELSE locked_until_ms END
           WHERE id = $1 RETURNING failed_logins, locked_until_ms, name`,
          [user_id, now_ms, policy.failures_max, policy.lock_ms],
        );
        if (rows.length === 0) throw new UserError('store.unknown_user', { user: user_id });
        const r = rows[0]!;
        const outcome = { failed_logins: int(r.failed_logins), locked_until_ms: r.locked_until_ms === null ? null : int(r.locked_until_ms) };
        await appendAudit(tx, SYSTEM_CHAIN, { type: 'system', id: 'login', role: null, tenant: null }, { kind: 'auth.login_failed', subject: user_id, inputs_sha256: NO_INPUTS, details: outcome });
        return outcome;
      });
    },

    async recordLoginSuccess(user_id) {
      await adapter.transaction(async (tx) => {
        await tx.query('UPDATE users SET failed_logins = 0, locked_until_ms = NULL WHERE id = $1', [user_id]);
        await appendAudit(tx, SYSTEM_CHAIN, { type: 'user', id: user_id, role: null, tenant: null }, { kind: 'auth.login', subject: user_id, inputs_sha256: NO_INPUTS, details: {} });
      });
    },

    async createSession(user_id, secret_sha256, now_ms) {
      await adapter.query('INSERT INTO sessions (secret_sha256, user_id, created_ms, last_seen_ms, revoked) VALUES ($1, $2, $3, $3, false)', [secret_sha256, user_id, now_ms]);
    },

    async session(secret_sha256) {
      const rows = await adapter.query(
        `SELECT s.created_ms, s.last_seen_ms, u.* FROM sessions s JOIN users u ON u.id = s.user_id
         WHERE s.secret_sha256 = $1 AND NOT s.revoked AND NOT u.disabled`,
        [secret_sha256],
      );
      if (rows.length === 0) return null;
      const r = rows[0]!;
      return { user: userOf(r), created_ms: int(r.created_ms), last_seen_ms: int(r.last_seen_ms) };
    },

    async touchSession(secret_sha256, now_ms) {
      await adapter.query('UPDATE sessions SET last_seen_ms = $2 WHERE secret_sha256 = $1', [secret_sha256, now_ms]);
    },

    async revokeSession(secret_sha256) {
      await revoking((tx) => tx.query('UPDATE sessions SET revoked = true WHERE secret_sha256 = $1', [secret_sha256]));
    },

    async revokeUserSessions(user_id) {
      return revoking(async (tx) => (await tx.query('UPDATE sessions SET revoked = true WHERE user_id = $1 AND NOT revoked RETURNING 1', [user_id])).length);
    },

    async createToken(token, actor) {
      const id = randomBytes(ID_BYTES).toString('hex');
      const created_at = new Date().toISOString();
      return adapter.transaction(async (tx) => {
        const rows = await tx.query(
          `INSERT INTO api_tokens (id, secret_sha256, user_id, tenant_id, role, label, created_at, expires_ms, revoked_at, last_used_ms)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, NULL, NULL) RETURNING *`,
          [id, token.secret_sha256, token.user_id, token.tenant_id, token.role, token.label, created_at, token.expires_ms],
        );
        await appendAudit(tx, SYSTEM_CHAIN, actor, { kind: 'token.create', subject: id, inputs_sha256: NO_INPUTS, details: { user: token.user_id, tenant: token.tenant_id, role: token.role, label: token.label } });
        return tokenOf(rows[0]!);
      });
    },

    async token(id) {
      const rows = await adapter.query('SELECT * FROM api_tokens WHERE id = $1', [id]);
      return rows.length === 0 ? null : { ...tokenOf(rows[0]!), secret_sha256: str(rows[0]!.secret_sha256) };
    },

    async touchToken(id, now_ms) {
      await adapter.query('UPDATE api_tokens SET last_used_ms = $2 WHERE id = $1', [id, now_ms]);
    },

    async revokeToken(id, actor) {
      return revoking(async (tx) => {
        const rows = await tx.query('UPDATE api_tokens SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL RETURNING id', [id, new Date().toISOString()]);
        if (rows.length === 0) return false;
        await appendAudit(tx, SYSTEM_CHAIN, actor, { kind: 'token.revoke', subject: id, inputs_sha256: NO_INPUTS, details: {} });
        return true;
      });
    },

    async listTokens(user_id) {
      const rows = await adapter.query('SELECT * FROM api_tokens WHERE ($1::text IS NULL OR user_id = $1) ORDER BY created_at, id', [user_id]);
      return rows.map(tokenOf);
    },
  };
}

function nullable(value: unknown): string | null {
  return value === null || value === undefined ? null : str(value);
}

function userOf(r: SqlRow): UserRecord {
  return {
    id: str(r.id),
    name: str(r.name),
    role: str(r.role),
    tenant_id: nullable(r.tenant_id),
    insurer: nullable(r.insurer),
    account_id: nullable(r.account_id),
    failed_logins: int(r.failed_logins),
    locked_until_ms: r.locked_until_ms === null ? null : int(r.locked_until_ms),
    disabled: r.disabled === true,
    created_at: str(r.created_at),
  };
}

function tokenOf(r: SqlRow): TokenRecord {
  return {
    id: str(r.id),
    user_id: str(r.user_id),
    tenant_id: nullable(r.tenant_id),
    role: str(r.role),
    label: str(r.label),
    created_at: str(r.created_at),
    expires_ms: r.expires_ms === null ? null : int(r.expires_ms),
    revoked_at: nullable(r.revoked_at),
    last_used_ms: r.last_used_ms === null ? null : int(r.last_used_ms),
  };
}
