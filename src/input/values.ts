// Field-level parsing shared by the CSV and JSON readers. Each returns the parsed value or
// undefined after recording a located issue, so one bad field never hides the next.

import { MoneyError, parseAmount, parseDecimal, type Decimal } from '../money/index.ts';
import type { MessageParams } from '../errors.ts';
import { echo } from './text.ts';

export type Report = (code: string, params?: MessageParams) => void;

/** ISO 8601 timestamp with an explicit offset: the instant must never depend on the machine's zone. */
const TIMESTAMP_PATTERN = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})$/;
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isCalendarDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const days_in_month = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= days_in_month;
}

/** Epoch ms of a timestamp with offset, or undefined after reporting. */
export function readTimestamp(text: string, report: Report): number | undefined {
  const m = TIMESTAMP_PATTERN.exec(text);
  if (m === null || !isCalendarDate(Number(m[1]), Number(m[2]), Number(m[3])) || Number(m[4]) > 23 || Number(m[5]) > 59 || Number(m[6] ?? 0) > 59) {
    report('value.timestamp', { value: echo(text) });
    return undefined;
  }
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) {
    report('value.timestamp', { value: echo(text) });
    return undefined;
  }
  return ms;
}

/** A calendar date YYYY-MM-DD, returned as written. */
export function readDate(text: string, report: Report): string | undefined {
  const m = DATE_PATTERN.exec(text);
  if (m === null || !isCalendarDate(Number(m[1]), Number(m[2]), Number(m[3]))) {
    report('value.date', { value: echo(text) });
    return undefined;
  }
  return text;
}

/** A date or a timestamp with offset (contract periods). */
export function readDateOrTimestamp(text: string, report: Report): string | undefined {
  if (DATE_PATTERN.test(text)) return readDate(text, report);
  if (TIMESTAMP_PATTERN.test(text)) return readTimestamp(text, report) === undefined ? undefined : text;
  report('value.date_or_timestamp', { value: echo(text) });
  return undefined;
}

export function readAmount(text: string, decimals: number, asset: string, report: Report, signed = false): bigint | undefined {
  try {
    return parseAmount(text, decimals, { signed });
  } catch (error) {
    if (error instanceof MoneyError) {
      report(error.code === 'money.too_many_decimals' ? 'value.amount_decimals' : error.code, { ...echoed(error.params), asset });
      return undefined;
    }
    throw error;
  }
}

export function readDecimal(text: string, report: Report, signed = false): Decimal | undefined {
  try {
    return parseDecimal(text, { signed });
  } catch (error) {
    if (error instanceof MoneyError) {
      report(error.code, echoed(error.params));
      return undefined;
    }
    throw error;
  }
}

export function readBoolean(text: string, report: Report): boolean | undefined {
  if (text === 'true') return true;
  if (text === 'false') return false;
  report('value.boolean', { value: echo(text) });
  return undefined;
}

/** Identifiers: printable, no surrounding space, bounded. */
export const IDENTIFIER_CHARS_MAX = 128;
export function readIdentifier(text: string, report: Report): string | undefined {
  if (text === '') {
    report('value.required');
    return undefined;
  }
  if (text.length > IDENTIFIER_CHARS_MAX || text.trim() !== text || /[\u0000-\u001f\u007f]/.test(text)) {
    report('value.identifier', { value: echo(text, 40), max: IDENTIFIER_CHARS_MAX });
    return undefined;
  }
  return text;
}

export function readEnum<T extends string>(text: string, allowed: readonly T[], report: Report): T | undefined {
  if ((allowed as readonly string[]).includes(text)) return text as T;
  report('value.enum', { value: echo(text), allowed: allowed.join(', ') });
  return undefined;
}

/** The money parser echoes the text it refused: escaped and cut like every echo. */
function echoed(params: MessageParams): MessageParams {
  return typeof params.value === 'string' ? { ...params, value: echo(params.value) } : params;
}
