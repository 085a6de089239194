// What every use case is given, and the shape of what it answers. A use case is one function
// `(deps, request) → result`: it reads and writes through `deps` only (the store, progress), takes
// documents as text with their names (a front end reads files, receives uploads or request
// bodies), and answers with plain, language-neutral values (message codes and parameters, exact
// amounts) that each front end renders in its reader's language. The CLI, the HTTP API, the pages
// and the reports call the same functions, so they cannot disagree on a figure or a run id.

import type { InputIssue } from '../errors.ts';
import type { TenantStore } from '../store/types.ts';

/**
 * Long work reports how far it is: `phase` names the work ('import' rows, 'risk' simulated
 * years, 'demo' rows written, 'draw' a snapshot's rows read to draw accounts, 'proof_check' drawn
 * accounts whose proofs are checked), `done` counts its units, `total` when known.
 */
export interface ProgressEvent {
  phase: 'import' | 'risk' | 'demo' | 'draw' | 'proof_check';
  done: number;
  total?: number;
}

export interface AppDeps {
  store: TenantStore;
  on_progress?: (event: ProgressEvent) => void;
}

/**
 * What a use case concluded. `failed` means the run worked and its answer is no (a check failed,
 * a shortfall is recorded as a claim, the audit chain is broken): the CLI exits 3 for it. Bad
 * input never produces a verdict: it is thrown as a UserError.
 */
export type Verdict = 'ok' | 'failed';

/** A document as a use case takes it: its text and the name its errors are located by. */
export interface NamedText {
  name: string;
  text: string;
}

export interface WithWarnings {
  /** Accepted, but worth the user's attention (located like errors). */
  warnings: InputIssue[];
}
