// Stored runs: the history of checks, and the files a compensation wrote (payouts.csv and the
// summaries), downloaded only by the tenant whose run it is.

import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { SUMMARY_JSON_FILE, SUMMARY_MD_FILES } from '../../app/compensate.ts';
import { PAYOUTS_FILE } from '../../compensation/payout-file.ts';
import type { ServerEnv, ServerServices } from '../context.ts';
import { HttpError } from '../http-error.ts';
import { principalOrThrow, requires, tenantDeps } from '../auth/guard.ts';
import { answer, ERROR_RESPONSES, resultSchema, route, SnapshotId, valid } from './answer.ts';
import { runsDir } from './snapshots.ts';

const RUN_FILES: Record<string, string> = {
  [PAYOUTS_FILE]: 'text/csv; charset=utf-8',
  [SUMMARY_JSON_FILE]: 'application/json; charset=utf-8',
  [SUMMARY_MD_FILES.en]: 'text/markdown; charset=utf-8',
  [SUMMARY_MD_FILES.ja]: 'text/markdown; charset=utf-8',
};

const HistoryQuery = z.object({ regime: z.string().max(64).optional(), lang: z.string().optional() });
const RunFileParams = z.object({
  id: z.string().regex(/^[a-z]+-[0-9a-f]{24}$/).openapi({ param: { name: 'id', in: 'path' }, example: 'compensate-0123456789abcdef01234567' }),
  file: z.enum(Object.keys(RUN_FILES) as [string, ...string[]]).openapi({ param: { name: 'file', in: 'path' } }),
});

const AlertsQuery = z.object({ snapshot: SnapshotId.optional().openapi({ description: 'Default: the latest checked snapshot' }), now: z.string().max(40).optional().openapi({ description: 'The instant alerts are counted from (ISO 8601 with offset); default: now' }), lang: z.string().optional() });

export function registerRunRoutes(app: OpenAPIHono<ServerEnv>, services: ServerServices): void {
  route(
    app,
    createRoute({ method: 'get', path: '/api/v1/alerts', tags: ['runs'], summary: 'What needs attention: failed checks and warnings of the latest stored checks', middleware: [requires('tenant.read')], request: { query: AlertsQuery }, responses: { 200: { description: 'As `hozen alerts --json`; `Hozen-Verdict: failed` when any alert is open', content: { 'application/json': { schema: resultSchema('alerts') } } }, ...ERROR_RESPONSES } }),
    async (c) => {
      const { snapshot, now } = valid<z.infer<typeof AlertsQuery>>(c, 'query');
      return answer(c, await tenantDeps(c, services), 'alerts', { ...(snapshot === undefined ? {} : { snapshot: { id: snapshot } }), ...(now === undefined ? {} : { now }) });
    },
  );

  route(
    app,
    createRoute({ method: 'get', path: '/api/v1/history', tags: ['runs'], summary: 'The latest check of every snapshot, per regime', middleware: [requires('tenant.read')], request: { query: HistoryQuery }, responses: { 200: { description: 'As `hozen history --json`', content: { 'application/json': { schema: resultSchema('history') } } }, ...ERROR_RESPONSES } }),
    async (c) => {
      const { regime } = valid<z.infer<typeof HistoryQuery>>(c, 'query');
      return answer(c, await tenantDeps(c, services), 'history', regime === undefined ? {} : { regime });
    },
  );

  route(
    app,
    createRoute({
      method: 'get',
      path: '/api/v1/runs/{id}/files/{file}',
      tags: ['runs'],
      summary: 'A file a compensation run wrote',
      middleware: [requires('tenant.read')],
      request: { params: RunFileParams },
      responses: { 200: { description: 'The file, as `hozen compensate --out` writes it', content: { 'text/csv': { schema: z.string() } } }, ...ERROR_RESPONSES },
    }),
    async (c) => {
      const { id, file } = valid<z.infer<typeof RunFileParams>>(c, 'param');
      const deps = await tenantDeps(c, services);
      // The tenant's own store answers whether the run exists: another tenant's run is not there.
      const run = await deps.store.getRun(id);
      if (run === null || run.kind !== 'compensate') throw new HttpError(404, 'server.run_not_found', { id });
      const path = join(runsDir(services, principalOrThrow(c).tenant_id!), id, file);
      const size = await stat(path).then((s) => s.size, () => null);
      if (size === null) throw new HttpError(404, 'server.file_not_found', { id, file });
      const stream = Readable.toWeb(createReadStream(path)) as ReadableStream;
      return c.body(stream, 200, { 'content-type': RUN_FILES[file]!, 'content-length': String(size), 'content-disposition': `attachment; filename="${file}"` });
    },
  );
}
