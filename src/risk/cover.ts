// The cover held against a hack, which the simulated net losses are compared with. The coverage
// engine owns the regime-specific view of cover; this default counts what the snapshot states is
// there for hack compensation — contracts in force at as_of whose `covers` include it — and the
// CLI's --cover replaces it with any figure the user wants to test.

import { HACK_COMPENSATION, inForceAt } from '../snapshot/period.ts';
import type { Snapshot } from '../snapshot/types.ts';

export interface CoverHeld {
  amount_minor: bigint;
  /** Where the figure comes from: "contracts" (with the ids counted), or "option". */
  source: string;
  contract_ids: string[];
}

export function contractCover(snapshot: Snapshot): CoverHeld {
  const { as_of, as_of_ms } = snapshot.manifest;
  const counted = snapshot.contracts.filter((c) => c.covers.includes(HACK_COMPENSATION) && inForceAt(c, as_of, as_of_ms));
  return {
    amount_minor: counted.reduce((sum, c) => sum + c.amount_minor, 0n),
    source: 'contracts',
    contract_ids: counted.map((c) => c.id),
  };
}
