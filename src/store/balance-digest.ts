// The digest of a snapshot's balance rows as stored (hozen-balance-rows/1), computed by the import
// from the very bytes it sends to the store, and recomputed by `hozen snapshot verify` from what
// the store gives back. docs/formats/audit.md ("Balance rows digest") is the specification.
//
// CANONICAL ROW ENCODING: each row is the line PostgreSQL's COPY TO writes for the columns
// `line, account_id, asset, amount_minor` of the snapshot's partition, UTF-8: the CSV line number
// in decimal, a tab, the account id (a backslash written as two), a tab, the asset symbol, a tab,
// the amount in minor units as decimal digits without leading zeros ("0" for zero), a newline.
// The import's COPY text is exactly this (account ids hold no control character), so the digest
// costs one pass over bytes the import has anyway.
//
//   sha256   lowercase hex SHA-256 of every row's encoding, in increasing line order;
//   chunks   the rows grouped by line into chunks of CHUNK_LINES lines (chunk k holds lines
//            k·CHUNK_LINES to (k+1)·CHUNK_LINES − 1); per non-empty chunk "k:rows:sums", where sums
//            is 17 sums modulo 2^32, 8 hex digits each: sum 0 of every row's FNV-1a-32 hash
//            (over its encoding without the newline), sum b (1 to 16) of the hashes of the rows
//            whose offset in the chunk (line − k·CHUNK_LINES) has bit b − 1 set.
//
// The SHA-256 is what proves the rows unchanged; the sums only say where they changed. When
// exactly one row of a chunk changed (edited, deleted or added), every sum that differs differs
// by the same amount, and the sums that do name the bits of that row's offset: its line.

import { createHash, type Hash } from 'node:crypto';
import { canonicalJson } from '../encoding/json.ts';

export const BALANCE_DIGEST_SCHEME = 'hozen-balance-rows/1';
export const CHUNK_LINES = 65_536;
const OFFSET_BITS = 16;
const SUMS = OFFSET_BITS + 1;
const NEWLINE = 10;
const TAB = 9;
const ZERO = 48;
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** What an import's audit entry keeps (details.balance_digest). */
export interface BalanceDigestRecord {
  scheme: typeof BALANCE_DIGEST_SCHEME;
  rows: number;
  sha256: string;
  chunk_lines: number;
  chunks: string[];
  /** totalsSha256 of the per-asset totals the import stored (coverage reads them, not the rows). */
  totals_sha256: string;
}

/**
 * SHA-256 of the canonical JSON of the stored totals in their order, each
 * [asset, total in minor units as decimal digits, accounts].
 */
export function totalsSha256(totals: ReadonlyArray<{ asset: string; total_minor: bigint; accounts: number }>): string {
  return createHash('sha256').update(canonicalJson(totals.map((t) => [t.asset, t.total_minor.toString(), t.accounts])), 'utf8').digest('hex');
}

export interface ParsedChunk {
  index: number;
  rows: number;
  sums: Uint32Array;
}

/** Accumulates the digest over COPY text handed in whole rows, lines increasing. */
export class BalanceDigest {
  private readonly hash: Hash = createHash('sha256');
  private rows = 0;
  private last_line = 0;
  private chunk = -1;
  private chunk_rows = 0;
  private readonly sums = new Uint32Array(SUMS);
  private readonly chunks: string[] = [];

  /**
   * Adds `text` (whole rows). With `strict`, a line not above the one before is an error (the
   * import's contract); otherwise equal lines are accepted (a tampered store may hold two).
   * Returns false, having added nothing, when a line goes backwards.
   */
  update(text: Uint8Array, strict = true): boolean {
    const length = text.length;
    if (length === 0) return true;
    if (text[length - 1] !== NEWLINE) throw new Error('store: balance COPY text does not end with a whole row');
    // Not strict (a verification): a first pass checks the order, so that nothing is added unless
    // every line is in order. Strict (the import): the main loop checks as it goes.
    let position = 0;
    let last_line = this.last_line;
    while (!strict && position < length) {
      let line = 0;
      let i = position;
      for (let c = text[i]!; c !== TAB; c = text[++i]!) {
        if (c < ZERO || c > ZERO + 9 || i >= length) throw new Error('store: a balance row of the COPY text does not start with its line');
        line = line * 10 + (c - ZERO);
      }
      if (line < last_line) return false;
      last_line = line;
      position = text.indexOf(NEWLINE, i) + 1;
    }
    position = 0;
    const sums = this.sums;
    while (position < length) {
      let line = 0;
      let h = FNV_OFFSET;
      let i = position;
      let c = text[i]!;
      for (; c !== TAB; c = text[++i]!) {
        line = line * 10 + (c - ZERO);
        h = Math.imul(h ^ c, FNV_PRIME);
      }
      if (strict && line <= this.last_line) throw new Error(`store: balance lines must increase: line ${line} after ${this.last_line}`);
      for (; c !== NEWLINE; c = text[++i]!) h = Math.imul(h ^ c, FNV_PRIME);
      const chunk = Math.floor(line / CHUNK_LINES);
      if (chunk !== this.chunk) {
        this.closeChunk();
        this.chunk = chunk;
      }
      h >>>= 0;
      sums[0] = sums[0]! + h;
      let offset = line - chunk * CHUNK_LINES;
      for (let b = 1; offset !== 0; b += 1, offset >>>= 1) if (offset & 1) sums[b] = sums[b]! + h;
      this.chunk_rows += 1;
      this.rows += 1;
      this.last_line = line;
      position = i + 1;
    }
    this.hash.update(text);
    return true;
  }

