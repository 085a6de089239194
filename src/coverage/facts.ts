// What the regimes read from a snapshot, reduced once: per asset, holdings by purpose and tier,
// customer liabilities (from the precomputed balance totals, so no balance row is scanned) and the
// price at as_of. Values are exact decimals of the base currency; a regime rounds once, at the end,
// in the direction that is conservative for the figure.

import { InputError, type InputIssue } from '../errors.ts';
import { addDecimal, mulDecimal, normalize, pow10, DECIMAL_ZERO, type Decimal } from '../money/decimal.ts';
import { divRound, type RoundingMode } from '../money/rounding.ts';
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

/** Rounds an exact base-currency value to base minor units with the named mode. */
export function toBaseMinor(facts: CoverageFacts, value: Decimal, mode: RoundingMode): bigint {
  const scaled = value.coef * pow10(facts.base_decimals);
  return divRound(scaled, pow10(value.scale), mode);
}

/** A minor-unit amount as an exact decimal in units (1234n with 2 decimals → 12.34). */
export function unitsOf(amount_minor: bigint, decimals: number): Decimal {
  return normalize({ coef: amount_minor, scale: decimals });
}
