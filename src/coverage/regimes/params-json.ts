// Parameters as used, in JSON form (decimals as exact strings), for reports and run records.

import { formatDecimal } from '../../money/decimal.ts';
import type { ContractRules, RiskSpec, SafeAssetRules } from '../params.ts';

export function riskSpecJson(spec: RiskSpec): Record<string, unknown> {
  return { method: spec.method, share: formatDecimal(spec.share), confidence: formatDecimal(spec.confidence) };
}

export function safeAssetRulesJson(rules: SafeAssetRules): Record<string, unknown> {
  const haircuts: Record<string, string> = {};
  for (const [kind, haircut] of Object.entries(rules.haircuts)) if (haircut !== undefined) haircuts[kind] = formatDecimal(haircut);
  return { kinds: rules.kinds, haircuts, maturity_months_max: rules.maturity_months_max, require_segregated: rules.require_segregated };
}

export function contractRulesJson(rules: ContractRules): Record<string, unknown> {
  return { kinds: rules.kinds, covers_any: rules.covers_any };
}
