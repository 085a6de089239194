// Hong Kong SFC Guidelines for Virtual Asset Trading Platform Operators (2023):
//  hot-share  client virtual assets outside cold storage ≤ 2% (aggregate, by value);
//  cover      100% of client assets outside cold storage plus 50% of those in cold storage,
//             covered by third-party insurance and/or funds set aside on trust (demand deposits,
//             time deposits maturing within 6 months) and bank guarantees.
// The 2%, 100% and 50% are the guideline's; which sources count is a parameter.

import { z } from 'zod';
import { VALUATION_ROUNDING } from '../../money/valuation.ts';
import { addDecimal, formatDecimal, mulDecimal, type Decimal } from '../../money/decimal.ts';
import { amountCheck, shareCheck } from '../checks.ts';
import { ALL_TIERS, customerValue, ONLINE_TIERS, toBaseMinor } from '../facts.ts';
import { CoverLedger } from '../ledger.ts';
import {
  contractRules,
  contractRulesSchema,
  expiryWarningDays,
  extensionAt,
  parseSection,
  safeAssetRules,
  safeAssetRulesSchema,
  type ContractRules,
  type SafeAssetRules,
} from '../params.ts';
import { regimeModule, type Regime } from '../regime.ts';
import { HACK_COMPENSATION } from '../../snapshot/period.ts';
import { displayHolding, insuranceCover, offWalletCover, referenceCode, statusCodes } from './common.ts';
import { contractRulesJson, safeAssetRulesJson } from './params-json.ts';

export const HK_SFC_2023 = 'hk-sfc-2023';
const HOT_SHARE = `${HK_SFC_2023}/hot-share`;
const COVER = `${HK_SFC_2023}/cover`;

export const HK_HOT_SHARE_MAX: Decimal = { coef: 2n, scale: 2 };
export const HK_COVER_ONLINE_SHARE: Decimal = { coef: 1n, scale: 0 };
export const HK_COVER_COLD_SHARE: Decimal = { coef: 5n, scale: 1 };

export interface HkParams {
  safe_assets: SafeAssetRules;
  contracts: ContractRules;
  expiry_warning_days: number;
}

/** Funds on trust: segregated demand deposits, time deposits of at most 6 months, bank guarantees. */
export const HK_SAFE_ASSETS_DEFAULT: SafeAssetRules = {
  kinds: ['bank_deposit', 'time_deposit', 'bank_guarantee'],
  haircuts: {},
  maturity_months_max: { time_deposit: 6 },
  require_segregated: true,
};
export const HK_CONTRACTS_DEFAULT: ContractRules = { kinds: ['bank_guarantee'], covers_any: [HACK_COMPENSATION] };

const schema = z.strictObject({
  safe_assets: safeAssetRulesSchema.optional(),
  contracts: contractRulesSchema.optional(),
});

const regime: Regime<HkParams> = {
  id: HK_SFC_2023,
  readParams(facts) {
    const path = ['coverage', HK_SFC_2023];
    const raw = extensionAt(facts.extensions, path);
    const parsed = raw === undefined ? {} : parseSection(schema, raw, path);
    return {
      safe_assets: safeAssetRules(parsed.safe_assets, HK_SAFE_ASSETS_DEFAULT),
      contracts: contractRules(parsed.contracts, HK_CONTRACTS_DEFAULT),
      expiry_warning_days: expiryWarningDays(facts.extensions),
    };
  },
  paramsJson: (params) => ({
    hot_share_max: formatDecimal(HK_HOT_SHARE_MAX),
    cover_online_share: formatDecimal(HK_COVER_ONLINE_SHARE),
    cover_cold_share: formatDecimal(HK_COVER_COLD_SHARE),
    safe_assets: safeAssetRulesJson(params.safe_assets),
    contracts: contractRulesJson(params.contracts),
    expiry_warning_days: params.expiry_warning_days,
  }),
  evaluate(facts, params, providers) {
    const online = customerValue(facts, ONLINE_TIERS);
    const all = customerValue(facts, ALL_TIERS);
    const cold = customerValue(facts, ['cold']);
    const hot_share = shareCheck({
      id: HOT_SHARE,
      asset: null,
      part: online,
      whole: all,
      limit: HK_HOT_SHARE_MAX,
      bound: 'max',
      reference: referenceCode(HOT_SHARE),
      codes: statusCodes(HOT_SHARE),
      params: { part: displayHolding(facts, ONLINE_TIERS), whole: displayHolding(facts, ALL_TIERS) },
    });
    // One exact sum, rounded up once: a requirement is never understated by rounding.
    const required_minor = toBaseMinor(facts, addDecimal(mulDecimal(HK_COVER_ONLINE_SHARE, online), mulDecimal(HK_COVER_COLD_SHARE, cold)), 'requirement');
    const insurance = insuranceCover(facts, providers, { regime: HK_SFC_2023, peril: 'external_hack', tiers: ALL_TIERS });
    const off_wallet = offWalletCover(facts, HK_SFC_2023, params.safe_assets, params.contracts, params.expiry_warning_days);
    const ledger = new CoverLedger();
    const held_minor = ledger.cover(COVER, null, required_minor, [...insurance.sources, ...off_wallet.sources]);
    const cover = amountCheck({
      id: COVER,
      asset: null,
      unit: facts.base_currency,
      decimals: facts.base_decimals,
      required_minor,
      required_rounding: VALUATION_ROUNDING.requirement,
      held_minor,
      reference: referenceCode(COVER),
      codes: statusCodes(COVER),
      params: { online: displayHolding(facts, ONLINE_TIERS), cold: displayHolding(facts, ['cold']) },
    });
    return {
      checks: [hot_share, cover, ...off_wallet.expiry_checks],
      assignments: ledger.assignments,
      excluded: off_wallet.excluded,
      notes: insurance.notes,
    };
  },
};

export const hkSfc2023 = regimeModule(regime);
