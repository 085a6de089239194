// Japan's planned liability reserve (FSA working group report on crypto-assets, December 2025):
// a reserve against losses of customer crypto from hot AND cold wallets, partly replaceable by
// insurance. The final formula is not published, so every figure here comes from parameters
// (exchange.json `liability_reserve`), and the report says the defaults are assumptions.
//   required = max(floor, basis), basis = Σ tier share × value of customer crypto in that tier
//              (rounded up) or the risk provider's amount over all tiers;
//   held     = the reserve booked + insurance credit, the latter capped at a share of required.

import { z } from 'zod';
import { VALUATION_ROUNDING } from '../../money/valuation.ts';
import { addDecimal, DECIMAL_ZERO, formatDecimal, mulDecimal, parseDecimal, pow10, type Decimal } from '../../money/decimal.ts';
import { divRound } from '../../money/rounding.ts';
import { TIERS, type Tier } from '../../snapshot/types.ts';
import { amountCheck, percent } from '../checks.ts';
import { ALL_TIERS, customerValue, toBaseMinor, type CoverageFacts } from '../facts.ts';
import { CoverLedger } from '../ledger.ts';
import { baseAmountParam, decimalText, extensionAt, parseSection, riskSpec, riskSpecSchema, shareText, type RiskSpec } from '../params.ts';
import { regimeModule, type Regime } from '../regime.ts';
import { capped, type CoverSource } from '../sources.ts';
import type { Message } from '../types.ts';
import { displayBaseMinor, insuranceCover, referenceCode, statusCodes } from './common.ts';
import { riskSpecJson } from './params-json.ts';

export const JP_2026_LIABILITY_RESERVE = 'jp-2026-liability-reserve';
const RESERVE = `${JP_2026_LIABILITY_RESERVE}/reserve`;
const SECTION = 'liability_reserve';

export const RESERVE_BASES = ['tier_shares', 'risk_amount'] as const;
export type ReserveBasis = (typeof RESERVE_BASES)[number];

export interface LiabilityReserveParams {
  basis: ReserveBasis;
  tier_shares: Record<Tier, Decimal>;
  risk: RiskSpec;
  floor_minor: bigint;
  insurance_credit_share_max: Decimal;
  reserve_booked_minor: bigint;
}

/**
 * Assumed defaults: all of what is online (as a hack there loses it all) and 1% of cold holdings;
 * no floor; insurance may replace up to half of the requirement; nothing booked.
 */
export const LIABILITY_RESERVE_DEFAULTS = {
  basis: 'tier_shares' as ReserveBasis,
  tier_shares: { hot: '1', warm: '1', cold: '0.01' } as Record<Tier, string>,
  floor: '0',
  insurance_credit_share_max: '0.5',
  reserve_booked: '0',
};

const schema = z.strictObject({
  basis: z.enum(RESERVE_BASES).optional(),
  tier_shares: z.strictObject({ hot: shareText.optional(), warm: shareText.optional(), cold: shareText.optional() }).optional(),
  risk: riskSpecSchema.optional(),
  floor: decimalText.optional(),
  insurance_credit_share_max: shareText.optional(),
  reserve_booked: decimalText.optional(),
});

