// The examples/ files are for the demo exchange: they must parse against what `hozen demo`
// writes by default (its wallets and assets), and the programme must run on the fast path.

import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemo } from '../demo/generate.ts';
import { parseIncident } from '../incident/parse.ts';
import { parseAmount } from '../money/index.ts';
import type { Tier } from '../snapshot/types.ts';
import { compileFastProgramme } from './fast.ts';
import { parsePoliciesText, type PolicyContext } from './parse.ts';

const EXAMPLES = join(import.meta.dirname, '../../examples');
let dir: string;
let context: PolicyContext & { wallets: Array<{ id: string; asset: string; tier: Tier; amount_minor: bigint }> };

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hozen-demo-'));
  await generateDemo({ out_dir: dir });
  const exchange = JSON.parse(await readFile(join(dir, 'exchange.json'), 'utf8'));
  const assets = new Map<string, { decimals: number }>(exchange.assets.map((a: { symbol: string; decimals: number }) => [a.symbol, { decimals: a.decimals }]));
  const wallets = JSON.parse(await readFile(join(dir, 'wallets.json'), 'utf8')).map((w: { id: string; asset: string; tier: Tier; amount: string }) => ({
    id: w.id,
    asset: w.asset,
    tier: w.tier,
    amount_minor: parseAmount(w.amount, assets.get(w.asset)!.decimals),
  }));
  context = { manifest: { base_currency: exchange.base_currency, as_of: exchange.as_of }, assets, wallets };
}, 120_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('examples for the demo exchange', () => {
  it('policies.json parses and compiles for the fast path', async () => {
    const programme = parsePoliciesText(await readFile(join(EXAMPLES, 'policies.json'), 'utf8'), context);
    expect(programme.policies.map((p) => p.id)).toEqual(['ato-2026', 'crime-2026']);
    expect(programme.reinsurance.map((r) => r.kind)).toEqual(['quota_share', 'excess_of_loss']);
    expect(compileFastProgramme(programme, { wallets: context.wallets }).wallet_count).toBe(context.wallets.length);
  });

  it.each(['incident-hot-wallet-hack.json', 'incident-xem-hot-wallet.json', 'incident-account-takeover.json'])('%s parses against the demo', async (file) => {
    const incident = parseIncident(await readFile(join(EXAMPLES, file), 'utf8'), file, context);
    expect(incident.losses.length).toBeGreaterThan(0);
  });
});
