// Assigns cover sources to requirements within one regime and refuses to count a source twice:
// the ledger is the invariant "within one regime a source is never counted twice", asserted.

import { unitsOf } from './facts.ts';
import type { CoverSource } from './sources.ts';
import type { Assignment } from './types.ts';

export class CoverLedger {
  private readonly taken = new Map<string, string>();
  readonly assignments: Assignment[] = [];

  /**
   * Counts `sources`, in the order given, against one requirement and returns the total they count
   * for. Each assignment records what the source counts for and the part the requirement still
   * needed when it came (`applied`); Σ applied = min(required, held).
   */
  cover(check_id: string, asset: string | null, required_minor: bigint, sources: readonly CoverSource[]): bigint {
    let remaining = required_minor > 0n ? required_minor : 0n;
    let held_minor = 0n;
    for (const source of sources) {
      const key = `${source.kind}:${source.id}`;
      const previous = this.taken.get(key);
      if (previous !== undefined) throw new Error(`cover source ${key} assigned twice (${previous}, ${check_id})`);
      if (source.counted_minor < 0n) throw new Error(`cover source ${key} counts a negative amount`);
      this.taken.set(key, check_id);
      const applied_minor = source.counted_minor < remaining ? source.counted_minor : remaining;
      remaining -= applied_minor;
      held_minor += source.counted_minor;
      this.assignments.push({
        source_kind: source.kind,
        source_id: source.id,
        check_id,
        asset,
        unit: source.unit,
        counted: unitsOf(source.counted_minor, source.decimals),
        applied: unitsOf(applied_minor, source.decimals),
      });
    }
    return held_minor;
  }
}
