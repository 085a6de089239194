// `hozen demo`: writes a synthetic but realistic exchange in the hozen-snapshot/1 format. The
// same seed (and options) gives byte-identical files. Order matters: prices first (holdings are
// sized at the as_of price), then balances.csv streamed while summing per-asset totals, then
// the wallets that must hold exactly those totals, and exchange.json last as the commit mark.

import { open, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DEMO_ASSETS } from './assets.ts';
import { writeBalances } from './balances.ts';
import { demoContracts } from './contracts.ts';
import { holdingAssets } from './holdings.ts';
import { demoManifest } from './manifest.ts';
import { resolveDemoOptions, type DemoOptions } from './options.ts';
import { fsStep, prepareOutDir, type DemoFile } from './output-dir.ts';
import { demoPrices, pricesCsv } from './prices.ts';
import { demoRandom } from './random.ts';
import { demoSafeAssets, safeAssetsCsv } from './safe-assets.ts';
import { demoWallets } from './wallets.ts';

export type { DemoOptions } from './options.ts';

export interface DemoSummary {
  out_dir: string;
  accounts: number;
  balance_rows: number;
  /** How many assets the manifest lists, the base currency included. */
  assets: number;
  seconds: number;
}

export async function generateDemo(options: DemoOptions): Promise<DemoSummary> {
  const started_ms = performance.now();
  const { out_dir, accounts, seed, as_of, force, on_progress } = resolveDemoOptions(options);
  await prepareOutDir(out_dir, { force });
  const path = (file: DemoFile): string => join(out_dir, file);
  const writeText = (file: DemoFile, text: string): Promise<void> => fsStep(path(file), () => writeFile(path(file), text, 'utf8'));

  const prices = demoPrices(demoRandom(seed, 'prices'), as_of);
  await writeText('prices.csv', pricesCsv(prices.rows));

  const balances_path = path('balances.csv');
  const totals = await fsStep(balances_path, async () => {
    const file = await open(balances_path, 'w');
    try {
      return await writeBalances({
        file,
        accounts,
        assets: holdingAssets(prices.price_at_as_of),
        random: demoRandom(seed, 'balances'),
        ...(on_progress === undefined ? {} : { on_progress }),
      });
    } finally {
      await file.close();
    }
  });

  const wallets = demoWallets({ customer_total_minor: totals.total_minor, random: demoRandom(seed, 'wallets') });
  await writeText('wallets.json', json(wallets));
  const contracts = demoContracts(as_of.local_date);
  const bank_guarantee = contracts.find((c) => c.kind === 'bank_guarantee');
  if (bank_guarantee === undefined) throw new Error('demo contracts lack the bank guarantee');
  await writeText('contracts.json', json(contracts));
  await writeText('safe_assets.csv', safeAssetsCsv(demoSafeAssets(demoRandom(seed, 'safe_assets'), as_of.local_date, bank_guarantee)));
  // The documented examples are written for this exchange: its insurance (an account-takeover-only
  // cover beside a hot-wallet crime policy, reinsured) and its compensation policy.
  for (const file of ['policies.json', 'compensation-policy.json'] as const) {
    await writeText(file, await fsStep(path(file), () => readFile(new URL(`../../examples/${file}`, import.meta.url), 'utf8')));
  }
  await writeText('exchange.json', json(demoManifest({ as_of: as_of.text, seed, accounts })));

  return {
    out_dir,
    accounts,
    balance_rows: totals.rows,
    assets: DEMO_ASSETS.length,
    seconds: Math.round(performance.now() - started_ms) / 1000,
  };
}

function json(value: unknown): string {
  return JSON.stringify(value, null, 2) + '\n';
}
