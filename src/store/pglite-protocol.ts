// The messages between the service's thread and the worker thread that owns PGlite
// (pglite-thread.ts ↔ pglite-worker.ts). Each request carries an id its reply repeats. A
// transaction is a session: `begin` opens one in the worker (PGlite's own transaction, which
// queues every other statement behind it, as on this thread), the statements that name it run in
// it, `end` commits or rolls it back. Errors cross as data and are rebuilt as the same classes
// (a UserError keeps its code, parameters and exit code; a database error its SQLSTATE and
// details), because structured clone keeps only an Error's message and stack.

import { InputError, UserError, type InputIssue, type MessageParams } from '../errors.ts';

/** The session a statement runs in: null outside any transaction. */
export type Session = number | null;

export type ThreadRequest =
  | { id: number; op: 'query'; session: Session; text: string; params: readonly unknown[] }
  | { id: number; op: 'copy_from'; session: Session; table: string; columns: readonly string[]; rows: Uint8Array }
  | { id: number; op: 'copy_out'; session: Session; select: string }
  | { id: number; op: 'begin' }
  | { id: number; op: 'end'; session: number; commit: boolean }
  | { id: number; op: 'close' };

export type ThreadReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: ErrorData };

/** Worker → service, once, before any reply: PGlite is open and its schema up to date, or why not. */
export type ThreadReady = { ready: true } | { ready: false; error: ErrorData };

export interface WorkerData {
  data_dir: string;
  location: string;
}

export type ErrorData =
  | { kind: 'input'; issues: InputIssue[]; issue_count: number }
  | { kind: 'user'; code: string; params: MessageParams; exit_code: number }
  | { kind: 'other'; name: string; message: string; stack: string | undefined; fields: Record<string, string | number | boolean> };

export function errorData(error: unknown): ErrorData {
  if (error instanceof InputError) return { kind: 'input', issues: error.issues, issue_count: error.issue_count };
  if (error instanceof UserError) return { kind: 'user', code: error.code, params: error.params, exit_code: error.exit_code };
  if (!(error instanceof Error)) return { kind: 'other', name: 'Error', message: String(error), stack: undefined, fields: {} };
  // A database error's details (code, detail, constraint, position …) are its own properties.
  const fields: Record<string, string | number | boolean> = {};
  for (const [key, value] of Object.entries(error)) {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') fields[key] = value;
  }
  return { kind: 'other', name: error.name, message: error.message, stack: error.stack, fields };
}

export function rebuiltError(data: ErrorData): Error {
  if (data.kind === 'input') return new InputError(data.issues, data.issue_count);
  if (data.kind === 'user') return new UserError(data.code, data.params, data.exit_code);
  const error = Object.assign(new Error(data.message), data.fields);
  error.name = data.name;
  // Where it was thrown (in the worker) is what a defect's report needs; where it was received is below.
  if (data.stack !== undefined) error.stack = `${data.stack}\n    --- received from the PGlite worker thread ---\n${new Error().stack?.split('\n').slice(1).join('\n') ?? ''}`;
  return error;
}
