// Speed of `hozen demo`: prints seconds, rows per second, file size and peak memory per size.
// Run: npx tsx bench/demo.ts [accounts…]   (default 200000 1000000). 

import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateDemo } from '../src/demo/generate.ts';

const sizes = process.argv.slice(2).map(Number);
const root = await mkdtemp(join(tmpdir(), 'hozen-demo-bench-'));
try {
  for (const accounts of sizes.length > 0 ? sizes : [200_000, 1_000_000]) {
    const out_dir = join(root, String(accounts));
    let rss_max = 0;
    const summary = await generateDemo({ out_dir, accounts, seed: 1, on_progress: () => (rss_max = Math.max(rss_max, process.memoryUsage().rss)) });
    const bytes = (await stat(join(out_dir, 'balances.csv'))).size;
    console.log(
      [
        `accounts ${accounts}`,
        `rows ${summary.balance_rows}`,
        `${summary.seconds.toFixed(2)} s`,
        `${Math.round(summary.balance_rows / summary.seconds).toLocaleString('en')} rows/s`,
        `balances.csv ${(bytes / 1e6).toFixed(0)} MB`,
        `peak rss ${(rss_max / 1e6).toFixed(0)} MB`,
      ].join('  '),
    );
    await rm(out_dir, { recursive: true, force: true });
  }
} finally {
  await rm(root, { recursive: true, force: true });
}
