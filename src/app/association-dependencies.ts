// `association dependencies`: which members depend on each vendor, platform, counterparty, issuer,
// insurer and reinsurer, the value exposed through it by tier, the concentration of online value,
// and how each member's spelling was matched. The verdict fails when one shared vendor or platform
// holds more than half of all members' online value.

import { discoverDependencies, WALLET_KINDS, type DependencyMap } from '../association/dependencies.ts';
import { compareDecimal } from '../money/decimal.ts';
import type { AssociationDeps } from './association-deps.ts';
import { memberInputs } from './association-inputs.ts';
import type { NamedText, Verdict } from './deps.ts';

/** Above this share of all online value behind one shared vendor or platform, the verdict is "failed". */
export const CONCENTRATION_LIMIT = { coef: 5n, scale: 1 };

export interface DependenciesRequest {
  aliases?: NamedText;
  /** Only dependencies two or more members share. */
  shared_only?: boolean;
}

export interface DependenciesResult {
  verdict: Verdict;
  map: DependencyMap;
  skipped: string[];
}

export async function associationDependencies(deps: AssociationDeps, request: DependenciesRequest = {}): Promise<DependenciesResult> {
  const inputs = await memberInputs(deps, request.aliases);
  const map = discoverDependencies(inputs.members, inputs.aliases);
  if (request.shared_only === true) map.dependencies = map.dependencies.filter((d) => d.shared);
  const concentrated = map.dependencies.some((d) => d.shared && WALLET_KINDS.includes(d.kind) && compareDecimal(d.concentration, CONCENTRATION_LIMIT) > 0);
  return { verdict: concentrated ? 'failed' : 'ok', map, skipped: inputs.skipped };
}
