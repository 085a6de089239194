// Tenants, users and tokens: for the admin role (which reads no exchange's data), and each
// principal's own tokens. Every change is audited in the service's own chain, naming the actor.

import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { addTenant, addToken, addUser, revokeToken, tokenJson, userJson, TOKEN_DAYS_MAX } from '../../app/accounts.ts';
import { grants, ROLES } from '../../accounts/roles.ts';
import { actorOf, type ServerEnv, type ServerServices } from '../context.ts';
import { HttpError } from '../http-error.ts';
import { principalOrThrow, requires } from '../auth/guard.ts';
import { ERROR_RESPONSES, jsonResponse, route, valid } from './answer.ts';

const TenantBody = z.object({ id: z.string().min(1).max(63), name: z.string().min(1).max(200), time_zone: z.string().max(64).optional() }).strict();
const UserBody = z
  .object({
    name: z.string().min(1).max(64),
    role: z.enum(ROLES),
    tenant: z.string().max(63).nullable().optional(),
    insurer: z.string().max(200).nullable().optional(),
    account_id: z.string().max(128).nullable().optional(),
    password: z.string().max(512).optional().openapi({ description: 'Absent: one is generated and answered once' }),
  })
  .strict();
const TokenBody = z.object({ label: z.string().min(1).max(100), expires_days: z.number().int().min(1).max(TOKEN_DAYS_MAX).optional() }).strict();
const TokenParam = z.object({ id: z.string().regex(/^[A-Za-z0-9]{8,32}$/).openapi({ param: { name: 'id', in: 'path' } }) });

const created = (description: string) => ({ 201: { description }, ...ERROR_RESPONSES });

export function registerAdminRoutes(app: OpenAPIHono<ServerEnv>, services: ServerServices): void {
  const deps = (c: Parameters<typeof principalOrThrow>[0]) => ({ handle: services.handle, actor: actorOf(principalOrThrow(c)) });

  route(app, createRoute({ method: 'get', path: '/api/v1/tenants', tags: ['admin'], summary: 'The tenants (exchanges)', middleware: [requires('admin.manage')], responses: { 200: { description: 'Tenants' }, ...ERROR_RESPONSES } }), async (c) =>
    jsonResponse(c, { tenants: await services.handle.listTenants() }),
  );
  route(app, createRoute({ method: 'post', path: '/api/v1/tenants', tags: ['admin'], summary: 'Add a tenant', middleware: [requires('admin.manage')], request: { body: { content: { 'application/json': { schema: TenantBody } }, required: true } }, responses: created('The tenant') }), async (c) =>
    jsonResponse(c, { tenant: await addTenant(deps(c), valid<z.infer<typeof TenantBody>>(c, 'json')) }, 201),
  );
  route(app, createRoute({ method: 'get', path: '/api/v1/users', tags: ['admin'], summary: 'The users', middleware: [requires('admin.manage')], responses: { 200: { description: 'Users' }, ...ERROR_RESPONSES } }), async (c) =>
    jsonResponse(c, { users: (await services.handle.accounts.listUsers()).map(userJson) }),
  );
  route(app, createRoute({ method: 'post', path: '/api/v1/users', tags: ['admin'], summary: 'Add a user', middleware: [requires('admin.manage')], request: { body: { content: { 'application/json': { schema: UserBody } }, required: true } }, responses: created('The user, and the generated password once') }), async (c) => {
    const added = await addUser(deps(c), valid<z.infer<typeof UserBody>>(c, 'json'));
    return jsonResponse(c, { user: userJson(added.user), ...(added.generated_password === null ? {} : { password: added.generated_password }) }, 201);
  });

  route(app, createRoute({ method: 'get', path: '/api/v1/tokens', tags: ['tokens'], summary: 'Your API tokens (every token, for an admin)', middleware: [requires('tokens.own')], responses: { 200: { description: 'Tokens, without secrets' }, ...ERROR_RESPONSES } }), async (c) => {
    const principal = principalOrThrow(c);
    const all = grants(principal.role, 'admin.manage');
    return jsonResponse(c, { tokens: (await services.handle.accounts.listTokens(all ? null : principal.user.id)).map(tokenJson) });
  });
  route(
    app,
    createRoute({ method: 'post', path: '/api/v1/tokens', tags: ['tokens'], summary: 'A new API token acting as you (your role, your tenant)', middleware: [requires('tokens.own')], request: { body: { content: { 'application/json': { schema: TokenBody } }, required: true } }, responses: created('The token, shown once') }),
    async (c) => {
      const principal = principalOrThrow(c);
      // A token may not mint tokens: a leaked one could otherwise outlive its own revocation.
      if (principal.via !== 'session') throw new HttpError(403, 'server.forbidden', { role: principal.role });
      const body = valid<z.infer<typeof TokenBody>>(c, 'json');
      const added = await addToken(deps(c), { user: principal.user, label: body.label, ...(body.expires_days === undefined ? {} : { expires_days: body.expires_days }), now_ms: services.now_ms() });
      return jsonResponse(c, { token: added.token, ...tokenJson(added.record) }, 201);
    },
  );
  route(app, createRoute({ method: 'delete', path: '/api/v1/tokens/{id}', tags: ['tokens'], summary: 'Revoke a token (yours; any, for an admin)', middleware: [requires('tokens.own')], request: { params: TokenParam }, responses: { 200: { description: 'Revoked' }, ...ERROR_RESPONSES } }), async (c) => {
    const principal = principalOrThrow(c);
    const { id } = valid<{ id: string }>(c, 'param');
    const token = await services.handle.accounts.token(id);
    if (token === null || (token.user_id !== principal.user.id && !grants(principal.role, 'admin.manage'))) throw new HttpError(404, 'server.not_found', { path: c.req.path });
    await revokeToken(deps(c), id);
    return jsonResponse(c, { revoked: id });
  });
}
