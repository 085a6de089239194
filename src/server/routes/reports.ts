// Reports: a stored report as CSV (for Excel), XLSX, PDF or HTML; the daily segregation records;
// the per-customer compensation statements of a run, as a job. Each names its action and calls
// one use case; the files are written to a temporary directory and streamed back.

import { createReadStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { exportModel, REPORT_KINDS, type ExportRequest } from '../../app/exports.ts';
import { PAYOUTS_FILE } from '../../compensation/payout-file.ts';
import { CONTENT_TYPES, EXPORT_FORMATS, writeReport } from '../../reports/write.ts';
import type { ServerEnv, ServerServices } from '../context.ts';
import { principalOrThrow, requires, tenantDeps } from '../auth/guard.ts';
import { HttpError } from '../http-error.ts';
import { answer, ERROR_RESPONSES, resultSchema, route, SnapshotId, valid } from './answer.ts';
import { enqueue } from './jobs.ts';
import { runsDir } from './snapshots.ts';

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const RunId = z.string().regex(/^[a-z]+-[0-9a-f]{24}$/);
const ExportParams = z.object({ report: z.enum(REPORT_KINDS).openapi({ param: { name: 'report', in: 'path' } }) });
const ExportQuery = z.object({
  format: z.enum(EXPORT_FORMATS).openapi({ description: 'csv (UTF-8 with BOM, for Excel), xlsx, pdf or html' }),
  snapshot: SnapshotId.optional().openapi({ description: 'coverage: default the latest checked' }),
  run: RunId.optional().openapi({ description: 'compensation, claim: the stored run' }),
  regime: z.string().max(64).optional(),
  from: Day.optional(),
  to: Day.optional(),
  lang: z.string().optional(),
});
const SegregationQuery = z.object({ from: Day.optional(), to: Day.optional(), lang: z.string().optional() });
const RunParams = z.object({ id: RunId.openapi({ param: { name: 'id', in: 'path' } }) });
const StatementsBody = z
  .object({
    contact: z.string().min(1).max(500).openapi({ description: 'Where customers ask, printed on every statement' }),
    issued_on: Day.optional(),
    per_file: z.number().int().min(1).max(10_000).optional(),
  })
  .strict();

export function registerReportRoutes(app: OpenAPIHono<ServerEnv>, services: ServerServices): void {
  route(
    app,
    createRoute({
      method: 'get',
      path: '/api/v1/exports/{report}',
      tags: ['reports'],
      summary: 'A report as CSV, XLSX, PDF or HTML (coverage, history, compensation, claim, segregation)',
      middleware: [requires('tenant.read')],
      request: { params: ExportParams, query: ExportQuery },
      responses: { 200: { description: 'The file, in the reader’s language' }, ...ERROR_RESPONSES },
    }),
    async (c) => {
      const { report } = valid<z.infer<typeof ExportParams>>(c, 'param');
      const q = valid<z.infer<typeof ExportQuery>>(c, 'query');
      const deps = await tenantDeps(c, services);
      const tenant = principalOrThrow(c).tenant_id!;
      const time_zone = (await services.handle.listTenants()).find((t) => t.id === tenant)?.time_zone;
      const request: ExportRequest = {
        report,
        ...(q.snapshot === undefined ? {} : { snapshot: { id: q.snapshot } }),
        ...(q.run === undefined ? {} : { run: q.run }),
        ...(q.regime === undefined ? {} : { regime: q.regime }),
        ...(q.from === undefined ? {} : { from: q.from }),
        ...(q.to === undefined ? {} : { to: q.to }),
        ...(time_zone === undefined ? {} : { time_zone }),
      };
      if (report === 'compensation' && q.run !== undefined) {
        const payouts = join(runsDir(services, tenant), q.run, PAYOUTS_FILE);
        if (await stat(payouts).then(() => true, () => false)) request.payouts_csv = payouts;
      }
      const model = await exportModel(deps, request);
      const dir = await mkdtemp(join(tmpdir(), 'hozen-export-'));
      const file = `${report}.${q.format}`;
      try {
        await writeReport(model, { format: q.format, lang: c.get('lang'), out: join(dir, file) });
        const size = (await stat(join(dir, file))).size;
        const stream = createReadStream(join(dir, file));
        // The temporary file goes once it has been sent (or the client went away).
        stream.once('close', () => void rm(dir, { recursive: true, force: true }));
        return c.body(Readable.toWeb(stream) as ReadableStream, 200, { 'content-type': CONTENT_TYPES[q.format], 'content-length': String(size), 'content-disposition': `attachment; filename="${file}"` });
      } catch (error) {
        await rm(dir, { recursive: true, force: true });
        throw error;
      }
    },
  );

  route(
    app,
    createRoute({ method: 'get', path: '/api/v1/segregation', tags: ['reports'], summary: 'The daily segregation records over a range of stored snapshots', middleware: [requires('tenant.read')], request: { query: SegregationQuery }, responses: { 200: { description: 'As `hozen segregation --json`; `Hozen-Verdict: failed` when a record is outside the rule', content: { 'application/json': { schema: resultSchema('segregation') } } }, ...ERROR_RESPONSES } }),
    async (c) => {
      const { from, to } = valid<z.infer<typeof SegregationQuery>>(c, 'query');
      return answer(c, await tenantDeps(c, services), 'segregation', { ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }) });
    },
  );

  route(
    app,
    createRoute({
      method: 'post',
      path: '/api/v1/runs/{id}/statements',
      tags: ['reports'],
      summary: "A compensation run's per-customer statements, as a job",
      description: 'Written beside the run as `statements/`; the job answers where, how many customers and files.',
      middleware: [requires('tenant.write')],
      request: { params: RunParams, body: { content: { 'application/json': { schema: StatementsBody } }, required: true } },
      responses: { 202: { description: 'The job, queued (follow it at its Location)' }, ...ERROR_RESPONSES },
    }),
    async (c) => {
      const { id } = valid<z.infer<typeof RunParams>>(c, 'param');
      const body = valid<z.infer<typeof StatementsBody>>(c, 'json');
      const deps = await tenantDeps(c, services);
      const run = await deps.store.getRun(id);
      if (run === null || run.kind !== 'compensate') throw new HttpError(404, 'server.run_not_found', { id });
      const run_dir = join(runsDir(services, principalOrThrow(c).tenant_id!), id);
      return enqueue(c, services, 'statements', { run_dir, out_dir: join(run_dir, 'statements'), force: true, ...body });
    },
  );
}
