// The one place every request is checked for role and tenant (ASVS 8.2.1, 8.3.1, 8.4.1). A route
// names the action it performs; `requires` lets the request through only when the principal's
// role grants it. A tenant route then reaches the store only through `tenantDeps`, a view bound
// to the principal's own tenant and actor: another tenant's snapshot, run or job is simply not
// there, and answers 404 like one that never existed (no existence oracle).

import type { Context, MiddlewareHandler } from 'hono';
import type { AppDeps } from '../../app/deps.ts';
import type { JobStore } from '../../store/jobs.ts';
import type { TenantStore } from '../../store/types.ts';
import { actorOf, type Principal, type ServerEnv, type ServerServices } from '../context.ts';
import { HttpError } from '../http-error.ts';
import { grants, TENANT_ROLES, type Action } from '../../accounts/roles.ts';
import { memberHandles, type AssociationDeps } from '../../app/association-deps.ts';

export function requires(action: Action): MiddlewareHandler<ServerEnv> {
  return async (c, next) => {
    const principal = c.get('principal');
    if (principal === null) throw new HttpError(401, 'server.auth.required');
    if (!grants(principal.role, action)) throw new HttpError(403, 'server.forbidden', { role: principal.role });
    return next();
  };
}

export function principalOrThrow(c: Context<ServerEnv>): Principal {
  const principal = c.get('principal');
  if (principal === null) throw new HttpError(401, 'server.auth.required');
  return principal;
}

/** The tenant a tenant role acts in; 403 for the roles that act in none. */
export function tenantOf(c: Context<ServerEnv>): string {
  const principal = principalOrThrow(c);
  if (!TENANT_ROLES.has(principal.role) || principal.tenant_id === null) throw new HttpError(403, 'server.forbidden', { role: principal.role });
  return principal.tenant_id;
}

/** The principal's tenant's store, acting as the principal. */
export async function tenantStore(c: Context<ServerEnv>, services: ServerServices): Promise<TenantStore> {
  const tenant_id = tenantOf(c);
  const { close: _close, ...store } = await services.handle.forTenant(tenant_id, actorOf(principalOrThrow(c)));
  return store;
}

export async function tenantDeps(c: Context<ServerEnv>, services: ServerServices, on_progress?: AppDeps['on_progress']): Promise<AppDeps> {
  return { store: await tenantStore(c, services), ...(on_progress === undefined ? {} : { on_progress }) };
}

/**
 * The association's view of every member: only for a role granted `members.aggregates` and
 * belonging to no tenant, as the principal. The use cases narrow each member's store to its
 * aggregates (app/association-deps.ts); a member's own officer never gets here (403).
 */
export async function associationDeps(c: Context<ServerEnv>, services: ServerServices): Promise<AssociationDeps> {
  return { members: await memberHandles(services.handle, actorOf(associationPrincipal(c))) };
}

/**
 * The association's own jobs (the sector stress test, kept under ASSOCIATION_SCOPE): for the
 * association only, as associationDeps. A member's principal gets 403 here, and its own job
 * routes, bound to its tenant id, never find them (404).
 */
export function associationJobs(c: Context<ServerEnv>, services: ServerServices): JobStore {
  associationPrincipal(c);
  return services.handle.jobs;
}

function associationPrincipal(c: Context<ServerEnv>): Principal {
  const principal = principalOrThrow(c);
  if (!grants(principal.role, 'members.aggregates') || principal.tenant_id !== null) throw new HttpError(403, 'server.forbidden', { role: principal.role });
  return principal;
}

/**
 * One member's whole store, for the association's random draw only (POST
 * /api/v1/association/members/{member}/proof-draw): the draw reads the member's balance rows and
 * tree on the server, and its use case (app/association-draw.ts) narrows the result to counts and
 * pseudonymous numbers before anything is answered. Same rule as associationDeps; an unknown
 * member answers 404.
 */
export async function associationMemberDeps(c: Context<ServerEnv>, services: ServerServices, member_id: string): Promise<AppDeps> {
  const principal = principalOrThrow(c);
  if (!grants(principal.role, 'members.aggregates') || principal.tenant_id !== null) throw new HttpError(403, 'server.forbidden', { role: principal.role });
  if (!(await services.handle.listTenants()).some((t) => t.id === member_id)) throw new HttpError(404, 'server.not_found', { path: c.req.path });
  const { close: _close, ...store } = await services.handle.forTenant(member_id, actorOf(principal));
  return { store };
}
