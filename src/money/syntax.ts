// The one grammar for every number a user writes (amounts, prices, rates): an optional '-', ASCII
// digits, and optionally a '.' followed by digits. Amounts and decimals share it so that the same
// text is accepted or refused, with the same code, wherever it appears.

import { MoneyError } from './errors.ts';

/** `\d` is ASCII-only in JavaScript, and `$` without the m flag does not match before a newline. */
export const PLAIN_NUMBER_PATTERN = /^(-)?(\d+)(?:\.(\d+))?$/;

// Grouping characters seen in exports: comma, underscore, apostrophe (Swiss), spaces including
// no-break, thin and ideographic ones, and the full-width comma of Japanese text.
const GROUPED_DIGITS = /\d[,_' \u00a0\u2009\u202f\u3000\uff0c]\d/;

/** The most specific reason why `text` does not match PLAIN_NUMBER_PATTERN. */
export function malformedNumberError(text: string, signed: boolean): MoneyError {
  const trimmed = text.trim();
  if (trimmed === '') return new MoneyError('money.empty', { value: text });
  if (/^[+-]?(nan|inf(inity)?)$/i.test(trimmed)) return new MoneyError('money.not_finite', { value: text });
  if (/^[+-]?[\d.]+e[+-]?\d+$/i.test(trimmed)) return new MoneyError('money.exponent', { value: text });
  if (GROUPED_DIGITS.test(text)) return new MoneyError('money.separator', { value: text });
  // Where a '-' is allowed a '+' is merely not our syntax; elsewhere any sign is the problem.
  if (!signed && /^\+\d/.test(text)) return new MoneyError('money.sign_not_allowed', { value: text });
  return new MoneyError('money.malformed', { value: text });
}
