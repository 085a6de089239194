// The seam for the risk amount of jvcea-2018-draft and jp-2026-liability-reserve. With method
// `share`, the amount is a configured share of the value of customer crypto in scope, rounded up (a
// requirement is never understated by rounding). `var`/`tvar` are answered by the risk engine's
// provider (src/risk/amount.ts, riskEngineProvider), which hozen check passes in.

import { UserError } from '../errors.ts';
import { mulDecimal } from '../money/decimal.ts';
import { percent } from './checks.ts';
import type { Tier } from '../snapshot/types.ts';
import { customerValue, toBaseMinor, type CoverageFacts } from './facts.ts';
import type { RiskSpec } from './params.ts';
import type { Message } from './types.ts';

export interface RiskScope {
  regime: string;
  /** Customer crypto in these tiers is what may be lost. */
  tiers: readonly Tier[];
}

export interface RiskAmount {
  /** Base-currency minor units. */
  amount_minor: bigint;
  /** How it was found, for the report's notes. */
  note: Message;
}

export type RiskAmountProvider = (facts: CoverageFacts, scope: RiskScope, spec: RiskSpec) => RiskAmount;

/** share × value of customer crypto in the scope's tiers, rounded up; refuses var/tvar, which need the risk engine. */
export const shareOfValueRisk: RiskAmountProvider = (facts, scope, spec) => {
  if (spec.method !== 'share') {
    throw new UserError('coverage.risk.engine_not_wired', { regime: scope.regime, method: spec.method });
  }
  const value = customerValue(facts, scope.tiers);
  const amount_minor = toBaseMinor(facts, mulDecimal(value, spec.share), 'requirement');
  return {
    amount_minor,
    note: { code: 'coverage.risk.share_of_value', params: { share: percent(spec.share), tiers: scope.tiers.join('+') } },
  };
};
