// CSV for Japanese Excel: UTF-8 with a byte-order mark (without it Excel reads Shift_JIS and shows
// mojibake), CRLF line ends, RFC 4180 quoting. Excel turns anything that looks like a number into a
// double and shows 15 significant digits, so an amount with more (a quantity of ETH to 18
// decimals) is written as the formula ="…", which Excel shows as that exact text; shorter amounts
// stay numbers (a double holds 15 significant digits exactly), so they can be summed. Text that
// Excel would convert (a date, an id of digits) is kept as text the same way, and text starting
// with = + - @ (a formula, were it an account name) is neutralised with a leading apostrophe.

import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { LocalCell, LocalReport } from './localize.ts';

export const CSV_BOM = '\ufeff';
/** Significant digits Excel keeps of a number (IEEE double as Excel shows it). */
export const EXCEL_DIGITS_MAX = 15;

/**
 * Digits a double must hold for the decimal to survive: no sign, no point, no leading zeros, no
 * trailing zeros of a fraction (an integer's trailing zeros count: conservative).
 */
export function significantDigits(decimal: string): number {
  let digits = decimal.replace(/^-/, '');
  if (digits.includes('.')) digits = digits.replace(/0+$/, '').replace(/\.$/, '');
  return digits.replace('.', '').replace(/^0+/, '').length;
}

const EXACT_DECIMAL = /^-?\d+(\.\d+)?$/;
/** Text Excel would read as a number, a date, a time, a percentage or a currency. */
const CONVERTIBLE = /^(?=.*\d)[\s\d.,:/+\-%$¥￥()eE]+$/;

function quoted(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function asTextFormula(text: string): string {
  return quoted(`="${text.replace(/"/g, '""')}"`);
}

export function csvCell(cell: LocalCell): string {
  if (cell.empty) return '';
  const text = cell.text;
  if ((cell.kind === 'amount' || cell.kind === 'count') && EXACT_DECIMAL.test(text)) {
    return significantDigits(text) <= EXCEL_DIGITS_MAX ? text : asTextFormula(text);
  }
  if (/^[=+\-@\t\r]/.test(text) && !CONVERTIBLE.test(text)) return quoted(`'${text}`);
  if (CONVERTIBLE.test(text)) return asTextFormula(text);
  return quoted(text);
}

function line(cells: string[]): string {
  return cells.join(',') + '\r\n';
}

/** The report as CSV: title, verdict, figures, notes, then each table under its title. */
export async function* csvChunks(report: LocalReport): AsyncIterable<string> {
  const text = (t: string): LocalCell => ({ text: t, kind: 'text', empty: t === '' });
  yield CSV_BOM + line([csvCell(text(report.title))]);
  yield line([csvCell(text(report.verdict))]);
  for (const fact of report.facts) yield line([csvCell(text(fact.label)), csvCell(fact.value)]);
  for (const note of report.notes) yield line([csvCell(text(note))]);
  for (const table of report.tables) {
    yield '\r\n' + line([csvCell(text(table.title))]);
    yield line(table.headers.map((h) => csvCell(text(h))));
    let batch = '';
    for await (const row of table.rows) {
      batch += line(row.map(csvCell));
      if (batch.length >= 1 << 16) {
        yield batch;
        batch = '';
      }
    }
    if (batch !== '') yield batch;
  }
}

export async function writeCsv(report: LocalReport, path: string): Promise<void> {
  const out = createWriteStream(path);
  try {
    for await (const chunk of csvChunks(report)) if (!out.write(chunk, 'utf8')) await once(out, 'drain');
  } finally {
    out.end();
    await once(out, 'close');
  }
}
