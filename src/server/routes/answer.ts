// What every use-case route does once its request is valid: run the use case on the principal's
// tenant, and answer exactly the JSON the CLI's --json prints, with the verdict in a header (the
// CLI's exit code 3 is `Hozen-Verdict: failed` here; the status stays 200: the run worked).

import type { Context } from 'hono';
import { z, type OpenAPIHono, type RouteConfig } from '@hono/zod-openapi';
import type { AppDeps, Verdict } from '../../app/deps.ts';
import { USE_CASES, type RequestOf, type UseCaseName } from '../../app/use-cases.ts';
import { toJson } from '../../text/json.ts';
import type { ServerEnv } from '../context.ts';
import { presetResponse } from '../security.ts';

export const VERDICT_HEADER = 'Hozen-Verdict';

/** A stored snapshot's id as a request names it: the content hash, or a unique prefix as on the command line. */
export const SnapshotId = z.string().regex(/^[A-Za-z0-9._-]{1,128}$/);
export const SnapshotParam = z.object({ id: SnapshotId.openapi({ param: { name: 'id', in: 'path' }, example: '3f9a1c2b7e4d' }) });
export const JSON_TYPE = 'application/json; charset=utf-8';

export async function answer<N extends UseCaseName>(c: Context<ServerEnv>, deps: AppDeps, name: N, request: RequestOf<N>): Promise<Response> {
  const definition = USE_CASES[name] as unknown as { run(deps: AppDeps, request: unknown): Promise<unknown>; json(result: unknown, tr: unknown): unknown; verdict?(result: unknown): Verdict };
  const result = await definition.run(deps, request);
  const verdict = definition.verdict?.(result) ?? 'ok';
  return jsonResponse(c, definition.json(result, c.get('tr')), 200, { [VERDICT_HEADER]: verdict });
}

/**
 * `answer` for a read whose result is a function of the tenant's stored snapshots and runs alone
 * (never of the clock, the principal beyond its tenant, or anything outside the store): rendered
 * once per tenant, request and language, until the tenant's snapshots or runs change
 * (answer-cache.ts). The caller has checked the principal's right to read the tenant.
 */
export async function storedAnswer<N extends UseCaseName>(c: Context<ServerEnv>, tenant_id: string, deps: () => Promise<AppDeps>, name: N, request: RequestOf<N>): Promise<Response> {
  const rendered = await c.get('answers').answer(tenant_id, `${name}\u0000${c.get('lang')}\u0000${JSON.stringify(request)}`, async () => {
    const definition = USE_CASES[name] as unknown as { run(deps: AppDeps, request: unknown): Promise<unknown>; json(result: unknown, tr: unknown): unknown; verdict?(result: unknown): Verdict };
    const result = await definition.run(await deps(), request);
    const body = Buffer.from(toJson(definition.json(result, c.get('tr'))), 'utf8');
    return { body, headers: { 'content-type': JSON_TYPE, 'content-length': String(body.byteLength), [VERDICT_HEADER]: definition.verdict?.(result) ?? 'ok' } };
  });
  return presetResponse(c.get('preset_headers'), rendered.body, rendered.headers);
}

export function jsonResponse(c: Context, value: unknown, status: 200 | 201 | 202 = 200, headers: Record<string, string> = {}): Response {
  return c.body(toJson(value), status, { 'content-type': JSON_TYPE, ...headers });
}

/** The use cases' JSON is specified in docs/formats.md; the OpenAPI document points there. */
export function resultSchema(description: string): z.ZodType {
  return z.any().openapi({ description });
}

export const ERROR_RESPONSES = {
  401: { description: 'Not logged in and no valid API token (`server.auth.required`).', content: { 'application/json': { schema: z.any().openapi('Error') } } },
  403: { description: 'The role does not allow the action (`server.forbidden`), or the request came from another site.' },
  404: { description: 'No such thing for this tenant (also what another tenant\u2019s things answer).' },
  422: { description: 'Bad input: located issues, the same codes as the CLI\u2019s --json.' },
} as const;

type Handler = (c: Context<ServerEnv>) => Promise<Response>;

/**
 * Registers a route with its OpenAPI description. The handlers read validated input with
 * `c.req.valid(...)`; their answers are the use cases' JSON, typed loosely on purpose (the
 * formats are specified in docs/formats.md, not in the OpenAPI document).
 */
export function route(app: OpenAPIHono<ServerEnv>, config: RouteConfig, handler: Handler): void {
  (app.openapi as unknown as (route: RouteConfig, handler: Handler) => void)(config, handler);
}

/** The validated part of a request (after the route's schema). */
export function valid<T>(c: Context<ServerEnv>, target: 'json' | 'query' | 'param'): T {
  return (c.req.valid as unknown as (target: string) => T)(target);
}
