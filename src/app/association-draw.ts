// The association's random draw (docs/guide/proof.*.md, "Against the statistical attack"), run by
// the service on a member's store and tree: the same use case as `hozen proof-draw` (drawProofs),
// whose result names every drawn account, narrowed here to what the association may see — the
// counts, and per drawn account only its pseudonymous number (drawIndexOrder, keyed by the
// member's master secret) and whether it passed. No account id, balance or score leaves this
// function: the member's officer turns a failing number back into its account with
// `hozen proof-draw … --json` and the same seed.

import type { AppDeps, Verdict } from './deps.ts';
import { drawProofs, type ProofDrawRequest } from './prove.ts';

export interface AssociationDrawCheck {
  /** The drawn account's number, 1…drawn; the member can tell which account it is, nobody else. */
  index: number;
  /** A proof derived from the member's tree verifies against its published liabilities.json for the account. */
  included: boolean;
  /** The leaf's balances are those of the member's imported snapshot. */
  balances_match: boolean;
}

export interface AssociationDrawResult {
  member_id: string;
  snapshot_id: string;
  seed_hex: string;
  root_hash: string;
  /** Accounts drawn: the count asked for, or every account of a smaller snapshot. */
  drawn: number;
  /** Included with the snapshot's balances. */
  passed: number;
  not_included: number;
  /** Included, with other balances than the snapshot's. */
  balances_differ: number;
  /** By index. */
  checks: AssociationDrawCheck[];
  verdict: Verdict;
}

export interface AssociationDrawRequest extends ProofDrawRequest {
  member_id: string;
}

export async function associationProofDraw(deps: AppDeps, request: AssociationDrawRequest): Promise<AssociationDrawResult> {
  const { member_id, ...draw } = request;
  const result = await drawProofs(deps, draw);
  const checks = result.checks.map((c): AssociationDrawCheck => ({ index: c.index, included: c.included, balances_match: c.balances_match })).sort((a, b) => a.index - b.index);
  const not_included = checks.filter((c) => !c.included).length;
  const balances_differ = checks.filter((c) => c.included && !c.balances_match).length;
  return {
    member_id,
    snapshot_id: result.snapshot_id,
    seed_hex: result.seed_hex,
    root_hash: result.root_hash,
    drawn: checks.length,
    passed: checks.length - not_included - balances_differ,
    not_included,
    balances_differ,
    checks,
    verdict: result.verdict,
  };
}

export function associationDrawJson(result: AssociationDrawResult): unknown {
  return {
    member_id: result.member_id,
    snapshot_id: result.snapshot_id,
    seed_hex: result.seed_hex,
    root_hash: result.root_hash,
    drawn: result.drawn,
    passed: result.passed,
    not_included: result.not_included,
    balances_differ: result.balances_differ,
    ok: result.verdict === 'ok',
    checks: result.checks,
  };
}
