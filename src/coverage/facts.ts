// What the regimes read from a snapshot, reduced once: per asset, holdings by purpose and tier,
// customer liabilities (from the precomputed balance totals, so no balance row is scanned) and the
// price at as_of. Values are exact decimals of the base currency; a regime rounds by the valuation
// rule (src/money/valuation.ts): a holding per wallet, down; a requirement up.

import { InputError, type InputIssue } from '../errors.ts';
import { addDecimal, mulDecimal, normalize, DECIMAL_ZERO, type Decimal } from '../money/decimal.ts';
import { roundValue, valueFor, type ValuationPurpose } from '../money/valuation.ts';
import { snapshotPrice } from '../snapshot/prices.ts';
import { TIERS, type AssetKind, type Contract, type Purpose, type SafeAsset, type Snapshot, type Tier, type Wallet } from '../snapshot/types.ts';
import { asOf, type AsOf } from './dates.ts';

export type TierAmounts = Record<Tier, bigint>;

export interface AssetFacts {
  asset: string;
  decimals: number;
  kind: AssetKind;
  /** Base currency per unit at as_of; null only when the asset has no wallet holdings. */
  price: Decimal | null;
  /** Minor units held in wallets, by purpose and tier. */
  held: Record<Purpose, TierAmounts>;
  /** Customer balances (balances.csv), minor units. */
  liability_minor: bigint;
}

export interface CoverageFacts {
  snapshot_id: string;
  exchange_name: string;
  base_currency: string;
  base_decimals: number;
  as_of: AsOf;
  /** In the order of exchange.json `assets`. */
  assets: AssetFacts[];
  wallets: Wallet[];
  safe_assets: SafeAsset[];
  contracts: Contract[];
  net_assets_minor: bigint;
  extensions: Record<string, unknown>;
  /** Wallets treated as emptied. */
  drained: string[];
}

export const ONLINE_TIERS: readonly Tier[] = ['hot', 'warm'];
export const ALL_TIERS: readonly Tier[] = TIERS;

function zeroTiers(): TierAmounts {
  return { hot: 0n, warm: 0n, cold: 0n };
}

/**
 * Reduces a snapshot to coverage facts. Throws InputError when an asset held in a wallet has no
 * price at or before as_of: its value, and so every share, would be unknown.
 */
export function coverageFacts(snapshot: Snapshot, drained: readonly string[] = []): CoverageFacts {
  const { manifest } = snapshot;
  const base = snapshot.assets.get(manifest.base_currency);
  if (base === undefined) throw new Error(`base currency ${manifest.base_currency} is not an asset`);
  const drained_set = new Set(drained);
  const by_asset = new Map<string, AssetFacts>();
  for (const spec of manifest.assets) {
    by_asset.set(spec.symbol, {
      asset: spec.symbol,
      decimals: spec.decimals,
      kind: spec.kind,
      price: null,
      held: { customer: zeroTiers(), guarantee: zeroTiers(), own: zeroTiers() },
      liability_minor: 0n,
    });
  }
  const wallets = snapshot.wallets.map((w) => (drained_set.has(w.id) ? { ...w, amount_minor: 0n } : w));
  for (const wallet of wallets) {
    const facts = by_asset.get(wallet.asset);
    if (facts === undefined) throw new Error(`wallet ${wallet.id} holds unknown asset ${wallet.asset}`);
    facts.held[wallet.purpose][wallet.tier] += wallet.amount_minor;
  }
  for (const total of snapshot.balance_totals) {
    const facts = by_asset.get(total.asset);
    if (facts !== undefined) facts.liability_minor = total.total_minor;
  }
  const issues: InputIssue[] = [];
  for (const facts of by_asset.values()) {
    facts.price = snapshotPrice(snapshot, facts.asset);
    if (facts.price === null && heldAnywhere(facts)) {
      issues.push({ file: 'prices.csv', field: 'price', code: 'coverage.price_missing', params: { asset: facts.asset, as_of: manifest.as_of } });
    }
  }
  if (issues.length > 0) throw new InputError(issues);
  return {
    snapshot_id: snapshot.id,
    exchange_name: manifest.exchange.name,
    base_currency: manifest.base_currency,
    base_decimals: base.decimals,
    as_of: asOf(manifest.as_of, manifest.as_of_ms),
    assets: [...by_asset.values()],
    wallets,
    safe_assets: snapshot.safe_assets,
    contracts: snapshot.contracts,
    net_assets_minor: manifest.net_assets_minor,
    extensions: manifest.extensions,
    drained: [...drained],
  };
}

