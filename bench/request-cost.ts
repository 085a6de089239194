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

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Session } from 'node:inspector/promises';
import { spawn } from 'node:child_process';
import { Hono } from 'hono';
import { serve, type ServerType } from '@hono/node-server';
import { addToken, addUser } from '../src/app/accounts.ts';
import { checkSnapshot } from '../src/app/check.ts';
import { importSnapshot } from '../src/app/import.ts';
import { generateDemo } from '../src/demo/generate.ts';
import { downloadToken } from '../src/proof/download-token.ts';
import { fromHex } from '../src/proof/format.ts';
import { openStoreHandle } from '../src/store/open.ts';
import { LOCAL_TENANT, type Actor } from '../src/store/types.ts';
import { createServiceApp } from '../src/service/app.ts';

const REQUESTS = Number(process.argv[2] ?? 20_000);
const ACCOUNTS = Number(process.argv[3] ?? 20_000);
/** BENCH_CASE=…: only the cases whose name contains it; BENCH_PROFILE=file.cpuprofile: the CPU profile of its requests alone. */
const ONLY = process.env.BENCH_CASE;
const PROFILE = process.env.BENCH_PROFILE;
const profiler = PROFILE === undefined ? null : new Session();
profiler?.connect();
await profiler?.post('Profiler.enable');
const CONNECTIONS = 50;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const ADMIN: Actor = { type: 'cli', id: 'bench', role: null, tenant: null };

interface Cost {
  cpu_us: number;
  requests_per_s: number;
  status: number;
  errors: number;
}

interface Request {
  path: string;
  headers?: Record<string, string>;
}

// The load generator is another process: the CPU this process spends is then the server's alone.
const LOAD = `
const autocannon = require('autocannon');
const { url, requests, amount, connections } = JSON.parse(process.env.LOAD_CONFIG);
autocannon({ url, connections, amount, requests: requests.map((r) => ({ method: 'GET', ...r })) }, (error, result) => {
  if (error) throw error;
  process.stdout.write(JSON.stringify({ requests_per_s: result.requests.average, errors: result.errors + result.timeouts + result.non2xx, total: result.requests.total }));
});
`;

function loadFrom(url: string, requests: readonly Request[], amount: number): Promise<{ requests_per_s: number; errors: number; total: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', LOAD], { env: { ...process.env, LOAD_CONFIG: JSON.stringify({ url, requests, amount, connections: CONNECTIONS }) }, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`load generator exited ${code}`))));
  });
}

function listen(fetch: (request: globalThis.Request) => Response | Promise<Response>): Promise<{ server: ServerType; url: string }> {
  return new Promise((resolve) => {
    const server = serve({ fetch, hostname: '127.0.0.1', port: 0 }, (info) => resolve({ server, url: `http://127.0.0.1:${info.port}` }));
  });
}

/** BENCH_IN_PROCESS=1: the same requests through fetch() of the app itself, one at a time, no socket (hono and the route alone). */
async function costInProcess(fetch: (request: globalThis.Request) => Response | Promise<Response>, requests: readonly Request[], n: number): Promise<Cost> {
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

async function cost(fetch: (request: globalThis.Request) => Response | Promise<Response>, requests: readonly Request[], n: number): Promise<Cost> {
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

const work = await mkdtemp(join(tmpdir(), 'hozen-bench-request-cost-'));
const handle = await openStoreHandle({ db_dir: join(work, 'db') });
try {
  const demo = join(work, 'demo');
  await generateDemo({ out_dir: demo, accounts: ACCOUNTS, seed: 1 });
  const store = await handle.forTenant(LOCAL_TENANT, ADMIN);
  const { snapshot_id } = await importSnapshot({ store }, { dir: demo });
  await checkSnapshot({ store }, { snapshot: { id: snapshot_id } });
  const secret_file = join(work, 'master.hex');
  await writeFile(secret_file, 'ab'.repeat(32) + '\n');
  process.env.HOZEN_PROOF_SECRET_FILE = secret_file;
  const master = fromHex('ab'.repeat(32));
  const accounts = [...new Set(readFileSync(join(demo, 'balances.csv'), 'utf8').split('\n').slice(1, 4000).map((line) => line.split(',')[0]!).filter((a) => a !== ''))].slice(0, 200);

  const { user: officer } = await addUser({ handle, actor: ADMIN }, { name: 'bench-officer', role: 'officer', tenant: LOCAL_TENANT, password: 'a long enough password' });
  const officer_headers = { authorization: `Bearer ${(await addToken({ handle, actor: ADMIN }, { user: officer, label: 'bench', now_ms: Date.now() })).token}` };
  const customer_headers: Record<string, string>[] = [];
  for (const [i, account_id] of accounts.slice(0, 8).entries()) {
    const { user } = await addUser({ handle, actor: ADMIN }, { name: `bench-customer-${i}`, role: 'customer', tenant: LOCAL_TENANT, account_id, password: 'a long enough password' });
    customer_headers.push({ authorization: `Bearer ${(await addToken({ handle, actor: ADMIN }, { user, label: 'bench', now_ms: Date.now() })).token}` });
  }

  const app = createServiceApp({ handle, data_dir: join(work, 'service'), now_ms: () => Date.now() }, { log_error: (e) => console.error(e) });
  const service = app.fetch;
  const local = (path: string, init?: RequestInit) => app.request(`http://127.0.0.1${path}`, init);
  const built = await local(`/api/v1/snapshots/${snapshot_id}/prove`, { method: 'POST', headers: officer_headers });
  if (built.status !== 200) throw new Error(`prove: ${built.status} ${await built.text()}`);

  const check_path = `/api/v1/snapshots/${snapshot_id}/check`;
  const check_bytes = Buffer.from(await (await local(check_path, { headers: officer_headers })).arrayBuffer());
  const downloads = accounts.map((account_id) => ({ path: `/api/v1/proof/download/${downloadToken(master, { tenant_id: LOCAL_TENANT, snapshot_id, account_id })}` }));
  const proof_sample = await (await local(downloads[0]!.path)).text();

  const bare_app = new Hono();
  bare_app.get('/check', (c) => c.body(check_bytes, 200, { 'content-type': 'application/json; charset=utf-8' }));
  bare_app.get('/proof', (c) => c.body(proof_sample, 200, { 'content-type': 'application/json; charset=utf-8' }));
  const bare = bare_app.fetch;

  const cases: [string, typeof bare, Request[]][] = [
    ['bare hono, the check bytes', bare, [{ path: '/check' }]],
    ['GET /api/v1/snapshots/:id/check', service, [{ path: check_path, headers: officer_headers }]],
    ['bare hono, one proof', bare, [{ path: '/proof' }]],
    ['GET /api/v1/proof/download/{token}', service, downloads],
    ['GET /api/v1/proof (customer role)', service, customer_headers.map((headers) => ({ path: `/api/v1/proof?snapshot=${snapshot_id}`, headers }))],
    ['401 (no credential)', service, [{ path: check_path }]],
  ];
  console.log(`bench/request-cost: ${REQUESTS.toLocaleString('en')} requests per case from ${CONNECTIONS} connections of a load generator in another process; ${ACCOUNTS.toLocaleString('en')} accounts; Node ${process.version}`);
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
  await handle.close();
  await rm(work, { recursive: true, force: true });
}
