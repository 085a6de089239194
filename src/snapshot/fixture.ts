// Builds small in-memory snapshots for tests and worked examples, with amounts written as the
// user would write them ("1.5" BTC), so hand-computed figures stay readable.

import { parseAmount, parseDecimal } from '../money/index.ts';
import { balanceTotals, memoryBalances, type BalanceRowInput } from './memory.ts';
import { HACK_COMPENSATION } from './period.ts';
import { sortPrices } from './prices.ts';
import {
  SNAPSHOT_FORMAT,
  type AssetSpec,
  type Contract,
  type ContractKind,
  type Purpose,
  type SafeAsset,
  type SafeAssetKind,
  type Snapshot,
  type SnapshotDocuments,
  type Tier,
  type Wallet,
  type WalletControls,
  type WalletRisk,
} from './types.ts';

export interface FixtureInput {
  id?: string;
  as_of?: string;
  base_currency?: string;
  /** symbol → decimals; the base currency is added (JPY 0 decimals) if missing. */
  assets?: Record<string, number>;
  net_assets?: string;
  group_support?: string;
  regimes?: string[];
  jurisdictions?: string[];
  extensions?: Record<string, unknown>;
  wallets?: Array<{ id: string; asset: string; tier: Tier; purpose?: Purpose; amount: string; controls?: Partial<WalletControls>; risk?: WalletRisk }>;
  /** [account_id, asset, amount] */
  balances?: Array<[string, string, string]>;
  /** [time, asset, price] or [time, asset, price, volume, venue] */
  prices?: Array<[string, string, string] | [string, string, string, string, string]>;
  safe_assets?: Array<{ id: string; kind: SafeAssetKind; issuer?: string; face_value?: string; market_value: string; maturity?: string | null; segregated?: boolean; contract_id?: string | null }>;
  contracts?: Array<{ id: string; kind: ContractKind; counterparty?: string; amount: string; start: string; end: string; covers?: string[] }>;
  documents?: SnapshotDocuments;
}

export function fixtureSnapshot(input: FixtureInput = {}): Snapshot {
  const base_currency = input.base_currency ?? 'JPY';
  const decimals_by_symbol: Record<string, number> = { ...(input.assets ?? { BTC: 8 }) };
  if (!(base_currency in decimals_by_symbol)) decimals_by_symbol[base_currency] = base_currency === 'JPY' ? 0 : 2;
  const assets: AssetSpec[] = Object.entries(decimals_by_symbol).map(([symbol, decimals]) => ({
    symbol,
    decimals,
    kind: symbol === base_currency ? 'fiat' : 'crypto',
  }));
  const decimalsOf = (symbol: string): number => {
    const d = decimals_by_symbol[symbol];
    if (d === undefined) throw new Error(`fixture: unknown asset ${symbol}`);
    return d;
  };
  const base_decimals = decimalsOf(base_currency);
  const as_of = input.as_of ?? '2026-11-25T00:00:00+09:00';
  const wallets: Wallet[] = (input.wallets ?? []).map((w) => ({
    id: w.id,
    asset: w.asset,
    tier: w.tier,
    purpose: w.purpose ?? 'customer',
    amount_minor: parseAmount(w.amount, decimalsOf(w.asset)),
    controls: { other: {}, ...w.controls },
    ...(w.risk === undefined ? {} : { risk: w.risk }),
  }));
  const rows: BalanceRowInput[] = (input.balances ?? []).map(([account_id, asset, amount]) => ({
    account_id,
    asset,
    amount_minor: parseAmount(amount, decimalsOf(asset)),
  }));
  const prices = sortPrices(
    (input.prices ?? []).map(([time, asset, price, volume, venue]) => ({
      time,
      time_ms: Date.parse(time),
      asset,
      price: parseDecimal(price),
      ...(volume === undefined ? {} : { volume: parseDecimal(volume) }),
      ...(venue === undefined ? {} : { venue }),
    })),
  );
  const safe_assets: SafeAsset[] = (input.safe_assets ?? []).map((s) => ({
    id: s.id,
    kind: s.kind,
    issuer: s.issuer ?? 'Bank',
    face_value_minor: parseAmount(s.face_value ?? s.market_value, base_decimals),
    market_value_minor: parseAmount(s.market_value, base_decimals),
    maturity: s.maturity ?? null,
    segregated: s.segregated ?? true,
    contract_id: s.contract_id ?? null,
  }));
  const contracts: Contract[] = (input.contracts ?? []).map((c) => ({
    id: c.id,
    kind: c.kind,
    counterparty: c.counterparty ?? 'Bank',
    amount_minor: parseAmount(c.amount, base_decimals),
    start: c.start,
    end: c.end,
    covers: c.covers ?? [HACK_COMPENSATION],
  }));
  return {
    id: input.id ?? 'fixture',
    content_sha256: '0'.repeat(64),
    manifest: {
      format: SNAPSHOT_FORMAT,
      exchange: { id: 'fixture-exchange', name: 'Fixture Exchange', jurisdictions: input.jurisdictions ?? ['JP'] },
      as_of,
      as_of_ms: Date.parse(as_of),
      base_currency,
      assets,
      net_assets_minor: parseAmount(input.net_assets ?? '0', base_decimals),
      group_support_minor: parseAmount(input.group_support ?? '0', base_decimals),
      regimes: input.regimes ?? ['jp-psa-2020'],
      extensions: input.extensions ?? {},
    },
    assets: new Map(assets.map((a) => [a.symbol, a])),
    wallets,
    prices,
    safe_assets,
    contracts,
    documents: input.documents ?? {},
    balance_totals: balanceTotals(assets, rows),
    balance_rows: rows.length,
    balances: memoryBalances(rows),
  };
}