function heldAnywhere(facts: AssetFacts): boolean {
  for (const purpose of Object.values(facts.held)) for (const amount of Object.values(purpose)) if (amount !== 0n) return true;
  return false;
}

/** Crypto assets only (fiat customer money is protected by trust, not by wallets). */
export function cryptoAssets(facts: CoverageFacts): AssetFacts[] {
  return facts.assets.filter((a) => a.kind === 'crypto');
}

/** Crypto assets with any wallet holding or customer balance: assets with neither get no per-asset line. */
export function activeCryptoAssets(facts: CoverageFacts): AssetFacts[] {
  return cryptoAssets(facts).filter((a) => a.liability_minor !== 0n || heldAnywhere(a));
}

export function sumTiers(amounts: TierAmounts, tiers: readonly Tier[]): bigint {
  let total = 0n;
  for (const tier of tiers) total += amounts[tier];
  return total;
}

/** The exact value in base-currency units (not minor units) of an amount of the asset. */
export function exactValue(asset: AssetFacts, amount_minor: bigint): Decimal {
  if (amount_minor === 0n) return DECIMAL_ZERO;
  if (asset.price === null) throw new Error(`no price for ${asset.asset}`);
  return mulDecimal(normalize({ coef: amount_minor, scale: asset.decimals }), asset.price);
}

/** The exact value of customer crypto in the given tiers, over all crypto assets. */
export function customerValue(facts: CoverageFacts, tiers: readonly Tier[]): Decimal {
  let total = DECIMAL_ZERO;
  for (const asset of cryptoAssets(facts)) total = addDecimal(total, exactValue(asset, sumTiers(asset.held.customer, tiers)));
  return total;
}

/**
 * Rounds an exact base-currency value to base minor units for its purpose: a requirement that a
 * formula gives over exact values (a share of a value, a weighted sum) is rounded up once.
 */
export function toBaseMinor(facts: CoverageFacts, value: Decimal, purpose: ValuationPurpose): bigint {
  return roundValue(purpose, value, facts.base_decimals);
}

/** An amount of the asset valued for the purpose, in base minor units (one line of the valuation rule). */
export function valueMinorOf(facts: CoverageFacts, asset: AssetFacts, amount_minor: bigint, purpose: ValuationPurpose): bigint {
  if (amount_minor === 0n) return 0n;
  if (asset.price === null) throw new Error(`no price for ${asset.asset}`);
  return valueFor(purpose, amount_minor, asset.decimals, asset.price, facts.base_decimals);
}

/**
 * The holding of customer crypto in the given tiers (of one asset, or of all crypto assets): each
 * customer wallet valued and rounded down on its own, then summed — the figure `hozen show` shows.
 */
export function customerHoldingMinor(facts: CoverageFacts, tiers: readonly Tier[], only?: AssetFacts): bigint {
  const crypto = new Map(cryptoAssets(facts).map((a) => [a.asset, a]));
  let total = 0n;
  for (const wallet of facts.wallets) {
    if (wallet.purpose !== 'customer' || !tiers.includes(wallet.tier)) continue;
    if (only !== undefined && wallet.asset !== only.asset) continue;
    const asset = crypto.get(wallet.asset);
    if (asset !== undefined) total += valueMinorOf(facts, asset, wallet.amount_minor, 'holding');
  }
  return total;
}

/** A minor-unit amount as an exact decimal in units (1234n with 2 decimals → 12.34). */
export function unitsOf(amount_minor: bigint, decimals: number): Decimal {
  return normalize({ coef: amount_minor, scale: decimals });
}
