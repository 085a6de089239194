// The engines meet here, not in each other: the coverage engine asks its seams for a risk amount
// and an insurance credit, and this file answers them from the risk and insurance engines. The
// provider description is part of every stored check's inputs, because results depend on it.

import type { InsuranceCreditProvider, RiskAmountProvider } from '../coverage/index.ts';
import { insuranceEngineCredit, shareOfValueRisk } from '../coverage/index.ts';
import { confidenceNumber, customerLossAmounts } from '../risk/amount.ts';
import { SEED_DEFAULT, YEARS_DEFAULT } from '../risk/service.ts';
import type { InsuranceRecovery } from '../compensation/types.ts';
import type { Incident } from '../incident/types.ts';
import { computeClaim } from '../insurance/index.ts';
import type { Snapshot } from '../snapshot/types.ts';

/** The simulation behind `var`/`tvar` risk specs: fixed, so a check is reproducible. */
export const CHECK_RISK_YEARS = YEARS_DEFAULT;
export const CHECK_RISK_SEED = SEED_DEFAULT;

/**
 * Names the providers in stored check runs. `share` risk specs are answered by share of value;
 * `var`/`tvar` by the risk engine with these years and seed; insurance by the insurance engine on
 * a total loss of the wallets in scope.
 */
export const CHECK_PROVIDERS = `risk:share-of-value|engine(years=${CHECK_RISK_YEARS},seed=${CHECK_RISK_SEED});insurance:engine-total-loss`;

/** The coverage engine's risk seam answered by the risk engine (`share` stays with coverage's own rule). */
export function riskEngineProvider(snapshot: Snapshot, options: { years?: number; seed?: number } = {}): RiskAmountProvider {
  const amounts = customerLossAmounts(snapshot, options);
  return (facts, scope, spec) => {
    if (spec.method === 'share') return shareOfValueRisk(facts, scope, spec);
    const confidence = confidenceNumber(spec.confidence);
    const found = amounts({ measure: spec.method, confidence, tiers: scope.tiers, drained: facts.drained });
    return {
      amount_minor: found.amount_minor,
      note: {
        code: 'risk.amount_note',
        params: { measure: spec.method === 'var' ? 'VaR' : 'TVaR', confidence: String(confidence), years: found.years, seed: found.seed, tiers: scope.tiers.join('+'), prices: found.price_model },
      },
    };
  };
}

export interface CheckProviders {
  risk: RiskAmountProvider;
  insurance: InsuranceCreditProvider;
  /** What CHECK_PROVIDERS says, for the run's inputs. */
  description: string;
}

export function checkProviders(snapshot: Snapshot): CheckProviders {
  return {
    risk: riskEngineProvider(snapshot, { years: CHECK_RISK_YEARS, seed: CHECK_RISK_SEED }),
    insurance: insuranceEngineCredit,
    description: CHECK_PROVIDERS,
  };
}

/** Insurance as a compensation funding source: what the snapshot's policies pay for the incident. */
export type CompensationInsurance = (snapshot: Snapshot, incident: Incident, incident_file?: string) => Promise<InsuranceRecovery>;

export const insuranceFromPolicies: CompensationInsurance = async (snapshot, incident, incident_file) => {
  if (snapshot.documents.policies === undefined) return { status: 'no_policies', amount_minor: 0n };
  const claim = await computeClaim(snapshot, incident, incident_file);
  const unattributed_minor = claim.result.allocation.unattributed_minor;
  return { status: 'computed', amount_minor: claim.result.recovery_minor, ...(unattributed_minor === null ? {} : { unattributed_minor }) };
};