  private closeChunk(): void {
    if (this.chunk < 0 || this.chunk_rows === 0) return;
    let hex = '';
    for (const sum of this.sums) hex += sum.toString(16).padStart(8, '0');
    this.chunks.push(`${this.chunk}:${this.chunk_rows}:${hex}`);
    this.sums.fill(0);
    this.chunk_rows = 0;
  }

  result(totals_sha256: string): BalanceDigestRecord {
    this.closeChunk();
    this.chunk = -1;
    return { scheme: BALANCE_DIGEST_SCHEME, rows: this.rows, sha256: this.hash.digest('hex'), chunk_lines: CHUNK_LINES, chunks: [...this.chunks], totals_sha256 };
  }
}

export function parseChunk(text: string): ParsedChunk {
  const match = /^(\d+):(\d+):([0-9a-f]{136})$/.exec(text);
  if (match === null) throw new Error(`store: malformed balance digest chunk ${JSON.stringify(text.slice(0, 40))}`);
  const sums = new Uint32Array(SUMS);
  for (let k = 0; k < SUMS; k += 1) sums[k] = parseInt(match[3]!.slice(k * 8, k * 8 + 8), 16);
  return { index: Number(match[1]), rows: Number(match[2]), sums };
}

/** Where a recomputed digest first departs from the recorded one. */
export interface DigestDifference {
  /** The first and last line of the first chunk that differs. */
  first_line: number;
  last_line: number;
  /** The rows the chunk held at import, and holds now. */
  rows_recorded: number;
  rows_found: number;
  /** The one line that differs, when the chunk's sums show a single changed row. */
  line: number | null;
  /** Sum 0 now minus at import, modulo 2^32: an added row's hash, a deleted row's negated. */
  delta: number;
}

/** A row's FNV-1a-32 hash over its canonical encoding without the newline (as in the sums). */
export function rowHash(row: Uint8Array): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < row.length && row[i] !== NEWLINE; i += 1) h = Math.imul(h ^ row[i]!, FNV_PRIME);
  return h >>> 0;
}

/** Null when every chunk agrees (the SHA-256 may still differ: the caller compares it). */
export function firstDifference(recorded: readonly string[], found: readonly string[]): DigestDifference | null {
  const a = recorded.map(parseChunk);
  const b = found.map(parseChunk);
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const x = a[i];
    const y = b[j];
    const index = Math.min(x?.index ?? Infinity, y?.index ?? Infinity);
    const rec = x?.index === index ? x : undefined;
    const now = y?.index === index ? y : undefined;
    if (rec !== undefined) i += 1;
    if (now !== undefined) j += 1;
    const rec_sums = rec?.sums ?? new Uint32Array(SUMS);
    const now_sums = now?.sums ?? new Uint32Array(SUMS);
    if ((rec?.rows ?? 0) === (now?.rows ?? 0) && rec_sums.every((s, k) => s === now_sums[k])) continue;
    return { first_line: index * CHUNK_LINES, last_line: (index + 1) * CHUNK_LINES - 1, rows_recorded: rec?.rows ?? 0, rows_found: now?.rows ?? 0, line: singleChangedLine(index, rec_sums, now_sums), delta: (now_sums[0]! - rec_sums[0]!) >>> 0 };
  }
  return null;
}

function singleChangedLine(index: number, recorded: Uint32Array, found: Uint32Array): number | null {
  const delta = (found[0]! - recorded[0]!) >>> 0;
  if (delta === 0) return null;
  let offset = 0;
  for (let b = 1; b < SUMS; b += 1) {
    const d = (found[b]! - recorded[b]!) >>> 0;
    if (d === 0) continue;
    if (d !== delta) return null;
    offset |= 1 << (b - 1);
  }
  return index * CHUNK_LINES + offset;
}
