// The cover held against a hack, which the simulated net losses are compared with. The coverage
// engine owns the regime-specific view of cover; this default counts what the snapshot states is
// there for hack compensation — contracts in force at as_of whose `covers` include it — and the
// CLI's --cover replaces it with any figure the user wants to test.

import type { Contract, Snapshot } from '../snapshot/types.ts';

export const HACK_COMPENSATION = 'hack_compensation';

export interface CoverHeld {
  amount_minor: bigint;
  /** Where the figure comes from: "contracts" (with the ids counted), or "option". */
  source: string;
  contract_ids: string[];
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** A date bound compares with as_of's calendar date in its own offset; a timestamp, by instant. End dates are inclusive. */
export function inForce(contract: Contract, as_of: string, as_of_ms: number): boolean {
  const as_of_date = as_of.slice(0, 10);
  const started = DATE_ONLY.test(contract.start) ? contract.start <= as_of_date : Date.parse(contract.start) <= as_of_ms;
  const not_ended = DATE_ONLY.test(contract.end) ? contract.end >= as_of_date : Date.parse(contract.end) > as_of_ms;
  return started && not_ended;
}

export function contractCover(snapshot: Snapshot): CoverHeld {
  const { as_of, as_of_ms } = snapshot.manifest;
  const counted = snapshot.contracts.filter((c) => c.covers.includes(HACK_COMPENSATION) && inForce(c, as_of, as_of_ms));
  return {
    amount_minor: counted.reduce((sum, c) => sum + c.amount_minor, 0n),
    source: 'contracts',
    contract_ids: counted.map((c) => c.id),
  };
}
