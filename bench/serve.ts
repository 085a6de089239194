// The service under load, on loopback: `GET /api/v1/snapshots/:id/check` (a stored check behind
// token authentication) from 200 concurrent clients, and, as the comparator in the same run, a
// bare hono endpoint on @hono/node-server answering the same bytes.
//
// 1. Throughput: 200 clients each sending its next request as soon as the last is answered, on
//    the bare endpoint, then on the service: the ratio is what counts on a shared machine.
// 2. Latency: 200 clients sending RATE requests per second between them, evenly paced
//    (paced-load.ts; autocannon's rate options send each second's quota in a burst). A saturated closed loop cannot show a latency target: by Little's law its mean
//    latency is clients / throughput (200 / 7,000 req/s = 29 ms), whatever the server does, and the
//    bare endpoint itself then has a p99 above 20 ms here.
// 3. The same paced load while a large snapshot is uploaded (tar) and imported through the API;
//    neither side may see an error.
//
//   npx tsx bench/serve.ts [seconds] [upload_accounts] [rate]   (default 60 s, 500,000 accounts ≈ 1M rows, 2,000 req/s)
//   DATABASE_URL=postgres://… npx tsx bench/serve.ts           (the service on a PostgreSQL server)
//   PGLITE_IN_PROCESS=1 npx tsx bench/serve.ts …               (PGlite on the service's thread, the comparison)
//
// Targets (issue 11): 0 errors, p99 ≤ 20 ms, throughput ≥ 0.5× the bare endpoint.

import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import autocannon from 'autocannon';
import pg from 'pg';
import { pacedLoad } from './paced-load.ts';
import { Hono } from 'hono';
import { serve, type ServerType } from '@hono/node-server';
import { create as createTar } from 'tar';
import { addToken, addUser } from '../src/app/accounts.ts';
import { checkSnapshot } from '../src/app/check.ts';
import { importSnapshot } from '../src/app/import.ts';
import { generateDemo } from '../src/demo/generate.ts';
import { SNAPSHOT_FILES } from '../src/snapshot/read/directory.ts';
import { openStoreHandle } from '../src/store/open.ts';
import { LOCAL_TENANT, type Actor } from '../src/store/types.ts';
import { startService } from '../src/service/serve.ts';

const SECONDS = Number(process.argv[2] ?? 60);
const UPLOAD_ACCOUNTS = Number(process.argv[3] ?? 500_000);
const RATE = Number(process.argv[4] ?? 2_000);
const CONNECTIONS = 200;
const ADMIN: Actor = { type: 'cli', id: 'bench', role: null, tenant: null };

interface Figures {
  requests_per_s: number;
  p50_ms: number;
  p99_ms: number;
  max_ms: number;
  errors: number;
  non_2xx: number;
}

async function load(url: string, headers: Record<string, string>, seconds: number, rate_per_s?: number): Promise<Figures> {
  if (rate_per_s !== undefined) return pacedLoad({ url, headers, clients: CONNECTIONS, rate_per_s, seconds });
  // The load generator runs in its own thread: on the server's event loop it would slow what it measures.
  const result = await autocannon({ url, connections: CONNECTIONS, duration: seconds, headers, workers: 1 });
  return {
    requests_per_s: result.requests.average,
    p50_ms: result.latency.p50,
    p99_ms: result.latency.p99,
    max_ms: result.latency.max,
    errors: result.errors + result.timeouts,
    non_2xx: result.non2xx,
  };
}

/** The longest time the service's thread was held (gaps between ticks of a 5 ms timer), and perf_hooks' delay histogram. */
function loopStall(): { stop(from_ms: number): { gap_max_ms: number; at_s: number; p99_ms: number } } {
  const TICK_MS = 5;
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  let last = performance.now();
  let gap_max_ms = 0;
  let at_ms = 0;
  const ticker = setInterval(() => {
    const now = performance.now();
    if (now - last - TICK_MS > gap_max_ms) {
      gap_max_ms = now - last - TICK_MS;
      at_ms = now;
    }
    last = now;
  }, TICK_MS);
  return {
    stop(from_ms) {
      clearInterval(ticker);
      histogram.disable();
      return { gap_max_ms, at_s: (at_ms - from_ms) / 1000, p99_ms: histogram.percentile(99) / 1e6 };
    },
  };
}

function listen(fetch: (request: Request) => Response | Promise<Response>): Promise<{ server: ServerType; url: string }> {
  return new Promise((resolve) => {
    const server = serve({ fetch, hostname: '127.0.0.1', port: 0 }, (info) => resolve({ server, url: `http://127.0.0.1:${info.port}` }));
  });
}

async function tarBytes(dir: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of createTar({ cwd: dir, portable: true }, [...SNAPSHOT_FILES]) as unknown as Readable) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

