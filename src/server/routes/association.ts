// The association's routes: every member's aggregates, shared dependencies, the sector stress test
// and compensation capacity, for the `association` role only (auth/guard.ts associationDeps). The
// answers are the CLI's `hozen association … --json`, with its verdict in Hozen-Verdict. The
// alias list is the file HOZEN_ALIASES names, read per request (docs/formats.md).

import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { readFile } from 'node:fs/promises';
import { associationCapacity } from '../../app/association-capacity.ts';
import { associationDependencies } from '../../app/association-dependencies.ts';
import { associationJson } from '../../app/association-json.ts';
import { associationStress } from '../../app/association-stress.ts';
import { associationMembers } from '../../app/association.ts';
import type { NamedText, Verdict } from '../../app/deps.ts';
import type { ServerEnv, ServerServices } from '../context.ts';
import { associationDeps, requires } from '../auth/guard.ts';
import { ERROR_RESPONSES, jsonResponse, resultSchema, route, valid, VERDICT_HEADER } from './answer.ts';
import { UserError } from '../../errors.ts';

export const ALIASES_ENV = 'HOZEN_ALIASES';

export async function serviceAliases(env: NodeJS.ProcessEnv = process.env): Promise<NamedText | undefined> {
  const path = env[ALIASES_ENV];
  if (path === undefined || path === '') return undefined;
  try {
    return { name: path, text: await readFile(path, 'utf8') };
  } catch {
    throw new UserError('app.unreadable', { file: path });
  }
}

const StressQuery = z.object({
  years: z.coerce.number().int().min(1_000).max(1_000_000).optional().openapi({ description: 'Simulated years (default 100000)' }),
  seed: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
});
const CapacityQuery = z.object({ cause: z.string().min(1).max(300).optional().openapi({ description: 'One shared cause id, e.g. vendor:name:acmecustody' }) });
const DependenciesQuery = z.object({ shared: z.enum(['0', '1']).optional().openapi({ description: '1: only dependencies two or more members share' }) });

const answerWith = (c: Context<ServerEnv>, result: { verdict: Verdict }) => jsonResponse(c, associationJson(result), 200, { [VERDICT_HEADER]: result.verdict });
const ok = (description: string) => ({ 200: { description, content: { 'application/json': { schema: resultSchema(description) } } }, ...ERROR_RESPONSES });

export function registerAssociationRoutes(app: OpenAPIHono<ServerEnv>, services: ServerServices): void {
  const tags = ['association'];
  const middleware = [requires('members.aggregates')];
  route(app, createRoute({ method: 'get', path: '/api/v1/association/members', tags, summary: "Every member's verdicts, headroom, alerts and run summaries (aggregates only)", middleware, responses: ok('As `hozen association members --json`') }), async (c) =>
    answerWith(c, await associationMembers(await associationDeps(c, services))),
  );
  route(
    app,
    createRoute({ method: 'get', path: '/api/v1/association/dependencies', tags, summary: 'Vendors, platforms, counterparties, issuers and insurers members share', middleware, request: { query: DependenciesQuery }, responses: ok('As `hozen association dependencies --json`') }),
    async (c) => {
      const query = valid<z.infer<typeof DependenciesQuery>>(c, 'query');
      const aliases = await serviceAliases();
      return answerWith(c, await associationDependencies(await associationDeps(c, services), { ...(aliases === undefined ? {} : { aliases }), shared_only: query.shared === '1' }));
    },
  );
  route(app, createRoute({ method: 'get', path: '/api/v1/association/stress', tags, summary: 'The sector stress test and its reverse stress by shared cause', middleware, request: { query: StressQuery }, responses: ok('As `hozen association stress --json`') }), async (c) => {
    const query = valid<z.infer<typeof StressQuery>>(c, 'query');
    const aliases = await serviceAliases();
    return answerWith(c, await associationStress(await associationDeps(c, services), { ...(query.years === undefined ? {} : { years: query.years }), ...(query.seed === undefined ? {} : { seed: query.seed }), ...(aliases === undefined ? {} : { aliases }) }));
  });
  route(app, createRoute({ method: 'get', path: '/api/v1/association/capacity', tags, summary: "Each member's funding if a shared vendor or platform were compromised now", middleware, request: { query: CapacityQuery }, responses: ok('As `hozen association capacity --json`') }), async (c) => {
    const query = valid<z.infer<typeof CapacityQuery>>(c, 'query');
    const aliases = await serviceAliases();
    return answerWith(c, await associationCapacity(await associationDeps(c, services), { ...(query.cause === undefined ? {} : { cause: query.cause }), ...(aliases === undefined ? {} : { aliases }) }));
  });
}
