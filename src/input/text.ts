// Text files are UTF-8, checked: a byte that is not UTF-8 (a Shift_JIS or Latin-1 export) is
// refused at its file, line and byte offset, never turned into U+FFFD and stored.

import { isUtf8 } from 'node:buffer';
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import type { IssueCollector } from '../errors.ts';

/** Whole files (JSON documents) are small; a bound keeps a wrong file from eating memory. */
export const TEXT_FILE_BYTES_MAX = 64 * 1024 * 1024;

const LF = 10;

/** The offset of the first byte of `bytes[start, end)` that is not part of valid UTF-8, or -1. */
export function invalidUtf8At(bytes: Uint8Array, start = 0, end = bytes.length): number {
  if (isUtf8(bytes.subarray(start, end))) return -1;
  let i = start;
  while (i < end) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i += 1;
      continue;
    }
    // Lead byte, length and the range of its first continuation byte (RFC 3629: no overlong
    // forms, no surrogates, nothing above U+10FFFF).
    let length: number;
    let low = 0x80;
    let high = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) length = 2;
    else if (b >= 0xe0 && b <= 0xef) {
      length = 3;
      if (b === 0xe0) low = 0xa0;
      if (b === 0xed) high = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      length = 4;
      if (b === 0xf0) low = 0x90;
      if (b === 0xf4) high = 0x8f;
    } else return i;
    if (i + length > end) return i;
    const second = bytes[i + 1]!;
    if (second < low || second > high) return i;
    for (let k = 2; k < length; k += 1) {
      const c = bytes[i + k]!;
      if (c < 0x80 || c > 0xbf) return i;
    }
    i += length;
  }
  return -1;
}

/** The 1-based line of a byte offset: one more than the line feeds before it. */
export function lineOfOffset(bytes: Uint8Array, offset: number, first_line = 1): number {
  let line = first_line;
  for (let i = 0; i < offset; i += 1) if (bytes[i] === LF) line += 1;
  return line;
}

/** The encodings a user may name (`--encoding`): UTF-8, or Shift_JIS as Japanese Excel saves CSV. */
export const TEXT_ENCODINGS = ['utf-8', 'shift_jis'] as const;
export type TextEncoding = (typeof TEXT_ENCODINGS)[number];

/**
 * The text of bytes that are valid Shift_JIS and use it (a byte ≥ 0x80), else undefined: how a file
 * that is not UTF-8 is recognised as a Japanese Excel export, to name the fix.
 */
