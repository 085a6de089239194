// Cover sources outside the wallets: safe assets (eligible by kind, segregation and remaining
// maturity, counted at market value less a haircut, rounded down) and contracts (counted only while
// in force on as_of, with a warning when they end soon). Each source either counts, with the amount
// it counts for, or is excluded with the reason, so a report can show every source once.

import { DECIMAL_ONE, pow10, subDecimal, type Decimal } from '../money/decimal.ts';
import { divRound } from '../money/rounding.ts';
import type { Contract, SafeAsset } from '../snapshot/types.ts';
import { periodMs, periodStatus } from '../snapshot/period.ts';
import { addMonths, dayNumber, daysUntilEnd, type AsOf } from './dates.ts';
import type { ContractRules, SafeAssetRules } from './params.ts';
import type { Exclusion, Message, SourceKind } from './types.ts';

export interface CoverSource {
  kind: SourceKind;
  id: string;
  /** What the source counts for, in minor units of `unit`. */
  counted_minor: bigint;
  unit: string;
  decimals: number;
}

export interface EligibleSources {
  counted: CoverSource[];
  excluded: Exclusion[];
}

export interface ExpiringContract {
  contract: Contract;
  days_left: number;
}

/** Market value × (1 − haircut), rounded down: cover is never overstated by rounding. */
export function afterHaircut(market_value_minor: bigint, haircut: Decimal | undefined): bigint {
  if (haircut === undefined || haircut.coef === 0n) return market_value_minor;
  const kept = subDecimal(DECIMAL_ONE, haircut);
  return divRound(market_value_minor * kept.coef, pow10(kept.scale), 'floor');
}

/**
 * Safe assets that count under the rules. A safe asset tied to a contract that itself counts is
 * excluded: the contract already stands for that money, and counting both would count it twice.
 */
export function eligibleSafeAssets(
  safe_assets: readonly SafeAsset[],
  rules: SafeAssetRules,
  as_of: AsOf,
  counted_contract_ids: ReadonlySet<string>,
  base: { unit: string; decimals: number },
): EligibleSources {
  const counted: CoverSource[] = [];
  const excluded: Exclusion[] = [];
  const exclude = (asset: SafeAsset, reason: Message): void => {
    excluded.push({ source_kind: 'safe_asset', source_id: asset.id, reason });
  };
  for (const asset of safe_assets) {
    if (!rules.kinds.includes(asset.kind)) {
      exclude(asset, { code: 'coverage.source.kind_not_eligible', params: { kind: asset.kind } });
      continue;
    }
    if (rules.require_segregated && !asset.segregated) {
      exclude(asset, { code: 'coverage.source.not_segregated', params: {} });
      continue;
    }
    if (asset.contract_id !== null && counted_contract_ids.has(asset.contract_id)) {
      exclude(asset, { code: 'coverage.source.counted_via_contract', params: { contract: asset.contract_id } });
      continue;
    }
    if (asset.maturity !== null) {
      if (dayNumber(asset.maturity) < dayNumber(as_of.date)) {
        exclude(asset, { code: 'coverage.source.matured', params: { maturity: asset.maturity } });
        continue;
      }
      const months_max = rules.maturity_months_max[asset.kind];
      if (months_max !== undefined && dayNumber(asset.maturity) > dayNumber(addMonths(as_of.date, months_max))) {
        exclude(asset, { code: 'coverage.source.maturity_too_long', params: { maturity: asset.maturity, months: months_max } });
        continue;
      }
    }
    if (asset.market_value_minor <= 0n) {
      exclude(asset, { code: 'coverage.source.no_value', params: {} });
      continue;
    }
    counted.push({
      kind: 'safe_asset',
      id: asset.id,
      counted_minor: afterHaircut(asset.market_value_minor, rules.haircuts[asset.kind]),
      unit: base.unit,
      decimals: base.decimals,
    });
  }
  return { counted, excluded };
}

/** Contracts that count under the rules, in force at as_of (src/snapshot/period.ts), and those ending within `warning_days`. */
export function eligibleContracts(
  contracts: readonly Contract[],
  rules: ContractRules,
  as_of: AsOf,
  warning_days: number,
  base: { unit: string; decimals: number },
): EligibleSources & { expiring: ExpiringContract[] } {
  const counted: CoverSource[] = [];
  const excluded: Exclusion[] = [];
  const expiring: ExpiringContract[] = [];
  const exclude = (contract: Contract, reason: Message): void => {
    excluded.push({ source_kind: 'contract', source_id: contract.id, reason });
  };
  for (const contract of contracts) {
    if (!rules.kinds.includes(contract.kind)) {
      exclude(contract, { code: 'coverage.source.kind_not_eligible', params: { kind: contract.kind } });
      continue;
    }
    if (!contract.covers.some((peril) => rules.covers_any.includes(peril))) {
      exclude(contract, { code: 'coverage.source.covers_not_eligible', params: { covers: contract.covers.join(', '), required: rules.covers_any.join(', ') } });
      continue;
    }
    const status = periodStatus(periodMs(contract, as_of.text), as_of.ms);
    if (status === 'not_started') {
      exclude(contract, { code: 'coverage.source.not_started', params: { start: contract.start } });
      continue;
    }
    if (status === 'ended') {
      exclude(contract, { code: 'coverage.source.expired', params: { end: contract.end } });
      continue;
    }
    if (contract.amount_minor <= 0n) {
      exclude(contract, { code: 'coverage.source.no_value', params: {} });
      continue;
    }
    counted.push({ kind: 'contract', id: contract.id, counted_minor: contract.amount_minor, unit: base.unit, decimals: base.decimals });
    const days_left = daysUntilEnd(contract.end, as_of);
    if (days_left <= warning_days) expiring.push({ contract, days_left });
  }
  return { counted, excluded, expiring };
}

/** A source limited to `cap_minor` (e.g. insurance credit limited to a share of the requirement). */
export function capped(source: CoverSource, cap_minor: bigint): CoverSource {
  return source.counted_minor <= cap_minor ? source : { ...source, counted_minor: cap_minor };
}
