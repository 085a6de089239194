// How often a wallet is breached: its tier's base rate times one factor per control, unless the
// snapshot states the wallet's rate outright. The factors are returned with the rate so that the
// report can say why a wallet scores as it does.

import type { Wallet } from '../snapshot/types.ts';
import type { FrequencyTable } from './config.ts';

export interface RateFactor {
  /** What the factor stands for: "tier:hot", "signing:2-of-3", "hsm", "mpc", "address_allowlist", "ccss:3". */
  name: string;
  value: number;
}

export interface WalletRate {
  annual_rate: number;
  source: 'override' | 'scored';
  /** Empty for an override; else the tier's base rate first, then each multiplier. */
  factors: RateFactor[];
}

export function walletRate(wallet: Wallet, table: FrequencyTable): WalletRate {
  const override = wallet.risk?.annual_rate;
  if (override !== undefined) return { annual_rate: override, source: 'override', factors: [] };
  const factors: RateFactor[] = [{ name: `tier:${wallet.tier}`, value: table.tier_rates[wallet.tier] }];
  const { controls } = wallet;
  if (controls.signing !== undefined) {
    const value = signingFactor(controls.signing.m, table.signing_threshold_factors);
    factors.push({ name: `signing:${controls.signing.m}-of-${controls.signing.n}`, value });
  }
  if (controls.hsm === true) factors.push({ name: 'hsm', value: table.hsm_factor });
  if (controls.mpc === true) factors.push({ name: 'mpc', value: table.mpc_factor });
  if (controls.address_allowlist === true) factors.push({ name: 'address_allowlist', value: table.address_allowlist_factor });
  if (controls.ccss_level !== undefined) factors.push({ name: `ccss:${controls.ccss_level}`, value: table.ccss_level_factors[`${controls.ccss_level}`] });
  let annual_rate = 1;
  for (const f of factors) annual_rate *= f.value;
  return { annual_rate, source: 'scored', factors };
}

/** The factor of the largest listed threshold not above m (a threshold of 1 is a single key: 1 when unlisted). */
function signingFactor(m: number, factors: Record<string, number>): number {
  let best_threshold = 0;
  let best = 1;
  for (const [key, value] of Object.entries(factors)) {
    const threshold = Number(key);
    if (threshold <= m && threshold > best_threshold) {
      best_threshold = threshold;
      best = value;
    }
  }
  return best;
}
