// A tenant's audit log and its verification: for the auditor (and the officer who runs things).

import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { ServerEnv, ServerServices } from '../context.ts';
import { requires, tenantDeps } from '../auth/guard.ts';
import { answer, ERROR_RESPONSES, resultSchema, route } from './answer.ts';

export function registerAuditRoutes(app: OpenAPIHono<ServerEnv>, services: ServerServices): void {
  route(
    app,
    createRoute({ method: 'get', path: '/api/v1/audit', tags: ['audit'], summary: "The tenant's audit log", middleware: [requires('audit.read')], responses: { 200: { description: 'As `hozen audit log --json`', content: { 'application/json': { schema: resultSchema('audit log') } } }, ...ERROR_RESPONSES } }),
    async (c) => answer(c, await tenantDeps(c, services), 'audit_log', {}),
  );
  route(
    app,
    createRoute({ method: 'get', path: '/api/v1/audit/verify', tags: ['audit'], summary: "Verify the tenant's audit chain", middleware: [requires('audit.read')], responses: { 200: { description: 'As `hozen audit verify --json`; `Hozen-Verdict: failed` when the chain is broken', content: { 'application/json': { schema: resultSchema('verification') } } }, ...ERROR_RESPONSES } }),
    async (c) => answer(c, await tenantDeps(c, services), 'audit_verify', {}),
  );
}
