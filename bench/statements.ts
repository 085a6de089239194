// bench/statements: per-customer compensation statements for N customers (default 1M; a fifth of
// them lost two assets, so their rows lie apart in payouts.csv), both languages, next to a plain
// streaming copy of the same payouts.csv line by line (read, split the account id, write), in the
// same run. Prints wall time, customers/s, the ratio to the copy, the output's size and the peak
// RSS (sampled), which stays flat however many customers: one bucket is held at a time.
//
//   npx tsx bench/statements.ts
//   BENCH_CUSTOMERS=100000 npx tsx bench/statements.ts

import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { statementsJob } from '../src/app/statements.ts';
import { PAYOUTS_HEADER } from '../src/compensation/csv.ts';
import type { AppDeps } from '../src/app/deps.ts';

const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 1_000_000);

async function writePayouts(path: string): Promise<number> {
  const out = createWriteStream(path);
  let rows = 0;
  let chunk = PAYOUTS_HEADER + '\n';
  const put = async (line: string) => {
    chunk += line;
    rows += 1;
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  };
  // BTC rows for everyone, then XEM rows for every fifth customer: a customer's rows are apart.
  for (let i = 0; i < CUSTOMERS; i++) await put(`C${String(i).padStart(9, '0')},BTC,1.5,0.75,0.75,0,0,0,0\n`);
  for (let i = 0; i < CUSTOMERS; i += 5) await put(`C${String(i).padStart(9, '0')},XEM,1000,10,0,885,0,0,0.49\n`);
  out.end(chunk);
  await once(out, 'close');
  return rows;
}

async function copyBaseline(src: string, dst: string): Promise<void> {
  const out = createWriteStream(dst);
  let chunk = '';
  for await (const line of createInterface({ input: createReadStream(src, { encoding: 'utf8' }), crlfDelay: Infinity })) {
    chunk += line.slice(0, line.indexOf(',')) + '|' + line + '\n';
    if (chunk.length > 1 << 16) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'close');
}

async function dirSize(dir: string): Promise<number> {
  let total = 0;
  for (const name of await readdir(dir)) total += (await stat(join(dir, name))).size;
  return total;
}

const work = await mkdtemp(join(tmpdir(), 'hozen-bench-st-'));
try {
  const run_dir = join(work, 'run');
  await (await import('node:fs/promises')).mkdir(run_dir);
  const rows = await writePayouts(join(run_dir, 'payouts.csv'));
  await writeFile(
    join(run_dir, 'summary.json'),
    JSON.stringify({ incident: 'INC-BENCH', run_id: 'compensate-000000000000000000000000', base_currency: 'JPY', rows, reference_prices: [{ asset: 'XEM', rule: 'fixed', price: '88.549' }] }),
  );
  // The job reads only the run's kind and the snapshot list from the store.
  const deps = { store: { getRun: async () => ({ id: 'compensate-000000000000000000000000', kind: 'compensate', snapshot_id: 's' }), listSnapshots: async () => [{ id: 's', exchange_name: 'Bench Exchange K.K.', as_of: '2026-11-25T00:00:00+09:00' }] } } as unknown as AppDeps;
  let peak = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  const t0 = performance.now();
  await copyBaseline(join(run_dir, 'payouts.csv'), join(work, 'copy.txt'));
  const copy_ms = performance.now() - t0;
  const rss_before = process.memoryUsage().rss;
  peak = rss_before;
  const t1 = performance.now();
  const result = await statementsJob(deps, { run_dir, out_dir: join(work, 'statements'), contact: 'お客様窓口 0120-000-000', issued_on: '2026-11-24' });
  const job_ms = performance.now() - t1;
  clearInterval(sampler);
  const bytes = await dirSize(join(work, 'statements'));
  console.log(`customers ${result.customers.toLocaleString('en')}, rows ${rows.toLocaleString('en')}, buckets ${result.buckets}, files ${result.files} per language`);
  console.log(`statements (ja + en): ${(job_ms / 1000).toFixed(1)} s, ${Math.round(result.customers / (job_ms / 1000)).toLocaleString('en')} customers/s, output ${(bytes / 2 ** 20).toFixed(0)} MiB`);
  console.log(`comparator (stream payouts.csv line by line to a file): ${(copy_ms / 1000).toFixed(1)} s`);
  console.log(`ratio statements / comparator: ${(job_ms / copy_ms).toFixed(1)}×`);
  console.log(`RSS before ${(rss_before / 2 ** 20).toFixed(0)} MiB, peak during the job ${(peak / 2 ** 20).toFixed(0)} MiB`);
} finally {
  await rm(work, { recursive: true, force: true });
}