const work = await mkdtemp(join(tmpdir(), 'hozen-bench-serve-'));
const database_url = process.env.DATABASE_URL;
const pg_schema = `bench_serve_${process.pid}`;
// As `hozen serve` opens the embedded store: PGlite in a worker thread (PGLITE_IN_PROCESS=1: on the service's thread, as before).
const pglite_thread = process.env.PGLITE_IN_PROCESS !== '1';
const handle = await openStoreHandle(database_url === undefined ? { db_dir: join(work, 'db'), pglite_thread } : { database_url, pg_schema });
try {
  const small = join(work, 'small');
  await generateDemo({ out_dir: small, accounts: 2_000, seed: 1 });
  const store = await handle.forTenant(LOCAL_TENANT, ADMIN);
  const { snapshot_id } = await importSnapshot({ store }, { dir: small });
  await checkSnapshot({ store }, { snapshot: { id: snapshot_id } });
  const { user } = await addUser({ handle, actor: ADMIN }, { name: 'bench-officer', role: 'officer', tenant: LOCAL_TENANT, password: 'a long enough password' });
  const { token } = await addToken({ handle, actor: ADMIN }, { user, label: 'bench', now_ms: Date.now() });
  const headers = { authorization: `Bearer ${token}` };

  const service = await startService(handle, { host: '127.0.0.1', port: 0, data_dir: join(work, 'service'), workers: 0, log_error: (e) => console.error(e) });
  const check_url = `${service.url}/api/v1/snapshots/${snapshot_id}/check`;
  const sample = await (await fetch(check_url, { headers })).text();

  // The comparator answers the same bytes, encoded once, as the service's answer cache does.
  const sample_bytes = Buffer.from(sample, 'utf8');
  const bare_app = new Hono();
  bare_app.get('/check', (c) => c.body(sample_bytes, 200, { 'content-type': 'application/json; charset=utf-8' }));
  const bare = await listen(bare_app.fetch);

  console.log(`store: ${handle.kind}${database_url === undefined ? (pglite_thread ? ' in a worker thread' : ' on the service thread') : ''}; response: ${sample.length} bytes; ${CONNECTIONS} connections, ${SECONDS} s each; paced at ${RATE} req/s`);
  const bare_figures = await load(`${bare.url}/check`, {}, SECONDS);
  const service_figures = await load(check_url, headers, SECONDS);
  const bare_paced = await load(`${bare.url}/check`, {}, SECONDS, RATE);
  const service_paced = await load(check_url, headers, SECONDS, RATE);

  const upload_dir = join(work, 'upload');
  await generateDemo({ out_dir: upload_dir, accounts: UPLOAD_ACCOUNTS, seed: 2 });
  const archive = await tarBytes(upload_dir);
  const during = load(check_url, headers, SECONDS, RATE);
  const stall = loopStall();
  const upload_started = performance.now();
  const upload = await fetch(`${service.url}/api/v1/snapshots`, { method: 'POST', headers: { ...headers, 'content-type': 'application/x-tar' }, body: new Uint8Array(archive) });
  const upload_s = (performance.now() - upload_started) / 1000;
  const upload_json = (await upload.json()) as { balance_rows?: number; status?: string; error?: string };
  const under_upload = await during;
  const held = stall.stop(upload_started);

  bare.server.close();
  await service.close();

  const row = (name: string, f: Figures) =>
    `${name.padEnd(40)} ${f.requests_per_s.toFixed(0).padStart(8)} req/s  p50 ${String(f.p50_ms).padStart(4)} ms  p99 ${String(f.p99_ms).padStart(4)} ms  max ${String(f.max_ms).padStart(5)} ms  errors ${f.errors}  non-2xx ${f.non_2xx}`;
  console.log(row('bare hono endpoint, saturated', bare_figures));
  console.log(row('GET …/check, saturated', service_figures));
  console.log(row(`bare hono endpoint, ${RATE} req/s`, bare_paced));
  console.log(row(`GET …/check, ${RATE} req/s`, service_paced));
  console.log(row(`  … while a snapshot uploads`, under_upload));
  console.log(`throughput ratio service / bare: ${(service_figures.requests_per_s / bare_figures.requests_per_s).toFixed(2)} (target ≥ 0.5); p99 at ${RATE} req/s ${service_paced.p99_ms} ms, during the upload ${under_upload.p99_ms} ms (target ≤ 20)`);
  console.log(`upload + import of ${upload_json.balance_rows ?? '?'} rows (${(archive.length / 1024 ** 2).toFixed(0)} MiB tar): HTTP ${upload.status} ${upload_json.status ?? upload_json.error ?? ''} in ${upload_s.toFixed(1)} s`);
  console.log(`the service's thread during the upload: longest hold ${held.gap_max_ms.toFixed(0)} ms (ending ${held.at_s.toFixed(1)} s into the upload), event-loop delay p99 ${held.p99_ms.toFixed(0)} ms; load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  const errors = [bare_figures, service_figures, bare_paced, service_paced, under_upload].reduce((n, f) => n + f.errors + f.non_2xx, 0);
  console.log(`errors on either side: ${errors + (upload.status === 200 ? 0 : 1)}`);
} finally {
  await handle.close();
  await rm(work, { recursive: true, force: true });
  if (database_url !== undefined) {
    // The schema is this run's own: leave the shared server as it was.
    const client = new pg.Client({ connectionString: database_url });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS "${pg_schema}" CASCADE`).finally(() => client.end());
  }
}
