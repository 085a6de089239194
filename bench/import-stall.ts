// How long PGlite holds the event loop while a large snapshot imports: the longest gap between
// ticks of a 5 ms timer (and perf_hooks' event-loop delay histogram) during `importSnapshot`,
// with PGlite on this thread (as the CLI opens it) and in a worker thread of its own (as
// `hozen serve` opens it); and the CPU time of the main thread, which a loaded machine distorts
// least.
//
//   npx tsx bench/import-stall.ts [accounts] [in-process|thread|both]   (default 500,000 ≈ 1M rows, both)

import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { importSnapshot } from '../src/app/import.ts';
import { generateDemo } from '../src/demo/generate.ts';
import { openStoreHandle } from '../src/store/open.ts';
import { LOCAL_TENANT, type Actor } from '../src/store/types.ts';

const ACCOUNTS = Number(process.argv[2] ?? 500_000);
const WHICH = process.argv[3] ?? 'both';
const ADMIN: Actor = { type: 'cli', id: 'bench', role: null, tenant: null };
const TICK_MS = 5;

/** CPU seconds of this process's main thread (Linux: /proc; Node 20 has no per-thread CPU call): what the service's thread gave to the import, whatever the machine's load. */
function mainThreadCpuS(): number {
  const fields = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

async function measure(work: string, snapshot_dir: string, thread: boolean): Promise<void> {
  const db_dir = join(work, thread ? 'db-thread' : 'db-in-process');
  const handle = await openStoreHandle({ db_dir, pglite_thread: thread });
  try {
    const store = await handle.forTenant(LOCAL_TENANT, ADMIN);
    const histogram = monitorEventLoopDelay({ resolution: 10 });
    let last = performance.now();
    let gap_max_ms = 0;
    let gaps_over_1s = 0;
    const ticker = setInterval(() => {
      const now = performance.now();
      const gap = now - last - TICK_MS;
      if (gap > gap_max_ms) gap_max_ms = gap;
      if (gap > 1_000) gaps_over_1s += 1;
      last = now;
    }, TICK_MS);
    histogram.enable();
    const cpu = process.cpuUsage();
    const main_cpu_s = mainThreadCpuS();
    const started = performance.now();
    const result = await importSnapshot({ store }, { dir: snapshot_dir });
    const took_s = (performance.now() - started) / 1000;
    const used = process.cpuUsage(cpu);
    const cpu_s = (used.user + used.system) / 1e6;
    const main_s = mainThreadCpuS() - main_cpu_s;
    histogram.disable();
    clearInterval(ticker);
    console.log(
      `${thread ? 'PGlite in a worker thread' : 'PGlite on this thread  '}: ${result.balance_rows} rows in ${took_s.toFixed(1)} s; ` +
        `longest gap ${gap_max_ms.toFixed(0)} ms, gaps > 1 s: ${gaps_over_1s}; event-loop delay p99 ${(histogram.percentile(99) / 1e6).toFixed(0)} ms, max ${(histogram.max / 1e6).toFixed(0)} ms; ` +
        `CPU: process ${cpu_s.toFixed(1)} s, main thread ${main_s.toFixed(1)} s; load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`,
    );
  } finally {
    await handle.close();
  }
}

const work = await mkdtemp(join(tmpdir(), 'hozen-bench-stall-'));
try {
  const snapshot_dir = join(work, 'snapshot');
  await generateDemo({ out_dir: snapshot_dir, accounts: ACCOUNTS, seed: 2 });
  if (WHICH !== 'thread') await measure(work, snapshot_dir, false);
  if (WHICH !== 'in-process') await measure(work, snapshot_dir, true);
} finally {
  await rm(work, { recursive: true, force: true });
}
