// A user error with the HTTP status it answers with. Other UserErrors are bad input (400), or
// not found (404) when their code says a thing does not exist.

import { InputError, UserError, type MessageParams } from '../errors.ts';

export class HttpError extends UserError {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 503,
    code: string,
    params: MessageParams = {},
  ) {
    super(code, params);
    this.name = 'HttpError';
  }
}

/** Codes that mean "no such thing (for you)": answered 404, like a thing of another tenant. */
const NOT_FOUND_CODES = new Set(['app.unknown_snapshot', 'store.snapshot_not_found', 'server.not_found', 'server.run_not_found', 'server.job_not_found']);

export function statusOf(error: UserError): number {
  if (error instanceof HttpError) return error.status;
  if (NOT_FOUND_CODES.has(error.code)) return 404;
  if (error.code === 'store.locked' || error.code === 'store.busy' || error.code === 'proof.lookups_busy') return 503;
  if (error instanceof InputError) return 422;
  return 400;
}
