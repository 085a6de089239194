// Rows in PostgreSQL's COPY text format (tab-separated, \N for null, backslash escapes), the
// input of bulk loads and the output of large reads on both drivers. Text format rather than CSV: escaping is needed only for
// four characters, which account ids almost never contain, so most fields are copied as they are.

import { UserError } from '../errors.ts';

const NEEDS_ESCAPE = /[\\\t\n\r\u0000]/;
/** UTF-8 needs at most 3 bytes per UTF-16 code unit. */
const UTF8_BYTES_PER_CHAR_MAX = 3;
const ROWS_PER_WRITE = 256;

/**
 * One field's text, escaped. `where(context)` names the field for the error a NUL character
 * causes (PostgreSQL text cannot hold U+0000), e.g. "balances.csv line 12". It takes a context
 * rather than being a fresh closure per field: on the hot path a closure per row costs more than
 * the escaping.
 */
export function copyField<C>(value: string | null, where: (context: C) => string, context: C): string {
  if (value === null) return '\\N';
  if (!NEEDS_ESCAPE.test(value)) return value;
  if (value.includes('\u0000')) throw new UserError('store.nul_character', { where: where(context) });
  return value.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}

/**
 * Accumulates COPY rows as UTF-8 bytes. Rows are gathered into a string of a few hundred and
 * written to the buffer in one call: one call per field costs three times as much, and one
 * string for a whole batch costs twice as much (V8 must flatten it before encoding).
 */
export class CopyEncoder {
  private buffer: Buffer;
  private length = 0;
  private pending = '';
  private pending_rows = 0;

  constructor(capacity_bytes = 4096) {
    this.buffer = Buffer.allocUnsafe(capacity_bytes);
  }

  /** One row: its fields already escaped (copyField) and joined by tabs, ending in a newline. */
  row(text: string): void {
    this.pending += text;
    this.pending_rows += 1;
    if (this.pending_rows >= ROWS_PER_WRITE) this.flush();
  }

  bytes(): Uint8Array {
    this.flush();
    return this.buffer.subarray(0, this.length);
  }

  private flush(): void {
    const needed = this.length + this.pending.length * UTF8_BYTES_PER_CHAR_MAX;
    if (needed > this.buffer.length) {
      const grown = Buffer.allocUnsafe(Math.max(needed, this.buffer.length * 2));
      this.buffer.copy(grown, 0, 0, this.length);
      this.buffer = grown;
    }
    this.length += this.buffer.write(this.pending, this.length, 'utf8');
    this.pending = '';
    this.pending_rows = 0;
  }
}

/** Rows of fields already rendered as text (null for SQL NULL). `table` names them in errors. */
export function copyRows(table: string, rows: ReadonlyArray<ReadonlyArray<string | null>>): Uint8Array {
  const encoder = new CopyEncoder();
  rows.forEach((row, r) => encoder.row(row.map((value, f) => copyField(value, (column) => `${table} row ${r + 1}, column ${column}`, f + 1)).join('\t') + '\n'));
  return encoder.bytes();
}

/** What COPY TO writes after a backslash (it never writes octal or hex escapes). */
const UNESCAPED: Record<string, string> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\' };

/** The rows of COPY TO text output; fields are unescaped, '\\N' becomes null. */
export function parseCopyText(text: string): Array<Array<string | null>> {
  if (text === '') return [];
  if (!text.endsWith('\n')) throw new Error('store: COPY output does not end with a newline');
  const lines = text.split('\n');
  lines.pop();
  return lines.map((line) => line.split('\t').map(unescapeField));
}

export function unescapeField(field: string): string | null {
  if (field === '\\N') return null;
  if (!field.includes('\\')) return field;
  return field.replace(/\\(.)/g, (whole, c: string) => {
    const plain = UNESCAPED[c];
    if (plain === undefined) throw new Error(`store: unexpected escape ${whole} in COPY output`);
    return plain;
  });
}
