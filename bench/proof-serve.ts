// The proof endpoint under load, on loopback: `GET /api/v1/proof/download/{token}` (a customer's
// proof by its download token: the MAC checked, the proof derived from the tree the service keeps
// open, written as the CLI writes it) and `GET /api/v1/proof?snapshot=…` (the customer role's own
// proof, behind token authentication), each over many different customers' tokens, against a bare
// hono endpoint answering one proof of the same size on @hono/node-server in the same run.
//
//   npx tsx bench/proof-serve.ts [seconds] [accounts]     (default 20 s, 20,000 accounts: a tree of 2^16 leaves)
//     --tree-customers N   also the download route from a tree of N synthetic customers × 10
//                          assets (bench/support/synthetic-balances.ts, the customers of
//                          bench/prove.ts), with tokens of --tree-tokens random customers (default 10,000)
//     --tree-dir DIR       build that tree in DIR and keep it; a later run with the same N reuses it
//                          (10M: minutes and 6.5 GB); without it, a temporary directory removed at the end
//
// Target (issue 16): ≥ 5,000 lookups/s.

import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { Hono } from 'hono';
import { startService } from '../src/service/serve.ts';
import { listen, openBenchService, syntheticTreeDownloads, TREE_OPTIONS, type BenchRequest } from './support/service-fixture.ts';

const { values: options, positionals } = parseArgs({ allowPositionals: true, options: TREE_OPTIONS });
const SECONDS = Number(positionals[0] ?? 20);
const ACCOUNTS = Number(positionals[1] ?? 20_000);
const CONNECTIONS = 50;

interface Figures {
  requests_per_s: number;
  p50_ms: number;
  p99_ms: number;
  errors: number;
  non_2xx: number;
}

async function load(requests: BenchRequest[], url: string, seconds: number): Promise<Figures> {
  // Each connection goes through the requests in turn: as many different customers as there are.
  const result = await autocannon({ url, connections: CONNECTIONS, duration: seconds, workers: 1, requests: requests.map((r) => ({ method: 'GET' as const, path: r.path, ...(r.headers === undefined ? {} : { headers: r.headers }) })) });
  return { requests_per_s: result.requests.average, p50_ms: result.latency.p50, p99_ms: result.latency.p99, errors: result.errors + result.timeouts, non_2xx: result.non2xx };
}

const bench = await openBenchService({ name: 'proof-serve', accounts: ACCOUNTS, accounts_kept: CONNECTIONS * 4 });
try {
  const tree = await syntheticTreeDownloads(bench, options);
  const tree_downloads = tree?.downloads ?? [];
  const service = await startService(bench.handle, { host: '127.0.0.1', port: 0, data_dir: bench.data_dir, workers: 0, log_error: (e) => console.error(e) });
  await bench.prove((path, init) => fetch(service.url + path, init));
  const downloads = bench.downloadPaths(bench.accounts);
  const sample = await (await fetch(service.url + downloads[0]!.path)).text();
  if (!sample.includes('"leaf"')) throw new Error(`download: ${sample.slice(0, 200)}`);
  const tree_sample = tree_downloads.length === 0 ? '' : await (await fetch(service.url + tree_downloads[0]!.path)).text();
  if (tree_downloads.length > 0 && !tree_sample.includes('"leaf"')) throw new Error(`download from the synthetic tree: ${tree_sample.slice(0, 200)}`);

  const bare_app = new Hono();
  bare_app.get('/proof', (c) => c.body(sample, 200, { 'content-type': 'application/json; charset=utf-8' }));
  bare_app.get('/tree-proof', (c) => c.body(tree_sample, 200, { 'content-type': 'application/json; charset=utf-8' }));
  const bare = await listen(bare_app.fetch);

  console.log(`bench/proof-serve: ${ACCOUNTS.toLocaleString('en')} accounts, store ${bench.handle.kind}, proof ${sample.length} bytes${tree_downloads.length === 0 ? '' : ` (${tree_sample.length} from the synthetic tree)`}, ${CONNECTIONS} connections, ${SECONDS} s each${tree === null ? '' : `; ${tree.note}`}, Node ${process.version}`);
  const rows: [string, Figures][] = [];
  rows.push(['bare hono endpoint (one fixed proof)', await load([{ path: '/proof' }], bare.url, SECONDS)]);
  rows.push(['GET /api/v1/proof/download/{token}', await load(downloads, service.url, SECONDS)]);
  rows.push(['GET /api/v1/proof (customer role)', await load(bench.customer_headers.map((headers) => ({ path: `/api/v1/proof?snapshot=${bench.snapshot_id}`, headers })), service.url, SECONDS)]);
  if (tree_downloads.length > 0) {
    rows.push(['bare hono endpoint (one synthetic proof)', await load([{ path: '/tree-proof' }], bare.url, SECONDS)]);
    rows.push([`download from the ${tree!.label}`, await load(tree_downloads, service.url, SECONDS)]);
  }
  bare.server.close();
  await service.close();

  const row = (name: string, f: Figures) => `${name.padEnd(40)} ${f.requests_per_s.toFixed(0).padStart(7)} req/s  p50 ${String(f.p50_ms).padStart(4)} ms  p99 ${String(f.p99_ms).padStart(4)} ms  errors ${f.errors}  non-2xx ${f.non_2xx}`;
  for (const [name, f] of rows) console.log(row(name, f));
  const rate = (i: number) => rows[i]![1].requests_per_s;
  console.log(`ratio download / bare: ${(rate(1) / rate(0)).toFixed(2)}; customer route / bare: ${(rate(2) / rate(0)).toFixed(2)}${rows.length > 3 ? `; download from the synthetic tree / bare: ${(rate(4) / rate(3)).toFixed(2)}, / download from the small tree: ${(rate(4) / rate(1)).toFixed(2)}` : ''}; load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
} finally {
  await bench.close();
}
