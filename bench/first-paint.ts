// Time to first paint of the dashboard's overview in Chromium, for an exchange of ~10M balance
// rows against one of ~1k rows, in the same run and the same service:
//
//   npx tsx bench/first-paint.ts [large_rows] [rounds]     (default 10,000,000 rows, 15 rounds; medians)
//
// Target: the large exchange's first paint ≤ 1.2× the small one's. The overview is drawn from the
// stored checks only (no page reads balance rows), so the size of the snapshot should not show.
// Both exchanges are tenants of one embedded store (PGlite) behind one service, each with its own
// officer; the two are loaded alternately in fresh browser contexts so that load on the machine
// falls on both alike. Setup (the demo written, imported and checked) is timed and printed, not
// compared. Figures go to docs/performance.md.

import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir, loadavg } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { addTenant, addUser } from '../src/app/accounts.ts';
import { checkSnapshot } from '../src/app/check.ts';
import { importSnapshot } from '../src/app/import.ts';
import { generateDemo } from '../src/demo/generate.ts';
import { startService } from '../src/service/serve.ts';
import { openStoreHandle } from '../src/store/open.ts';
import type { Actor } from '../src/store/types.ts';

const LARGE_ROWS = Number(process.argv[2] ?? 10_000_000);
const ROUNDS = Number(process.argv[3] ?? 15);
const SMALL_ROWS = 1_000;
/** The demo writes about this many balance rows per account (measured: 2,078 rows for 1,000 accounts). */
const ROWS_PER_ACCOUNT = 2.078;
const CHROMIUM = process.env.HOZEN_CHROMIUM ?? '/usr/bin/chromium';
const PASSWORD = 'bench password 1';
const ADMIN: Actor = { type: 'cli', id: 'first-paint-bench', role: null, tenant: null };

/** Run in the page: the first paint (ms from navigation start) and when the response ended. */
const PAINT_TIMING = `new Promise((resolve) => {
  const nav = performance.getEntriesByType('navigation')[0];
  const done = (paint) => resolve({ paint, response: nav ? nav.responseEnd : null });
  const seen = performance.getEntriesByType('paint').find((p) => p.name === 'first-paint');
  if (seen) return done(seen.startTime);
  new PerformanceObserver((list) => {
    const p = list.getEntries().find((e) => e.name === 'first-paint');
    if (p) done(p.startTime);
  }).observe({ type: 'paint', buffered: true });
  setTimeout(() => done(null), 5000);
})`;

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

if (!existsSync(CHROMIUM)) {
  console.log(`first-paint: skipped, no Chromium at ${CHROMIUM}`);
  process.exit(0);
}

const work = await mkdtemp(join(tmpdir(), 'hozen-first-paint-'));
try {
  const handle = await openStoreHandle({ db_dir: join(work, 'db') });
  const exchanges = [
    { tenant: 'small', accounts: Math.max(1, Math.round(SMALL_ROWS / ROWS_PER_ACCOUNT)) },
    { tenant: 'large', accounts: Math.max(1, Math.round(LARGE_ROWS / ROWS_PER_ACCOUNT)) },
  ];
  const rows = new Map<string, number>();
  for (const e of exchanges) {
    const t0 = performance_now();
    const dir = join(work, e.tenant);
    await generateDemo({ out_dir: dir, accounts: e.accounts, seed: 7 });
    const t1 = performance_now();
    await addTenant({ handle, actor: ADMIN }, { id: e.tenant, name: e.tenant, time_zone: 'Asia/Tokyo' });
    await addUser({ handle, actor: ADMIN }, { name: `officer-${e.tenant}`, role: 'officer', tenant: e.tenant, password: PASSWORD });
    const { close: _close, ...store } = await handle.forTenant(e.tenant, ADMIN);
    const imported = await importSnapshot({ store }, { dir });
    const t2 = performance_now();
    await checkSnapshot({ store }, { snapshot: { id: imported.snapshot_id } });
    const t3 = performance_now();
    const record = (await store.listSnapshots()).at(-1)!;
    rows.set(e.tenant, record.balance_rows);
    await rm(dir, { recursive: true, force: true });
    console.log(`setup ${e.tenant}: ${record.balance_rows.toLocaleString('en')} balance rows; demo ${((t1 - t0) / 1000).toFixed(1)} s, import ${((t2 - t1) / 1000).toFixed(1)} s, check ${((t3 - t2) / 1000).toFixed(2)} s`);
  }

  const service = await startService(handle, { host: '127.0.0.1', port: 0, data_dir: join(work, 'service'), workers: 0, log_error: (e) => console.error(e) });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
  const paints = new Map<string, number[]>(exchanges.map((e) => [e.tenant, []]));
  const ttfb = new Map<string, number[]>(exchanges.map((e) => [e.tenant, []]));
  // A context per exchange, logged in once; each round loads the overview afresh in a new page.
  const contexts = new Map<string, Awaited<ReturnType<typeof browser.newContext>>>();
  for (const e of exchanges) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${service.url}/login`);
    await page.fill('#name', `officer-${e.tenant}`);
    await page.fill('#password', PASSWORD);
    await Promise.all([page.waitForURL(`${service.url}/`), page.click('button[type="submit"]')]);
    if ((await page.locator('.tile').count()) === 0) throw new Error(`the ${e.tenant} overview shows no regime tile`);
    await page.close();
    contexts.set(e.tenant, context);
  }
  // One warm-up round each (the first request compiles the page's code paths, fills caches).
  for (let round = -1; round < ROUNDS; round += 1) {
    const order = round % 2 === 0 ? exchanges : [...exchanges].reverse();
    for (const e of order) {
      const page = await contexts.get(e.tenant)!.newPage();
      await page.goto(`${service.url}/`, { waitUntil: 'load' });
      // Paint entries may arrive after 'load': wait for them (buffered), at most 5 s.
      const timing = (await page.evaluate(PAINT_TIMING)) as { paint: number | null; response: number | null };
      await page.close();
      if (timing.paint === null || timing.response === null) throw new Error('Chromium reported no first paint');
      if (round >= 0) {
        paints.get(e.tenant)!.push(timing.paint);
        ttfb.get(e.tenant)!.push(timing.response);
      }
    }
  }
  await browser.close();
  await service.close();
  await handle.close();

  const small = median(paints.get('small')!);
  const large = median(paints.get('large')!);
  console.log(`\nfirst paint of the overview, median of ${ROUNDS} rounds (load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}):`);
  for (const e of exchanges) console.log(`  ${e.tenant.padEnd(5)} ${rows.get(e.tenant)!.toLocaleString('en').padStart(12)} rows: first paint ${median(paints.get(e.tenant)!).toFixed(1)} ms (response end ${median(ttfb.get(e.tenant)!).toFixed(1)} ms)`);
  const ratio = large / small;
  console.log(`  ratio large / small: ${ratio.toFixed(3)}× (target ≤ 1.2×: ${ratio <= 1.2 ? 'met' : 'not met'})`);
} finally {
  await rm(work, { recursive: true, force: true });
}

function performance_now(): number {
  return performance.now();
}
