// Reads a text file as chunks of whole lines, for the tight loops over balances.csv: the loop
// scans each chunk with indexOf instead of allocating an array per line.

import { CSV_LINE_CHARS_MAX, CsvSyntaxError, readCsvText } from './csv.ts';

export interface LineChunk {
  /** Whole lines, each ending in '\n' (one is added to a last line without it). */
  text: string;
  /** The 1-based line number of the chunk's first line. */
  first_line: number;
}

export async function* readLineChunks(path: string): AsyncIterable<LineChunk> {
  let carry = '';
  let next_line = 1;
  let first = true;
  for await (const piece of readCsvText(path)) {
    let text = carry + piece;
    if (first) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      first = false;
    }
    const last_newline = text.lastIndexOf('\n');
    if (last_newline === -1) {
      carry = text;
      if (carry.length > CSV_LINE_CHARS_MAX) throw new CsvSyntaxError(next_line, 'line_too_long');
      continue;
    }
    const whole = text.slice(0, last_newline + 1);
    carry = text.slice(last_newline + 1);
    if (carry.length > CSV_LINE_CHARS_MAX) throw new CsvSyntaxError(next_line + countNewlines(whole), 'line_too_long');
    yield { text: whole, first_line: next_line };
    next_line += countNewlines(whole);
  }
  if (carry !== '') yield { text: carry + '\n', first_line: next_line };
}

function countNewlines(text: string): number {
  let count = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) count += 1;
  return count;
}
