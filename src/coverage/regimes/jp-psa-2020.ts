// Japan, Payment Services Act and the Cabinet Office Order on Crypto-Asset Exchange Service
// Providers, as in force since May 2020:
//  hot-share    customer crypto outside cold wallets ≤ 5% of all customer crypto, by value (aggregate);
//  guarantee    per asset, guarantee crypto held cold ≥ the quantity of customer crypto outside cold;
//  net-assets   net assets ≥ the value of the guarantee crypto (association's financial rule);
//  segregation  per asset, customer crypto held in customer wallets ≥ customer balances;
//  customer-money  when exchange.json gives `customer_money`, the trust balance ≥ the customers' yen.
// The 5% limit is the law, not a parameter.

import { z } from 'zod';
import { VALUATION_ROUNDING } from '../../money/valuation.ts';
import { formatAmount } from '../../money/amount.ts';
import { formatDecimal, mulDecimal, subDecimal, type Decimal } from '../../money/decimal.ts';
import { amountCheck, noteCheck, shareCheck, withUnit } from '../checks.ts';
import {
  activeCryptoAssets,
  customerValue,
  ONLINE_TIERS,
  ALL_TIERS,
  sumTiers,
  toBaseMinor,
  unitsOf,
  valueMinorOf,
  type CoverageFacts,
} from '../facts.ts';
import { customerMoney } from '../customer-money.ts';
import { CoverLedger } from '../ledger.ts';
import { extensionAt, parseSection } from '../params.ts';
import { regimeModule, type Regime } from '../regime.ts';
import type { CoverSource } from '../sources.ts';
import type { Check, Exclusion } from '../types.ts';
import { displayHolding, messageStem, referenceCode, statusCodes } from './common.ts';

export const JP_PSA_2020 = 'jp-psa-2020';
/** 百分の五: Cabinet Office Order art. 27(2). */
export const JP_HOT_SHARE_MAX: Decimal = { coef: 5n, scale: 2 };

const HOT_SHARE = `${JP_PSA_2020}/hot-share`;
const GUARANTEE = `${JP_PSA_2020}/guarantee`;
const GUARANTEE_TIER = `${JP_PSA_2020}/guarantee-tier`;
const NET_ASSETS = `${JP_PSA_2020}/net-assets`;
const SEGREGATION = `${JP_PSA_2020}/segregation`;
const CUSTOMER_MONEY = `${JP_PSA_2020}/customer-money`;

type JpPsaParams = Record<string, never>;

const regime: Regime<JpPsaParams> = {
  id: JP_PSA_2020,
  readParams(facts) {
    const path = ['coverage', JP_PSA_2020];
    const raw = extensionAt(facts.extensions, path);
    if (raw !== undefined) parseSection(z.strictObject({}), raw, path);
    return {};
  },
  paramsJson: () => ({ hot_share_max: formatDecimal(JP_HOT_SHARE_MAX) }),
  evaluate(facts) {
    const ledger = new CoverLedger();
    const excluded: Exclusion[] = [];
    const checks: Check[] = [...hotShareChecks(facts)];
    // The value of the guarantee crypto that counts: net assets must cover it, so each counted
    // wallet is valued as a requirement (rounded up), on the same lines show values as holdings.
    let guarantee_required_minor = 0n;
    for (const asset of activeCryptoAssets(facts)) {
      const sources: CoverSource[] = [];
      for (const wallet of facts.wallets) {
        if (wallet.asset !== asset.asset || wallet.purpose !== 'guarantee') continue;
        if (wallet.tier === 'cold') {
          sources.push({ kind: 'guarantee_crypto', id: wallet.id, counted_minor: wallet.amount_minor, unit: asset.asset, decimals: asset.decimals });
          continue;
        }
        excluded.push({ source_kind: 'guarantee_crypto', source_id: wallet.id, reason: { code: 'coverage.source.guarantee_not_cold', params: { tier: wallet.tier } } });
        checks.push(
          noteCheck({
            id: GUARANTEE_TIER,
            status: 'warn',
            asset: asset.asset,
            unit: asset.asset,
            held: unitsOf(wallet.amount_minor, asset.decimals),
            reference: referenceCode(GUARANTEE_TIER),
            code: `${messageStem(GUARANTEE_TIER)}.warn`,
            params: { wallet: wallet.id, tier: wallet.tier, amount: withUnit(formatAmount(wallet.amount_minor, asset.decimals), asset.asset) },
          }),
        );
      }
      const required_minor = sumTiers(asset.held.customer, ONLINE_TIERS);
      const held_minor = ledger.cover(GUARANTEE, asset.asset, required_minor, sources);
      for (const source of sources) guarantee_required_minor += valueMinorOf(facts, asset, source.counted_minor, 'requirement');
      checks.push(
        amountCheck({
          id: GUARANTEE,
          asset: asset.asset,
          unit: asset.asset,
          decimals: asset.decimals,
          required_minor,
          held_minor,
          reference: referenceCode(GUARANTEE),
          codes: statusCodes(GUARANTEE),
        }),
      );
      checks.push(
        amountCheck({
          id: SEGREGATION,
          asset: asset.asset,
          unit: asset.asset,
          decimals: asset.decimals,
          required_minor: asset.liability_minor,
          held_minor: sumTiers(asset.held.customer, ALL_TIERS),
          reference: referenceCode(SEGREGATION),
          codes: statusCodes(SEGREGATION),
        }),
      );
    }
    checks.push(netAssetsCheck(facts, guarantee_required_minor, ledger));
    const money = customerMoney(facts.extensions, facts.base_decimals);
    const base = facts.assets.find((a) => a.asset === facts.base_currency);
    if (money !== null && base !== undefined) {
      checks.push(
        amountCheck({
          id: CUSTOMER_MONEY,
          asset: facts.base_currency,
          unit: facts.base_currency,
          decimals: facts.base_decimals,
          required_minor: base.liability_minor,
          held_minor: money.trust_balance_minor,
          reference: referenceCode(CUSTOMER_MONEY),
          codes: statusCodes(CUSTOMER_MONEY),
        }),
      );
    }
    return { checks: orderChecks(checks), assignments: ledger.assignments, excluded, notes: [] };
  },
};