const regime: Regime<LiabilityReserveParams> = {
  id: JP_2026_LIABILITY_RESERVE,
  readParams(facts) {
    const raw = extensionAt(facts.extensions, [SECTION]);
    const parsed = raw === undefined ? {} : parseSection(schema, raw, [SECTION]);
    const tier_shares = {} as Record<Tier, Decimal>;
    for (const tier of TIERS) tier_shares[tier] = parseDecimal(parsed.tier_shares?.[tier] ?? LIABILITY_RESERVE_DEFAULTS.tier_shares[tier]);
    return {
      basis: parsed.basis ?? LIABILITY_RESERVE_DEFAULTS.basis,
      tier_shares,
      risk: riskSpec(parsed.risk),
      floor_minor: baseAmountParam(parsed.floor ?? LIABILITY_RESERVE_DEFAULTS.floor, facts.base_decimals, [SECTION, 'floor']),
      insurance_credit_share_max: parseDecimal(parsed.insurance_credit_share_max ?? LIABILITY_RESERVE_DEFAULTS.insurance_credit_share_max),
      reserve_booked_minor: baseAmountParam(parsed.reserve_booked ?? LIABILITY_RESERVE_DEFAULTS.reserve_booked, facts.base_decimals, [SECTION, 'reserve_booked']),
    };
  },
  paramsJson: (params) => ({
    basis: params.basis,
    tier_shares: Object.fromEntries(TIERS.map((tier) => [tier, formatDecimal(params.tier_shares[tier])])),
    risk: riskSpecJson(params.risk),
    floor_minor: params.floor_minor.toString(),
    insurance_credit_share_max: formatDecimal(params.insurance_credit_share_max),
    reserve_booked_minor: params.reserve_booked_minor.toString(),
    assumed: true,
  }),
  evaluate(facts, params, providers) {
    const notes: Message[] = [];
    let basis_minor: bigint;
    if (params.basis === 'risk_amount') {
      const risk = providers.risk(facts, { regime: JP_2026_LIABILITY_RESERVE, tiers: ALL_TIERS }, params.risk);
      basis_minor = risk.amount_minor;
      notes.push(risk.note);
    } else {
      basis_minor = tierSharesBasis(facts, params.tier_shares);
    }
    const required_minor = basis_minor > params.floor_minor ? basis_minor : params.floor_minor;
    notes.unshift({
      code: 'coverage.jp-2026-liability-reserve.assumptions',
      params: {
        basis: params.basis,
        hot: percent(params.tier_shares.hot),
        warm: percent(params.tier_shares.warm),
        cold: percent(params.tier_shares.cold),
        floor: displayBaseMinor(facts, params.floor_minor),
        cap: percent(params.insurance_credit_share_max),
      },
    });
    const insurance = insuranceCover(facts, providers, { regime: JP_2026_LIABILITY_RESERVE, peril: 'external_hack', tiers: ALL_TIERS });
    notes.push(...insurance.notes);
    // The cap is a share of the requirement, rounded down: insurance never replaces more than allowed.
    const cap_minor = divRound(required_minor * params.insurance_credit_share_max.coef, pow10(params.insurance_credit_share_max.scale), 'floor');
    const sources: CoverSource[] = [];
    if (params.reserve_booked_minor > 0n) {
      sources.push({ kind: 'reserve', id: 'reserve_booked', counted_minor: params.reserve_booked_minor, unit: facts.base_currency, decimals: facts.base_decimals });
    }
    let cap_left_minor = cap_minor;
    for (const source of insurance.sources) {
      const counted = capped(source, cap_left_minor);
      cap_left_minor -= counted.counted_minor;
      if (counted.counted_minor > 0n) sources.push(counted);
    }
    const ledger = new CoverLedger();
    const held_minor = ledger.cover(RESERVE, null, required_minor, sources);
    const check = amountCheck({
      id: RESERVE,
      asset: null,
      unit: facts.base_currency,
      decimals: facts.base_decimals,
      required_minor,
      required_rounding: VALUATION_ROUNDING.requirement,
      held_minor,
      reference: referenceCode(RESERVE),
      codes: statusCodes(RESERVE),
      params: { basis: displayBaseMinor(facts, basis_minor), floor: displayBaseMinor(facts, params.floor_minor) },
    });
    return { checks: [check], assignments: ledger.assignments, excluded: [], notes };
  },
};

/** Σ over tiers of share × value of customer crypto in the tier, summed exactly and rounded up once. */
export function tierSharesBasis(facts: CoverageFacts, shares: Record<Tier, Decimal>): bigint {
  let total = DECIMAL_ZERO;
  for (const tier of TIERS) total = addDecimal(total, mulDecimal(shares[tier], customerValue(facts, [tier])));
  return toBaseMinor(facts, total, 'requirement');
}

export const jp2026LiabilityReserve = regimeModule(regime);
