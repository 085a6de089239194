// Requests the API's schemas refuse are bad input like any other: located issues (the field's path
// in the request), with message codes rendered in the reader's language — never zod's English.

import type { Context } from 'hono';
import { InputError, type InputIssue } from '../errors.ts';

interface ZodIssueLike {
  code: string;
  path: PropertyKey[];
  expected?: unknown;
  maximum?: unknown;
  minimum?: unknown;
  keys?: string[];
  values?: unknown[];
}

/** Where the request carried the field: the body, the query, the path. */
const TARGET_FILES: Record<string, string> = { json: 'body', query: 'query', param: 'path', form: 'body', header: 'header', cookie: 'cookie' };

export function requestIssue(issue: ZodIssueLike, target: string): InputIssue {
  const file = TARGET_FILES[target] ?? target;
  const path = issue.path.map(String).join('.');
  const at = { file, ...(path === '' ? {} : { field: path }) };
  switch (issue.code) {
    case 'invalid_type':
      return { ...at, code: 'server.request.type', params: { expected: String(issue.expected ?? '?') } };
    case 'unrecognized_keys':
      return { ...at, code: 'server.request.unknown_field', params: { fields: (issue.keys ?? []).join(', ') } };
    case 'too_big':
      return { ...at, code: 'server.request.too_big', params: { max: String(issue.maximum ?? '?') } };
    case 'too_small':
      return { ...at, code: 'server.request.too_small', params: { min: String(issue.minimum ?? '?') } };
    case 'invalid_value':
      return { ...at, code: 'server.request.not_one_of', params: { values: (issue.values ?? []).map(String).join(', ') } };
    default:
      return { ...at, code: 'server.request.invalid', params: {} };
  }
}

/** The OpenAPIHono default hook: a failed validation becomes an InputError the error handler renders. */
export function validationHook(result: { success: boolean; target?: string; error?: { issues: ZodIssueLike[] } }, _c: Context): void {
  if (result.success) return;
  const target = result.target ?? 'json';
  throw new InputError((result.error?.issues ?? []).slice(0, 100).map((issue) => requestIssue(issue, target)));
}