export function shiftJisText(bytes: Uint8Array): string | undefined {
  if (!bytes.some((b) => b >= 0x80)) return undefined;
  try {
    return new TextDecoder('shift_jis', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

/** The 0-based CSV field of byte `offset` on the line starting at `line_start`: commas outside quotes before it. */
export function fieldIndexAt(bytes: Uint8Array, line_start: number, offset: number): number {
  let field = 0;
  let quoted = false;
  for (let i = line_start; i < offset; i += 1) {
    if (bytes[i] === 0x22) quoted = !quoted;
    else if (bytes[i] === 0x2c && !quoted) field += 1;
  }
  return field;
}

/** The line holding byte `offset`, as Shift_JIS would read it (for the message), or undefined. */
function shiftJisLine(bytes: Uint8Array, offset: number): string | undefined {
  const start = bytes.lastIndexOf(LF, offset - 1) + 1;
  const newline = bytes.indexOf(LF, offset);
  const line = shiftJisText(bytes.subarray(start, newline === -1 ? bytes.length : newline));
  return line === undefined ? undefined : echo(line.replace(/\r$/, ''), 60);
}

/**
 * Decodes a whole file's bytes, without its BOM; undefined after reporting the first byte that is
 * not UTF-8 (`offset` counts bytes from the start of the file, BOM included, from 0). Bytes that
 * are Shift_JIS are named so, with the fix.
 */
export function decodeUtf8(bytes: Uint8Array, file: string, issues: IssueCollector, detect_shift_jis = false): string | undefined {
  const bad = invalidUtf8At(bytes);
  if (bad !== -1) {
    // JSON documents are not what Excel saves: a stray byte there is just not UTF-8.
    const sample = !detect_shift_jis || shiftJisText(bytes) === undefined ? undefined : shiftJisLine(bytes, bad);
    issues.add({ file, line: lineOfOffset(bytes, bad), code: sample === undefined ? 'file.invalid_utf8' : 'file.shift_jis', params: { offset: bad, ...(sample === undefined ? {} : { sample }) } });
    return undefined;
  }
  const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8', bom ? 3 : 0);
}

/** Decodes Shift_JIS (the user said so), without a BOM; undefined after reporting a byte that is not Shift_JIS. */
export function decodeShiftJis(bytes: Uint8Array, file: string, issues: IssueCollector): string | undefined {
  try {
    const text = new TextDecoder('shift_jis', { fatal: true }).decode(bytes);
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  } catch {
    // Which byte: the longest prefix of whole lines that decodes.
    let good = 0;
    for (let end = bytes.indexOf(LF); end !== -1; end = bytes.indexOf(LF, end + 1)) {
      try {
        new TextDecoder('shift_jis', { fatal: true }).decode(bytes.subarray(0, end + 1));
        good = end + 1;
      } catch {
        break;
      }
    }
    issues.add({ file, line: lineOfOffset(bytes, good), code: 'file.invalid_shift_jis', params: {} });
    return undefined;
  }
}

/** Reads a whole text file, refusing a directory, a file too large and bytes that are not UTF-8 (or not Shift_JIS, when that is the encoding). */
export async function readTextFile(path: string, file: string, issues: IssueCollector, bytes_max = TEXT_FILE_BYTES_MAX, encoding: TextEncoding = 'utf-8'): Promise<string | undefined> {
  const info = await stat(path).catch(() => null);
  if (info === null) {
    issues.add({ file, code: 'file.unreadable', params: {} });
    return undefined;
  }
  if (!info.isFile()) {
    issues.add({ file, code: 'file.not_a_file', params: {} });
    return undefined;
  }
  if (info.size > bytes_max) {
    issues.add({ file, code: 'file.too_large', params: { bytes_max } });
    return undefined;
  }
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch {
    issues.add({ file, code: 'file.unreadable', params: {} });
    return undefined;
  }
  return encoding === 'shift_jis' ? decodeShiftJis(bytes, file, issues) : decodeUtf8(bytes, file, issues);
}

/**
 * A user's text as a message echoes it: control characters (NUL, CR, ESC…) shown as escapes, so
 * a message can neither hide nor garble what was read, and cut after `chars_max` characters.
 */
export const ECHO_CHARS_MAX = 80;
export function echo(text: string, chars_max = ECHO_CHARS_MAX): string {
  const cut = text.length > chars_max ? text.slice(0, chars_max) : text;
  // eslint-disable-next-line no-control-regex
  const escaped = cut.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => {
    const code = c.charCodeAt(0);
    if (code === 10) return '\\n';
    if (code === 13) return '\\r';
    if (code === 9) return '\\t';
    return `\\u${code.toString(16).padStart(4, '0')}`;
  });
  return cut.length < text.length ? `${escaped}…` : escaped;
}

/** Bytes that are not UTF-8 in a streamed file: where, for the message. */
export class InvalidUtf8Error extends Error {
  constructor(
    readonly line: number,
    readonly offset: number,
    /** The 0-based CSV field the byte is in. */
    readonly field_index?: number,
    /** The line as Shift_JIS reads it, when the bytes are Shift_JIS. */
    readonly shift_jis_sample?: string,
  ) {
    super(`invalid UTF-8 at line ${line}, byte offset ${offset}`);
  }
}

/**
 * A file's text in pieces of about `chunk_bytes`, decoded strictly. At the first byte that is not
 * UTF-8 the lines before it are still handed on (as the byte path of balances.csv does), then
 * InvalidUtf8Error is thrown. `isUtf8` is the platform's validator (simdutf): a scan far cheaper
 * than the decoding it guards.
 */
export async function* readUtf8Stream(path: string, chunk_bytes: number, options: { detect_shift_jis?: boolean } = {}): AsyncIterable<string> {
  let carry: Buffer = Buffer.alloc(0);
  let offset = 0;
  let line = 1;
  const refuse = function* (data: Buffer, bad: number): Generator<string, never> {
    const line_start = bad === 0 ? 0 : data.lastIndexOf(LF, bad - 1) + 1;
    if (line_start > 0) yield data.toString('utf8', 0, line_start);
    // The rest of this piece tells a Shift_JIS export from a stray bad byte.
    const last_lf = data.lastIndexOf(LF);
    // Small files only (the caller says): the byte path of balances.csv reports bytes, not encodings.
    const sample = options.detect_shift_jis !== true ? undefined : shiftJisText(data.subarray(line_start, last_lf >= bad ? last_lf + 1 : data.length)) === undefined ? undefined : shiftJisLine(data, bad);
    throw new InvalidUtf8Error(lineOfOffset(data, bad, line), offset + bad, fieldIndexAt(data, line_start, bad), sample);
  };
  for await (const piece of createReadStream(path, { highWaterMark: chunk_bytes }) as AsyncIterable<Buffer>) {
    const data = carry.length === 0 ? piece : Buffer.concat([carry, piece]);
    const end = completeEnd(data);
    const bad = invalidUtf8At(data, 0, end);
    if (bad !== -1) yield* refuse(data, bad);
    if (end > 0) yield data.toString('utf8', 0, end);
    for (let i = data.indexOf(LF); i !== -1 && i < end; i = data.indexOf(LF, i + 1)) line += 1;
    offset += end;
    carry = data.subarray(end);
  }
  if (carry.length > 0) {
    const bad = invalidUtf8At(carry);
    if (bad !== -1) yield* refuse(carry, bad);
    yield carry.toString('utf8');
  }
}

/** Where the last complete character of `data` ends: a sequence cut by the chunk's end waits for the next. */
function completeEnd(data: Uint8Array): number {
  for (let back = 1; back <= 4 && back <= data.length; back += 1) {
    const b = data[data.length - back]!;
    if ((b & 0xc0) === 0x80) continue;
    const length = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return length > back ? data.length - back : data.length;
  }
  return data.length;
}
