// The JVCEA self-regulatory draft of 2018, the rule this project started from: for customer crypto
// whose keys are managed online (hot and warm wallets), a risk-commensurate amount must be covered
// by safe assets (deposits, JGBs, municipal bonds at market value, after haircuts) or by preservation
// contracts with banks in force on as_of. The risk amount comes from the injectable provider:
// a configured share of online value (default 100%), or the risk engine's VaR or TVaR when the
// regime's `risk.method` asks for it.

import { z } from 'zod';
import { VALUATION_ROUNDING } from '../../money/valuation.ts';
import { formatAmount } from '../../money/amount.ts';
import { formatDecimal } from '../../money/decimal.ts';
import { amountCheck, noteCheck, withUnit } from '../checks.ts';
import { activeCryptoAssets, ONLINE_TIERS, sumTiers, unitsOf } from '../facts.ts';
import { CoverLedger } from '../ledger.ts';
import {
  contractRules,
  contractRulesSchema,
  expiryWarningDays,
  extensionAt,
  parseSection,
  riskSpec,
  riskSpecSchema,
  safeAssetRules,
  safeAssetRulesSchema,
  type ContractRules,
  type RiskSpec,
  type SafeAssetRules,
} from '../params.ts';
import { regimeModule, type Regime } from '../regime.ts';
import { HACK_COMPENSATION } from '../../snapshot/period.ts';
import { displayHolding, messageStem, offWalletCover, referenceCode, statusCodes } from './common.ts';
import { contractRulesJson, riskSpecJson, safeAssetRulesJson } from './params-json.ts';

export const JVCEA_2018_DRAFT = 'jvcea-2018-draft';
const COVER = `${JVCEA_2018_DRAFT}/cover`;
const ONLINE_VALUE = `${JVCEA_2018_DRAFT}/online-value`;

export interface JvceaParams {
  risk: RiskSpec;
  safe_assets: SafeAssetRules;
  contracts: ContractRules;
  expiry_warning_days: number;
}

/** Deposits and public bonds at market value: the draft names them and sets no haircut, so none by default. */
export const JVCEA_SAFE_ASSETS_DEFAULT: SafeAssetRules = {
  kinds: ['bank_deposit', 'time_deposit', 'jgb', 'municipal_bond'],
  haircuts: {},
  maturity_months_max: {},
  require_segregated: true,
};
export const JVCEA_CONTRACTS_DEFAULT: ContractRules = { kinds: ['preservation', 'bank_guarantee'], covers_any: [HACK_COMPENSATION] };

const schema = z.strictObject({
  risk: riskSpecSchema.optional(),
  safe_assets: safeAssetRulesSchema.optional(),
  contracts: contractRulesSchema.optional(),
});

const regime: Regime<JvceaParams> = {
  id: JVCEA_2018_DRAFT,
  readParams(facts) {
    const path = ['coverage', JVCEA_2018_DRAFT];
    const raw = extensionAt(facts.extensions, path);
    const parsed = raw === undefined ? {} : parseSection(schema, raw, path);
    return {
      risk: riskSpec(parsed.risk),
      safe_assets: safeAssetRules(parsed.safe_assets, JVCEA_SAFE_ASSETS_DEFAULT),
      contracts: contractRules(parsed.contracts, JVCEA_CONTRACTS_DEFAULT),
      expiry_warning_days: expiryWarningDays(facts.extensions),
    };
  },
  paramsJson: (params) => ({
    risk: riskSpecJson(params.risk),
    safe_assets: safeAssetRulesJson(params.safe_assets),
    contracts: contractRulesJson(params.contracts),
    expiry_warning_days: params.expiry_warning_days,
  }),
  evaluate(facts, params, providers) {
    const risk = providers.risk(facts, { regime: JVCEA_2018_DRAFT, tiers: ONLINE_TIERS }, params.risk);
    const cover = offWalletCover(facts, JVCEA_2018_DRAFT, params.safe_assets, params.contracts, params.expiry_warning_days);
    const ledger = new CoverLedger();
    const held_minor = ledger.cover(COVER, null, risk.amount_minor, cover.sources);
    const cover_check = amountCheck({
      id: COVER,
      asset: null,
      unit: facts.base_currency,
      decimals: facts.base_decimals,
      required_minor: risk.amount_minor,
      required_rounding: VALUATION_ROUNDING.requirement,
      held_minor,
      reference: referenceCode(COVER),
      codes: statusCodes(COVER),
      params: { method: params.risk.method, share: formatDecimal(params.risk.share) },
    });
    // Each asset's online holdings and their value: what the requirement is made of.
    const online = activeCryptoAssets(facts).map((asset) => {
      const online_minor = sumTiers(asset.held.customer, ONLINE_TIERS);
      return noteCheck({
        id: ONLINE_VALUE,
        status: 'info',
        asset: asset.asset,
        unit: asset.asset,
        held: unitsOf(online_minor, asset.decimals),
        reference: referenceCode(COVER),
        code: `${messageStem(ONLINE_VALUE)}.info`,
        params: {
          asset: asset.asset,
          amount: withUnit(formatAmount(online_minor, asset.decimals), asset.asset),
          value: displayHolding(facts, ONLINE_TIERS, asset),
        },
      });
    });
    return {
      checks: [cover_check, ...cover.expiry_checks, ...online],
      assignments: ledger.assignments,
      excluded: cover.excluded,
      notes: [risk.note],
    };
  },
};

export const jvcea2018Draft = regimeModule(regime);
