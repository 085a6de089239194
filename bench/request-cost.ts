// What one request costs the service's process, over loopback: a load generator in another process
// (autocannon, 50 connections) sends a fixed number of requests to each hot read route, and this
// process's CPU time (process.cpuUsage: user + system, every thread, so the kernel's socket writes
// too) is divided by the number of requests answered; beside it, a bare hono endpoint answering
// the same bytes on @hono/node-server. CPU per request hardly depends on how loaded the shared
// machine is, where req/s does (req/s is printed too, for the conditions).
//
//   npx tsx bench/request-cost.ts [requests] [accounts]     (default 20,000 requests, 20,000 accounts; BENCH_ROUNDS=3 rounds, the least CPU of each kept)
//   BENCH_IN_PROCESS=1 …                                  (through the app's fetch() in this process: no socket, no load generator)
//   BENCH_CASE=download BENCH_PROFILE=/tmp/download.cpuprofile npx tsx bench/request-cost.ts   (one route, profiled)

import { writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { Session } from 'node:inspector/promises';
import { spawn } from 'node:child_process';
import { Hono } from 'hono';
import { listen, openBenchService, syntheticTreeDownloads, TREE_OPTIONS, type BenchRequest } from './support/service-fixture.ts';
import { createServiceApp } from '../src/service/app.ts';

const { values: options, positionals } = parseArgs({ allowPositionals: true, options: TREE_OPTIONS });
const REQUESTS = Number(positionals[0] ?? 20_000);
const ACCOUNTS = Number(positionals[1] ?? 20_000);
/** BENCH_CASE=…: only the cases whose name contains it; BENCH_PROFILE=file.cpuprofile: the CPU profile of its requests alone. */
const ONLY = process.env.BENCH_CASE;
const PROFILE = process.env.BENCH_PROFILE;
const profiler = PROFILE === undefined ? null : new Session();
profiler?.connect();
await profiler?.post('Profiler.enable');
const CONNECTIONS = 50;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

interface Cost {
  cpu_us: number;
  requests_per_s: number;
  status: number;
  errors: number;
}

// The load generator is another process: the CPU this process spends is then the server's alone.
const LOAD = `
const autocannon = require('autocannon');
let config = '';
process.stdin.on('data', (chunk) => (config += chunk)).on('end', () => {
const { url, requests, amount, connections } = JSON.parse(config);
autocannon({ url, connections, amount, requests: requests.map((r) => ({ method: 'GET', ...r })) }, (error, result) => {
  if (error) throw error;
  process.stdout.write(JSON.stringify({ requests_per_s: result.requests.average, errors: result.errors + result.timeouts + result.non2xx, total: result.requests.total }));
});
});
`;

function loadFrom(url: string, requests: readonly BenchRequest[], amount: number): Promise<{ requests_per_s: number; errors: number; total: number }> {
  return new Promise((resolve, reject) => {
    // The requests on its standard input: thousands of download tokens are more than an environment variable holds.
    const child = spawn(process.execPath, ['-e', LOAD], { stdio: ['pipe', 'pipe', 'inherit'] });
    child.stdin.end(JSON.stringify({ url, requests, amount, connections: CONNECTIONS }));
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`load generator exited ${code}`))));
  });
}

/** BENCH_IN_PROCESS=1: the same requests through fetch() of the app itself, one at a time, no socket (hono and the route alone). */
async function costInProcess(fetch: (request: globalThis.Request) => Response | Promise<Response>, requests: readonly BenchRequest[], n: number): Promise<Cost> {
  const made = requests.map((r) => ({ url: `http://127.0.0.1${r.path}`, headers: r.headers ?? {} }));
  let status = 0;
  const one = async (i: number) => {
    const r = made[i % made.length]!;
    status = (await fetch(new globalThis.Request(r.url, { headers: r.headers }))).status;
  };
  for (let i = 0; i < Math.min(n, 2_000); i++) await one(i);
  if (profiler !== null) await profiler.post('Profiler.start');
  const cpu = process.cpuUsage();
  const started = performance.now();
  for (let i = 0; i < n; i++) await one(i);
  const used = process.cpuUsage(cpu);
  const seconds = (performance.now() - started) / 1000;
  if (profiler !== null) await writeFile(PROFILE!, JSON.stringify((await profiler.post('Profiler.stop')).profile));
  return { cpu_us: (used.user + used.system) / n, requests_per_s: n / seconds, status, errors: 0 };
}

