// Streaming CSV reading: one record per physical line, RFC 4180 quoting within a line. A file of
// tens of millions of rows is read in 1 MiB chunks and never held in memory whole.

import { IssueCollector, type MessageParams } from '../errors.ts';
import { InvalidUtf8Error, readTextFile, readUtf8Stream, TEXT_FILE_BYTES_MAX, type TextEncoding } from './text.ts';

export interface CsvLine {
  /** 1-based physical line number; the header is line 1. */
  line: number;
  fields: string[];
}

export const CSV_CHUNK_BYTES = 1 << 20;
/** A longer line is surely not a balance row; refusing it bounds memory on a corrupt file. */
export const CSV_LINE_CHARS_MAX = 65_536;

export class CsvSyntaxError extends Error {
  constructor(
    readonly line: number,
    readonly reason: 'unterminated_quote' | 'line_too_long' | 'text_after_quote' | 'invalid_utf8' | 'shift_jis' | 'invalid_shift_jis',
    readonly params: MessageParams = {},
    /** The 0-based field the problem is in, when known: the reader names it by its header. */
    readonly field_index?: number,
  ) {
    super(`${reason} at line ${line}`);
  }

  /** The message code of the issue to report at `line`. */
  get code(): string {
    return this.reason === 'invalid_utf8' || this.reason === 'shift_jis' || this.reason === 'invalid_shift_jis' ? `file.${this.reason}` : `csv.${this.reason}`;
  }

  /** The header's name of the field, if the problem is in one. */
  fieldOf(header: readonly string[]): string | undefined {
    return this.field_index === undefined ? undefined : header[this.field_index];
  }

  static ofUtf8(error: InvalidUtf8Error): CsvSyntaxError {
    if (error.shift_jis_sample !== undefined) return new CsvSyntaxError(error.line, 'shift_jis', { offset: error.offset, sample: error.shift_jis_sample }, error.field_index);
    return new CsvSyntaxError(error.line, 'invalid_utf8', { offset: error.offset }, error.field_index);
  }
}

/**
 * A text file's pieces, strictly UTF-8: bytes that are not throw CsvSyntaxError at their line.
 * With `shift_jis` (the user said so; small files only) the whole file is decoded as Shift_JIS.
 */
export async function* readCsvText(path: string, encoding: TextEncoding = 'utf-8', detect_shift_jis = false): AsyncIterable<string> {
  if (encoding === 'shift_jis') {
    const issues = new IssueCollector();
    const text = await readTextFile(path, path, issues, TEXT_FILE_BYTES_MAX, 'shift_jis');
    const issue = issues.issues[0];
    if (issue?.code === 'file.invalid_shift_jis') throw new CsvSyntaxError(issue.line ?? 1, 'invalid_shift_jis');
    issues.throwIfAny();
    yield text!;
    return;
  }
  try {
    yield* readUtf8Stream(path, CSV_CHUNK_BYTES, { detect_shift_jis });
  } catch (error) {
    throw error instanceof InvalidUtf8Error ? CsvSyntaxError.ofUtf8(error) : error;
  }
}

/** Splits one line into fields. Fast path when the line has no quote. */
export function splitCsvLine(text: string, line: number): string[] {
  if (!text.includes('"')) return text.split(',');
  const fields: string[] = [];
  let i = 0;
  while (i <= text.length) {
    if (text[i] === '"') {
      let value = '';
      i += 1;
      for (;;) {
        const quote = text.indexOf('"', i);
        if (quote === -1) throw new CsvSyntaxError(line, 'unterminated_quote');
        value += text.slice(i, quote);
        if (text[quote + 1] === '"') {
          value += '"';
          i = quote + 2;
          continue;
        }
        i = quote + 1;
        break;
      }
      if (i < text.length && text[i] !== ',') throw new CsvSyntaxError(line, 'text_after_quote');
      fields.push(value);
      i += 1;
    } else {
      const comma = text.indexOf(',', i);
      const end = comma === -1 ? text.length : comma;
      fields.push(text.slice(i, end));
      i = end + 1;
    }
  }
  return fields;
}

/**
 * Yields batches of lines (to amortise async overhead over many rows). Strips a UTF-8 BOM and
 * a CR before LF. Blank lines are yielded with zero-length text so line numbers stay true.
 */
export async function* readCsvLineBatches(path: string, encoding: TextEncoding = 'utf-8'): AsyncIterable<CsvLine[]> {
  let carry = '';
  let line = 0;
  let first = true;
  // The small CSV files (prices, safe assets) are what Excel saves: a Shift_JIS one is named so.
  for await (const chunk of readCsvText(path, encoding, true)) {
    let text = carry + chunk;
    if (first) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      first = false;
    }
    const batch: CsvLine[] = [];
    let start = 0;
    for (;;) {
      const newline = text.indexOf('\n', start);
      if (newline === -1) break;
      line += 1;
      const end = newline > start && text.charCodeAt(newline - 1) === 13 ? newline - 1 : newline;
      const raw = text.slice(start, end);
      batch.push({ line, fields: raw === '' ? [] : splitCsvLine(raw, line) });
      start = newline + 1;
    }
    carry = text.slice(start);
    if (carry.length > CSV_LINE_CHARS_MAX) throw new CsvSyntaxError(line + 1, 'line_too_long');
    if (batch.length > 0) yield batch;
  }
  if (carry !== '') {
    line += 1;
    const raw = carry.endsWith('\r') ? carry.slice(0, -1) : carry;
    yield [{ line, fields: raw === '' ? [] : splitCsvLine(raw, line) }];
  }
}
