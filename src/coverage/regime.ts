// The one interface every regime implements. A regime is pure: it reads coverage facts (which
// carry as_of), its parameters and the two injectable providers, and returns checks with exact
// figures, the cover it assigned to each requirement, the sources it excluded and its notes.

import type { CoverageFacts } from './facts.ts';
import type { InsuranceCredit, InsuranceScope } from './insurance.ts';
import type { RiskAmountProvider } from './risk.ts';
import type { Assignment, Check, Exclusion, Message, RegimeResult } from './types.ts';

export interface RegimeProviders {
  risk: RiskAmountProvider;
  /** Insurance credit for a scope, already bound to the snapshot. */
  insurance: (scope: InsuranceScope) => InsuranceCredit;
}

export interface RegimeOutcome {
  checks: Check[];
  assignments: Assignment[];
  excluded: Exclusion[];
  notes: Message[];
}

export interface Regime<P> {
  id: string;
  /** Reads and validates the regime's parameters (exchange.json sections), filling in defaults. */
  readParams(facts: CoverageFacts): P;
  /** The parameters as used, JSON-ready (decimals as strings), for the report and the run record. */
  paramsJson(params: P): Record<string, unknown>;
  evaluate(facts: CoverageFacts, params: P, providers: RegimeProviders): RegimeOutcome;
}

/** A regime with its parameter type erased, so regimes of different parameters sit in one list. */
export interface RegimeModule {
  id: string;
  run(facts: CoverageFacts, providers: RegimeProviders): RegimeResult;
  /** Reads the parameters only, throwing as run() would on a bad one (import checks them). */
  checkParams(facts: CoverageFacts): void;
}

export function regimeModule<P>(regime: Regime<P>): RegimeModule {
  return {
    id: regime.id,
    run(facts, providers) {
      const params = regime.readParams(facts);
      const outcome = regime.evaluate(facts, params, providers);
      return {
        id: regime.id,
        compliant: outcome.checks.every((c) => c.status !== 'fail'),
        ...outcome,
        params: regime.paramsJson(params),
      };
    },
    checkParams(facts) {
      regime.readParams(facts);
    },
  };
}
