// Errors a user can cause and fix. They carry a message code and parameters, never prose: the CLI
// renders them in the user's language (src/i18n) and exits with the code, without a stack trace.
// Anything that is not a UserError is a defect and exits 1 with the stack.

export const EXIT_OK = 0;
export const EXIT_INTERNAL = 1;
export const EXIT_BAD_INPUT = 2;
export const EXIT_CHECK_FAILED = 3;
/** The embedded store is held by another process: retry later; not bad input. */
export const EXIT_STORE_BUSY = 4;

export type MessageParams = Record<string, string | number | bigint | boolean | null | undefined>;

/** Where in the user's input a problem is: file, 1-based line (CSV) or JSON path, and field. */
export interface InputLocation {
  file?: string;
  line?: number;
  /** A JSON path such as `[3].amount` for JSON files. */
  path?: string;
  field?: string;
}

export interface InputIssue extends InputLocation {
  code: string;
  params: MessageParams;
}

export class UserError extends Error {
  constructor(
    readonly code: string,
    readonly params: MessageParams = {},
    readonly exit_code: number = EXIT_BAD_INPUT,
  ) {
    super(`${code} ${JSON.stringify(params, (_k, v) => (typeof v === 'bigint' ? v.toString() : v))}`);
    this.name = 'UserError';
  }
}

/** Bad input: one or more located issues (the first ISSUES_KEPT_MAX are kept, all are counted). */
export class InputError extends UserError {
  constructor(
    readonly issues: InputIssue[],
    readonly issue_count: number = issues.length,
  ) {
    super('input.invalid', { count: issue_count }, EXIT_BAD_INPUT);
    this.name = 'InputError';
  }
}

/** Collecting at least the first 100 issues lets a user fix a file in one round, not one per run. */
export const ISSUES_KEPT_MAX = 100;

export class IssueCollector {
  readonly issues: InputIssue[] = [];
  count = 0;

  add(issue: InputIssue): void {
    this.count += 1;
    if (this.issues.length < ISSUES_KEPT_MAX) this.issues.push(issue);
  }

  get empty(): boolean {
    return this.count === 0;
  }

  throwIfAny(): void {
    if (this.count > 0) throw new InputError(this.issues, this.count);
  }
}
