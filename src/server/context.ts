// What a request carries through the server once it is past the guards: the reader's language,
// and who is asking (null before log-in). Use cases reach the store only through `deps` made by
// auth/guard.ts, bound to the principal's tenant and actor.

import type { Translator } from '../i18n/i18n.ts';
import type { Lang } from '../i18n/i18n.ts';
import type { UserRecord } from '../store/accounts.ts';
import type { Actor, StoreHandle } from '../store/types.ts';
import type { Role } from '../accounts/roles.ts';
import type { AnswerCache } from './answer-cache.ts';
import type { HeaderSet } from './security.ts';

export interface Principal {
  user: UserRecord;
  role: Role;
  /** The tenant a tenant role acts in; null for roles that act across tenants. */
  tenant_id: string | null;
  via: 'session' | 'token';
  /** The token's id, or the SHA-256 of the session secret. */
  credential_id: string;
  /** When the credential's own limits end it (a token's expiry; a session's idle and absolute limits), as its lookup saw them. */
  rights_end_ms: number;
}

export function actorOf(principal: Principal): Actor {
  return principal.via === 'token'
    ? { type: 'token', id: principal.credential_id, role: principal.role, tenant: principal.tenant_id }
    : { type: 'user', id: principal.user.id, role: principal.role, tenant: principal.tenant_id };
}

export interface ServerServices {
  handle: StoreHandle;
  /** Where uploads and run outputs are kept. */
  data_dir: string;
  /** The clock, for sessions, lockouts and rate limits (tests move it). */
  now_ms: () => number;
}

export interface ServerEnv {
  Variables: {
    lang: Lang;
    tr: Translator;
    principal: Principal | null;
    /** Every header this request's responses carry whatever the route (security.ts presetResponse). */
    preset_headers: HeaderSet;
    /** The service's rendered answers of stored results (answer-cache.ts). */
    answers: AnswerCache;
  };
}
