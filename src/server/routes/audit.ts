// A tenant's audit log and its verification: for the auditor (and the officer who runs things).

import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { ServerEnv, ServerServices } from '../context.ts';
import { requires, tenantDeps } from '../auth/guard.ts';
import { answer, ERROR_RESPONSES, resultSchema, route, SnapshotParam, valid } from './answer.ts';

const Document = z.object({ name: z.string().min(1).max(255), text: z.string().max(64 * 1024) }).strict();
const VerifyBody = z
  .object({
    anchors: z.array(Document).max(100).optional().openapi({ description: 'Anchor files (hozen-audit-anchor/1) to check the chain against' }),
    public_key: Document.optional().openapi({ description: "The exchange's public key (SPKI PEM): anchors signed by another key are refused" }),
  })
  .strict();


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
  route(
    app,
    createRoute({ method: 'post', path: '/api/v1/audit/verify', tags: ['audit'], summary: 'Verify the chain against signed anchors kept outside the store', middleware: [requires('audit.read')], request: { body: { content: { 'application/json': { schema: VerifyBody } }, required: true } }, responses: { 200: { description: 'As `hozen audit verify --anchor … --json`', content: { 'application/json': { schema: resultSchema('verification') } } }, ...ERROR_RESPONSES } }),
    async (c) => answer(c, await tenantDeps(c, services), 'audit_verify', valid<z.infer<typeof VerifyBody>>(c, 'json')),
  );
  route(
    app,
    createRoute({ method: 'get', path: '/api/v1/snapshots/{id}/verify', tags: ['audit'], summary: "A stored snapshot's balance rows against the digest its import recorded", middleware: [requires('audit.read')], request: { params: SnapshotParam }, responses: { 200: { description: 'As `hozen snapshot verify --json`; `Hozen-Verdict: failed` when a row differs', content: { 'application/json': { schema: resultSchema('snapshot verification') } } }, ...ERROR_RESPONSES } }),
    async (c) => answer(c, await tenantDeps(c, services), 'snapshot_verify', { id: valid<{ id: string }>(c, 'param').id }),
  );
}