/** The aggregate share (the rule) and each asset's share (information). */
function hotShareChecks(facts: CoverageFacts): Check[] {
  const part = customerValue(facts, ONLINE_TIERS);
  const whole = customerValue(facts, ALL_TIERS);
  // The value that would have to move to cold wallets: part − 5% × whole, rounded up.
  const excess = subDecimal(part, mulDecimal(JP_HOT_SHARE_MAX, whole));
  const aggregate = shareCheck({
    id: HOT_SHARE,
    asset: null,
    part,
    whole,
    limit: JP_HOT_SHARE_MAX,
    bound: 'max',
    reference: referenceCode(HOT_SHARE),
    codes: statusCodes(HOT_SHARE),
    params: {
      part: displayHolding(facts, ONLINE_TIERS),
      whole: displayHolding(facts, ALL_TIERS),
      excess: withUnit(formatAmount(excess.coef > 0n ? toBaseMinor(facts, excess, 'requirement') : 0n, facts.base_decimals), facts.base_currency),
    },
  });
  const per_asset = activeCryptoAssets(facts).map((asset) => {
    const online_minor = sumTiers(asset.held.customer, ONLINE_TIERS);
    const total_minor = sumTiers(asset.held.customer, ALL_TIERS);
    return shareCheck({
      id: HOT_SHARE,
      asset: asset.asset,
      part: unitsOf(online_minor, asset.decimals),
      whole: unitsOf(total_minor, asset.decimals),
      limit: JP_HOT_SHARE_MAX,
      bound: 'max',
      informational: true,
      reference: referenceCode(HOT_SHARE),
      codes: { pass: `${messageStem(HOT_SHARE)}.asset`, fail: `${messageStem(HOT_SHARE)}.asset` },
      params: {
        asset: asset.asset,
        part: withUnit(formatAmount(online_minor, asset.decimals), asset.asset),
        whole: withUnit(formatAmount(total_minor, asset.decimals), asset.asset),
      },
    });
  });
  return [aggregate, ...per_asset];
}

/** Net assets against the value of the guarantee crypto that counts, each wallet rounded up (a requirement). */
function netAssetsCheck(facts: CoverageFacts, required_minor: bigint, ledger: CoverLedger): Check {
  if (facts.net_assets_minor > 0n) {
    ledger.cover(NET_ASSETS, null, required_minor, [
      { kind: 'net_assets', id: 'net_assets', counted_minor: facts.net_assets_minor, unit: facts.base_currency, decimals: facts.base_decimals },
    ]);
  }
  return amountCheck({
    id: NET_ASSETS,
    asset: null,
    unit: facts.base_currency,
    decimals: facts.base_decimals,
    required_minor,
    required_rounding: VALUATION_ROUNDING.requirement,
    held_minor: facts.net_assets_minor,
    reference: referenceCode(NET_ASSETS),
    codes: statusCodes(NET_ASSETS),
  });
}

const ORDER = [HOT_SHARE, GUARANTEE, GUARANTEE_TIER, NET_ASSETS, SEGREGATION, CUSTOMER_MONEY];

/** Rule by rule, in the order above; within a rule, aggregate first, then assets in exchange.json order. */
function orderChecks(checks: Check[]): Check[] {
  return checks
    .map((check, index) => ({ check, index }))
    .sort((a, b) => ORDER.indexOf(a.check.id) - ORDER.indexOf(b.check.id) || (a.check.asset === null ? -1 : 0) - (b.check.asset === null ? -1 : 0) || a.index - b.index)
    .map(({ check }) => check);
}

export const jpPsa2020 = regimeModule(regime);
