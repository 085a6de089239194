import type { FileContext } from './context.ts';
import { echo } from './text.ts';

/** Checks a CSV header against the expected columns; returns false (after reporting) on mismatch. */
export function checkHeader(context: FileContext, fields: string[] | undefined, expected: readonly string[][]): string[] | undefined {
  const found = (fields ?? []).map((f) => f.trim());
  const match = expected.find((columns) => columns.length === found.length && columns.every((c, i) => c === found[i]));
  if (match === undefined) {
    context.atLine(1, undefined, 'csv.header', { found: echo(found.join(',')), expected: expected.map((e) => e.join(',')).join(' | ') });
  }
  return match;
}
