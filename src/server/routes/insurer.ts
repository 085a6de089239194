// An insurer's own view: the claims on the programmes it is on, across tenants, its own lines only
// (the rule is in app/underwritten.ts). The insurer is the user's, never a parameter.

import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { underwrittenClaims, underwrittenJson } from '../../app/underwritten.ts';
import { actorOf, type ServerEnv, type ServerServices } from '../context.ts';
import { HttpError } from '../http-error.ts';
import { principalOrThrow, requires } from '../auth/guard.ts';
import { ERROR_RESPONSES, jsonResponse, route } from './answer.ts';

export function registerInsurerRoutes(app: OpenAPIHono<ServerEnv>, services: ServerServices): void {
  route(
    app,
    createRoute({
      method: 'get',
      path: '/api/v1/insurer/claims',
      tags: ['insurer'],
      summary: 'The stored claims on the policies you underwrite or reinsure (insurer role)',
      description: 'Every tenant’s stored claim runs in which a policy names you as insurer or a reinsurance contract names you as reinsurer; of each, only your lines. No customer row, no other insurer’s line, no total recovery.',
      middleware: [requires('claims.underwritten')],
      request: { query: z.object({ lang: z.string().optional() }) },
      responses: { 200: { description: 'The claims, your lines only' }, ...ERROR_RESPONSES },
    }),
    async (c) => {
      const principal = principalOrThrow(c);
      const insurer = principal.user.insurer;
      if (insurer === null || insurer === '') throw new HttpError(403, 'server.forbidden', { role: principal.role });
      return jsonResponse(c, underwrittenJson(await underwrittenClaims({ handle: services.handle, actor: actorOf(principal) }, { insurer }), c.get('tr')));
    },
  );
}
