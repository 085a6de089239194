// The service's accounts as use cases, shared by `hozen user|token|tenant` and the admin API:
// tenants (exchanges), users with one role each, and API tokens. A tenant role belongs to one
// existing tenant; a cross-tenant role to none; a token never has more rights than its user.
// Passwords are checked (length only, ASVS 6.2) and hashed here; secrets are shown once.

import { hashPassword, newSecret, passwordProblem, PASSWORD_CHARS_MAX, PASSWORD_CHARS_MIN, secretHash, formatToken } from '../accounts/secrets.ts';
import { isRole, ROLES, TENANT_ROLES } from '../accounts/roles.ts';
import { UserError } from '../errors.ts';
import type { TokenRecord, UserRecord } from '../store/accounts.ts';
import { TENANT_ID, type Actor, type StoreHandle, type TenantRecord } from '../store/types.ts';

export interface AccountDeps {
  handle: StoreHandle;
  actor: Actor;
}

export interface AddTenantRequest {
  id: string;
  name: string;
  time_zone?: string;
}

/** Tokens end by default after 90 days; a longer life is asked for explicitly, up to two years. */
export const TOKEN_DAYS_DEFAULT = 90;
export const TOKEN_DAYS_MAX = 730;
const DAY_MS = 86_400_000;

export async function addTenant(deps: AccountDeps, request: AddTenantRequest): Promise<TenantRecord> {
  if (!TENANT_ID.test(request.id)) throw new UserError('accounts.bad_tenant_id', { id: request.id.slice(0, 80) });
  const time_zone = request.time_zone ?? 'Asia/Tokyo';
  if (!validTimeZone(time_zone)) throw new UserError('accounts.bad_time_zone', { time_zone: time_zone.slice(0, 80) });
  return deps.handle.createTenant({ id: request.id, name: request.name, time_zone }, deps.actor);
}

export interface AddUserRequest {
  name: string;
  role: string;
  tenant?: string | null;
  insurer?: string | null;
  account_id?: string | null;
  /** Absent: one is generated and answered once. */
  password?: string;
}

export interface AddedUser {
  user: UserRecord;
  /** Set when the password was generated. */
  generated_password: string | null;
}

export async function addUser(deps: AccountDeps, request: AddUserRequest): Promise<AddedUser> {
  if (!isRole(request.role)) throw new UserError('server.bad_role', { role: request.role.slice(0, 40), roles: ROLES.join(', ') });
  const tenant = request.tenant ?? null;
  if (TENANT_ROLES.has(request.role) && tenant === null) throw new UserError('server.tenant_role_needs_tenant', { role: request.role });
  if (!TENANT_ROLES.has(request.role) && tenant !== null) throw new UserError('server.role_has_no_tenant', { role: request.role });
  if (tenant !== null && !(await deps.handle.listTenants()).some((t) => t.id === tenant)) throw new UserError('store.unknown_tenant', { tenant });
  if (request.role === 'insurer' && (request.insurer ?? '') === '') throw new UserError('server.insurer_needs_name');
  const generated_password = request.password === undefined ? newSecret().slice(0, 24) : null;
  const password = request.password ?? generated_password!;
  const problem = passwordProblem(password);
  if (problem === 'too_short') throw new UserError('server.password_too_short', { min: PASSWORD_CHARS_MIN });
  if (problem === 'too_long') throw new UserError('server.password_too_long', { max: PASSWORD_CHARS_MAX });
  const user = await deps.handle.accounts.createUser(
    { name: request.name, role: request.role, tenant_id: tenant, insurer: request.insurer ?? null, account_id: request.account_id ?? null, password_phc: await hashPassword(password) },
    deps.actor,
  );
  return { user, generated_password };
}

export interface AddTokenRequest {
  /** The user the token acts as. */
  user: UserRecord;
  label: string;
  /** Days until it ends; default TOKEN_DAYS_DEFAULT. */
  expires_days?: number;
  now_ms: number;
}

export interface AddedToken {
  record: TokenRecord;
  /** `hzn_<id>_<secret>`: shown once, stored only as the secret's hash. */
  token: string;
}

/** A token carries its user's own role and tenant: it can never be wider than the user. */
export async function addToken(deps: AccountDeps, request: AddTokenRequest): Promise<AddedToken> {
  const days = request.expires_days ?? TOKEN_DAYS_DEFAULT;
  if (!Number.isInteger(days) || days < 1 || days > TOKEN_DAYS_MAX) throw new UserError('accounts.bad_token_days', { days: String(days), max: TOKEN_DAYS_MAX });
  if (request.user.disabled) throw new UserError('accounts.user_disabled', { name: request.user.name });
  const secret = newSecret();
  const record = await deps.handle.accounts.createToken(
    { secret_sha256: secretHash(secret), user_id: request.user.id, tenant_id: request.user.tenant_id, role: request.user.role, label: request.label, expires_ms: request.now_ms + days * DAY_MS },
    deps.actor,
  );
  return { record, token: formatToken(record.id, secret) };
}

export async function userNamed(deps: AccountDeps, name: string): Promise<UserRecord> {
  const user = await deps.handle.accounts.userByName(name);
  if (user === null) throw new UserError('accounts.unknown_user', { name: name.slice(0, 80) });
  const { password_phc: _phc, ...record } = user;
  return record;
}

export async function revokeToken(deps: AccountDeps, id: string): Promise<void> {
  if (!(await deps.handle.accounts.revokeToken(id, deps.actor))) throw new UserError('accounts.unknown_token', { id: id.slice(0, 40) });
}

/** A user as the API and the CLI show it: never a hash, never a secret. */
export function userJson(user: UserRecord): Record<string, unknown> {
  return { id: user.id, name: user.name, role: user.role, tenant: user.tenant_id, insurer: user.insurer, account_id: user.account_id, disabled: user.disabled, created_at: user.created_at };
}

export function tokenJson(token: TokenRecord): Record<string, unknown> {
  return {
    id: token.id,
    label: token.label,
    role: token.role,
    tenant: token.tenant_id,
    created_at: token.created_at,
    expires_at: token.expires_ms === null ? null : new Date(token.expires_ms).toISOString(),
    revoked_at: token.revoked_at,
  };
}

function validTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