async function cost(fetch: (request: globalThis.Request) => Response | Promise<Response>, requests: readonly BenchRequest[], n: number): Promise<Cost> {
  if (process.env.BENCH_IN_PROCESS === '1') return costInProcess(fetch, requests, n);
  const { server, url } = await listen(fetch);
  try {
    const first = await globalThis.fetch(url + requests[0]!.path, { headers: requests[0]!.headers ?? {} });
    await first.arrayBuffer();
    await loadFrom(url, requests, Math.min(n, 2_000));
    if (profiler !== null) await profiler.post('Profiler.start');
    const cpu = process.cpuUsage();
    const load = await loadFrom(url, requests, n);
    const used = process.cpuUsage(cpu);
    if (profiler !== null) await writeFile(PROFILE!, JSON.stringify((await profiler.post('Profiler.stop')).profile));
    return { cpu_us: (used.user + used.system) / load.total, requests_per_s: load.requests_per_s, status: first.status, errors: load.errors };
  } finally {
    server.close();
  }
}

const bench = await openBenchService({ name: 'request-cost', accounts: ACCOUNTS, accounts_kept: 200, check: true });
try {
  const { snapshot_id, officer_headers, customer_headers } = bench;
  const app = createServiceApp({ handle: bench.handle, data_dir: bench.data_dir, now_ms: () => Date.now() }, { log_error: (e) => console.error(e) });
  const service = app.fetch;
  const local = (path: string, init?: RequestInit) => app.request(`http://127.0.0.1${path}`, init);
  await bench.prove(local);

  const check_path = `/api/v1/snapshots/${snapshot_id}/check`;
  const check_bytes = Buffer.from(await (await local(check_path, { headers: officer_headers })).arrayBuffer());
  const downloads = bench.downloadPaths(bench.accounts);
  const proof_sample = await (await local(downloads[0]!.path)).text();
  const tree = await syntheticTreeDownloads(bench, options);
  const tree_sample = tree === null ? '' : await (await local(tree.downloads[0]!.path)).text();

  const bare_app = new Hono();
  bare_app.get('/check', (c) => c.body(check_bytes, 200, { 'content-type': 'application/json; charset=utf-8' }));
  bare_app.get('/proof', (c) => c.body(proof_sample, 200, { 'content-type': 'application/json; charset=utf-8' }));
  bare_app.get('/tree-proof', (c) => c.body(tree_sample, 200, { 'content-type': 'application/json; charset=utf-8' }));
  const bare = bare_app.fetch;

  const cases: [string, typeof bare, BenchRequest[]][] = [
    ['bare hono, the check bytes', bare, [{ path: '/check' }]],
    ['GET /api/v1/snapshots/:id/check', service, [{ path: check_path, headers: officer_headers }]],
    ['bare hono, one proof', bare, [{ path: '/proof' }]],
    ['GET /api/v1/proof/download/{token}', service, downloads],
    ['GET /api/v1/proof (customer role)', service, customer_headers.map((headers) => ({ path: `/api/v1/proof?snapshot=${snapshot_id}`, headers }))],
    ['401 (no credential)', service, [{ path: check_path }]],
    ...(tree === null
      ? []
      : ([
          [`bare hono, one proof of the ${tree.label}`, bare, [{ path: '/tree-proof' }]],
          [`download from the ${tree.label}`, service, tree.downloads],
        ] as [string, typeof bare, BenchRequest[]][])),
  ];
  console.log(`bench/request-cost: ${REQUESTS.toLocaleString('en')} requests per case from ${CONNECTIONS} connections of a load generator in another process; ${ACCOUNTS.toLocaleString('en')} accounts${tree === null ? '' : `; ${tree.note}`}; Node ${process.version}`);
  // Rounds over every case in turn, the least of each case's CPU figures kept: the one the other work on the machine disturbed least.
  const best = new Map<string, Cost>();
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, fetch, requests] of cases) {
      if (ONLY !== undefined && !name.includes(ONLY)) continue;
      const c = await cost(fetch, requests, REQUESTS);
      if (c.cpu_us < (best.get(name)?.cpu_us ?? Infinity)) best.set(name, c);
    }
  }
  for (const [name, c] of best) console.log(`${name.padEnd(40)} CPU ${c.cpu_us.toFixed(1).padStart(7)} µs/request  ${c.requests_per_s.toFixed(0).padStart(6)} req/s  status ${c.status}  errors ${c.errors}`);
  console.log(`load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
} finally {
  await bench.close();
}
