// The proof endpoint under load, on loopback: `GET /api/v1/proof/download/{token}` (a customer's
// proof by its download token: the MAC checked, the proof derived from the tree the service keeps
// open, written as the CLI writes it) and `GET /api/v1/proof?snapshot=…` (the customer role's own
// proof, behind token authentication), each over as many different customers' tokens as there are
// connections, against a bare hono endpoint answering one proof of the same size on
// @hono/node-server in the same run.
//
//   npx tsx bench/proof-serve.ts [seconds] [accounts]     (default 20 s, 20,000 accounts)
//
// Target (issue 16): ≥ 5,000 lookups/s.

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { Hono } from 'hono';
import { serve, type ServerType } from '@hono/node-server';
import { addToken, addUser } from '../src/app/accounts.ts';
import { importSnapshot } from '../src/app/import.ts';
import { generateDemo } from '../src/demo/generate.ts';
import { downloadToken } from '../src/proof/download-token.ts';
import { fromHex } from '../src/proof/format.ts';
import { openStoreHandle } from '../src/store/open.ts';
import { LOCAL_TENANT, type Actor } from '../src/store/types.ts';
import { startService } from '../src/service/serve.ts';
import { readFileSync } from 'node:fs';

const SECONDS = Number(process.argv[2] ?? 20);
const ACCOUNTS = Number(process.argv[3] ?? 20_000);
const CONNECTIONS = 50;
const ADMIN: Actor = { type: 'cli', id: 'bench', role: null, tenant: null };

interface Figures {
  requests_per_s: number;
  p50_ms: number;
  p99_ms: number;
  errors: number;
  non_2xx: number;
}

async function load(requests: { path: string; headers?: Record<string, string> }[], url: string, seconds: number): Promise<Figures> {
  // Each connection goes through the requests in turn: as many different customers as there are.
  const result = await autocannon({ url, connections: CONNECTIONS, duration: seconds, workers: 1, requests: requests.map((r) => ({ method: 'GET' as const, path: r.path, ...(r.headers === undefined ? {} : { headers: r.headers }) })) });
  return { requests_per_s: result.requests.average, p50_ms: result.latency.p50, p99_ms: result.latency.p99, errors: result.errors + result.timeouts, non_2xx: result.non2xx };
}

function listen(fetch: (request: Request) => Response | Promise<Response>): Promise<{ server: ServerType; url: string }> {
  return new Promise((resolve) => {
    const server = serve({ fetch, hostname: '127.0.0.1', port: 0 }, (info) => resolve({ server, url: `http://127.0.0.1:${info.port}` }));
  });
}

const work = await mkdtemp(join(tmpdir(), 'hozen-bench-proof-serve-'));
const handle = await openStoreHandle({ db_dir: join(work, 'db') });
try {
  const demo = join(work, 'demo');
  await generateDemo({ out_dir: demo, accounts: ACCOUNTS, seed: 1 });
  const store = await handle.forTenant(LOCAL_TENANT, ADMIN);
  const { snapshot_id } = await importSnapshot({ store }, { dir: demo });
  const secret_file = join(work, 'master.hex');
  await writeFile(secret_file, 'ab'.repeat(32) + '\n');
  process.env.HOZEN_PROOF_SECRET_FILE = secret_file;
  const master = fromHex('ab'.repeat(32));
  const accounts = [...new Set(readFileSync(join(demo, 'balances.csv'), 'utf8').split('\n').slice(1, 4000).map((line) => line.split(',')[0]!).filter((a) => a !== ''))].slice(0, CONNECTIONS * 4);

  const { user: officer } = await addUser({ handle, actor: ADMIN }, { name: 'bench-officer', role: 'officer', tenant: LOCAL_TENANT, password: 'a long enough password' });
  const { token: officer_token } = await addToken({ handle, actor: ADMIN }, { user: officer, label: 'bench', now_ms: Date.now() });
  const customer_headers: Record<string, string>[] = [];
  for (const [i, account_id] of accounts.slice(0, 8).entries()) {
    const { user } = await addUser({ handle, actor: ADMIN }, { name: `bench-customer-${i}`, role: 'customer', tenant: LOCAL_TENANT, account_id, password: 'a long enough password' });
    customer_headers.push({ authorization: `Bearer ${(await addToken({ handle, actor: ADMIN }, { user, label: 'bench', now_ms: Date.now() })).token}` });
  }

  const service = await startService(handle, { host: '127.0.0.1', port: 0, data_dir: join(work, 'service'), workers: 0, log_error: (e) => console.error(e) });
  const built = await fetch(`${service.url}/api/v1/snapshots/${snapshot_id}/prove`, { method: 'POST', headers: { authorization: `Bearer ${officer_token}` } });
  if (built.status !== 200) throw new Error(`prove: ${built.status} ${await built.text()}`);
  const downloads = accounts.map((account_id) => ({ path: `/api/v1/proof/download/${downloadToken(master, { tenant_id: LOCAL_TENANT, snapshot_id, account_id })}` }));
  const sample = await (await fetch(service.url + downloads[0]!.path)).text();
  if (!sample.includes('"leaf"')) throw new Error(`download: ${sample.slice(0, 200)}`);

  const bare_app = new Hono();
  bare_app.get('/proof', (c) => c.body(sample, 200, { 'content-type': 'application/json; charset=utf-8' }));
  const bare = await listen(bare_app.fetch);

  console.log(`bench/proof-serve: ${ACCOUNTS.toLocaleString('en')} accounts, store ${handle.kind}, proof ${sample.length} bytes, ${CONNECTIONS} connections, ${SECONDS} s each, Node ${process.version}`);
  const bare_figures = await load([{ path: '/proof' }], bare.url, SECONDS);
  const download_figures = await load(downloads, service.url, SECONDS);
  const customer_figures = await load(customer_headers.map((headers) => ({ path: `/api/v1/proof?snapshot=${snapshot_id}`, headers })), service.url, SECONDS);
  bare.server.close();
  await service.close();

  const row = (name: string, f: Figures) => `${name.padEnd(40)} ${f.requests_per_s.toFixed(0).padStart(7)} req/s  p50 ${String(f.p50_ms).padStart(4)} ms  p99 ${String(f.p99_ms).padStart(4)} ms  errors ${f.errors}  non-2xx ${f.non_2xx}`;
  console.log(row('bare hono endpoint (one fixed proof)', bare_figures));
  console.log(row('GET /api/v1/proof/download/{token}', download_figures));
  console.log(row('GET /api/v1/proof (customer role)', customer_figures));
  console.log(`ratio download / bare: ${(download_figures.requests_per_s / bare_figures.requests_per_s).toFixed(2)}; customer route / bare: ${(customer_figures.requests_per_s / bare_figures.requests_per_s).toFixed(2)}; load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
} finally {
  await handle.close();
  await rm(work, { recursive: true, force: true });
}
