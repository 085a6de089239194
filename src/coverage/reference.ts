// The obvious path, for tests: the share and quantity checks recomputed from the raw snapshot
// with no shared code — liabilities by scanning every balance row (not the precomputed totals),
// values as plain fractions, each wallet visited for each question. Slow; never used by the CLI.

import type { Snapshot, Tier, Wallet } from '../snapshot/types.ts';
import type { CheckStatus } from './types.ts';

/** A non-negative fraction n/d with d > 0. */
interface Fraction {
  n: bigint;
  d: bigint;
}

function add(a: Fraction, b: Fraction): Fraction {
  return { n: a.n * b.d + b.n * a.d, d: a.d * b.d };
}

/** a ≤ k × b, with k = k_n / k_d. */
function atMost(a: Fraction, b: Fraction, k_n: bigint, k_d: bigint): boolean {
  return a.n * b.d * k_d <= k_n * b.n * a.d;
}

function priceFraction(snapshot: Snapshot, asset: string): Fraction {
  if (asset === snapshot.manifest.base_currency) return { n: 1n, d: 1n };
  let latest: { time_ms: number; coef: bigint; scale: number } | null = null;
  for (const row of snapshot.prices) {
    if (row.asset !== asset || row.time_ms > snapshot.manifest.as_of_ms) continue;
    if (latest === null || row.time_ms >= latest.time_ms) latest = { time_ms: row.time_ms, coef: row.price.coef, scale: row.price.scale };
  }
  if (latest === null) throw new Error(`reference: no price for ${asset}`);
  return { n: latest.coef, d: 10n ** BigInt(latest.scale) };
}

function walletValue(snapshot: Snapshot, wallet: Wallet): Fraction {
  const decimals = snapshot.assets.get(wallet.asset)!.decimals;
  const price = priceFraction(snapshot, wallet.asset);
  return { n: wallet.amount_minor * price.n, d: 10n ** BigInt(decimals) * price.d };
}

function isCrypto(snapshot: Snapshot, asset: string): boolean {
  return snapshot.assets.get(asset)!.kind === 'crypto';
}

function customerValueIn(snapshot: Snapshot, tiers: readonly Tier[]): Fraction {
  let total: Fraction = { n: 0n, d: 1n };
  for (const wallet of snapshot.wallets) {
    if (wallet.purpose === 'customer' && isCrypto(snapshot, wallet.asset) && tiers.includes(wallet.tier)) total = add(total, walletValue(snapshot, wallet));
  }
  return total;
}

function quantity(snapshot: Snapshot, asset: string, purpose: Wallet['purpose'], tiers: readonly Tier[]): bigint {
  let total = 0n;
  for (const wallet of snapshot.wallets) if (wallet.asset === asset && wallet.purpose === purpose && tiers.includes(wallet.tier)) total += wallet.amount_minor;
  return total;
}

export interface ReferenceCheck {
  status: CheckStatus;
  /** Minor units, for amount checks. */
  required_minor?: bigint;
  held_minor?: bigint;
}

/** Keyed "check-id" or "check-id asset". */
export async function referenceChecks(snapshot: Snapshot): Promise<Map<string, ReferenceCheck>> {
  const out = new Map<string, ReferenceCheck>();
  const liabilities = new Map<string, bigint>();
  for await (const batch of snapshot.balances.scan()) {
    for (let i = 0; i < batch.length; i++) liabilities.set(batch.asset[i]!, (liabilities.get(batch.asset[i]!) ?? 0n) + batch.amount_minor[i]!);
  }
  const online = customerValueIn(snapshot, ['hot', 'warm']);
  const all = customerValueIn(snapshot, ['hot', 'warm', 'cold']);
  const cold = customerValueIn(snapshot, ['cold']);
  const empty = all.n === 0n;
  out.set('jp-psa-2020/hot-share', { status: empty || atMost(online, all, 5n, 100n) ? 'pass' : 'fail' });
  out.set('hk-sfc-2023/hot-share', { status: empty || atMost(online, all, 2n, 100n) ? 'pass' : 'fail' });
  // cold ≥ 0.9 × all  ⇔  all × 9 ≤ cold × 10, i.e. all ≤ (10/9) × cold.
  out.set('sg-mas/cold-share', { status: empty || atMost(all, cold, 10n, 9n) ? 'pass' : 'fail' });

  // Net assets against the guarantee value: each counted wallet rounded up to the base currency's
  // minor unit on its own (a requirement, line by line), then summed.
  const base_decimals = snapshot.assets.get(snapshot.manifest.base_currency)!.decimals;
  const ceilMinor = (value: Fraction): bigint => (value.n * 10n ** BigInt(base_decimals) + value.d - 1n) / value.d;
  let guarantee_required = 0n;
  for (const spec of snapshot.manifest.assets) {
    if (spec.kind !== 'crypto') continue;
    const asset = spec.symbol;
    const has_wallet = snapshot.wallets.some((w) => w.asset === asset && w.amount_minor !== 0n);
    const liability = liabilities.get(asset) ?? 0n;
    if (!has_wallet && liability === 0n) continue;
    const required = quantity(snapshot, asset, 'customer', ['hot', 'warm']);
    const held = quantity(snapshot, asset, 'guarantee', ['cold']);
    out.set(`jp-psa-2020/guarantee ${asset}`, { status: held >= required ? 'pass' : 'fail', required_minor: required, held_minor: held });
    for (const wallet of snapshot.wallets) {
      if (wallet.asset === asset && wallet.purpose === 'guarantee' && wallet.tier === 'cold') guarantee_required += ceilMinor(walletValue(snapshot, wallet));
    }
    const customer = quantity(snapshot, asset, 'customer', ['hot', 'warm', 'cold']);
    out.set(`jp-psa-2020/segregation ${asset}`, { status: customer >= liability ? 'pass' : 'fail', required_minor: liability, held_minor: customer });
    const customer_cold = quantity(snapshot, asset, 'customer', ['cold']);
    out.set(`bh-cbb/cold-share ${asset}`, { status: customer === 0n || customer_cold * 10n >= customer * 9n ? 'pass' : 'fail' });
  }
  out.set('jp-psa-2020/net-assets', {
    status: snapshot.manifest.net_assets_minor >= guarantee_required ? 'pass' : 'fail',
    required_minor: guarantee_required,
    held_minor: snapshot.manifest.net_assets_minor,
  });
  return out;
}
