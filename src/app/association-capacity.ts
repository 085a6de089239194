// `association capacity`: if a shared vendor or platform were compromised now, what each affected
// member's funding waterfall would pay and what would be short (association/capacity.ts, the
// compensation plan on totals). The verdict fails when any member would be short.

import { sectorCapacity, type CauseCapacity } from '../association/capacity.ts';
import { memberBaseCurrency } from '../association/dependencies.ts';
import type { AssociationDeps } from './association-deps.ts';
import { memberInputs } from './association-inputs.ts';
import type { NamedText, Verdict } from './deps.ts';

export interface CapacityRequest {
  /** One cause id ("vendor:name:acmecustody"); default: every vendor and platform two or more members share. */
  cause?: string;
  aliases?: NamedText;
}

export interface CapacityResult {
  verdict: Verdict;
  base_currency: string;
  base_decimals: number;
  causes: CauseCapacity[];
  skipped: string[];
}

export async function associationCapacity(deps: AssociationDeps, request: CapacityRequest = {}): Promise<CapacityResult> {
  const inputs = await memberInputs(deps, request.aliases);
  const causes = sectorCapacity(inputs.members, inputs.aliases, request.cause);
  const first = inputs.members[0]?.snapshot;
  const base_currency = memberBaseCurrency(inputs.members);
  const base_decimals = first?.assets.get(base_currency)?.decimals ?? 0;
  return { verdict: causes.some((c) => c.shortfall_minor > 0n) ? 'failed' : 'ok', base_currency, base_decimals, causes, skipped: inputs.skipped };
}
