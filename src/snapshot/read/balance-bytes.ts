// balances.csv read from its bytes: the import's path. One pass validates each row and writes it
// in the store's COPY text (BalanceCopyBatch), with no string per field and no array per row: a
// string per account (for duplicate detection) is all it allocates. It accepts only rows whose
// bytes are plainly valid (printable ASCII account ids without quotes or backslashes, a known
// asset, a plain amount); every other row goes, decoded, to the reference's explainBalanceRow
// (balances.ts), so that issues are the ones the string path reports, and the property tests
// compare the two paths on generated files (balance-bytes.test.ts).

import { createReadStream } from 'node:fs';
import type { IssueCollector } from '../../errors.ts';
import { AMOUNT_DIGITS_MAX, ExactSum } from '../../money/index.ts';
import { copyField } from '../../encoding/copy-text.ts';
import { BALANCE_BATCH_ROWS_DEFAULT } from '../memory.ts';
import type { AssetSpec, BalanceCopyBatch, BalanceTotal } from '../types.ts';
import { BALANCES_HEADER, BALANCE_ROWS_MAX, PairSet, explainBalanceRow, type BalanceValidationResult } from './balances.ts';
import { FileContext } from '../../input/context.ts';
import { checkHeader } from '../../input/csv-header.ts';
import { CSV_CHUNK_BYTES, CSV_LINE_CHARS_MAX, CsvSyntaxError, splitCsvLine } from '../../input/csv.ts';
import { IDENTIFIER_CHARS_MAX } from '../../input/values.ts';
import { invalidUtf8At } from '../../input/text.ts';

export interface BalanceBytesOptions {
  /** Receives each batch of valid rows while the file has no error so far; a store loads them. */
  sink?: (batch: BalanceCopyBatch) => Promise<void>;
  on_progress?: (rows: number) => void;
}

/** minorDigits (balances.ts) refuses longer amount texts. */
const AMOUNT_CHARS_MAX = 80;
/** Amounts are summed in limbs of 15 decimal digits, each exact in a double. */
const LIMB_DIGITS = 15;
const LIMBS = Math.ceil(AMOUNT_DIGITS_MAX / LIMB_DIGITS);
const LIMB_SCALES = Array.from({ length: LIMBS }, (_, k) => 10n ** BigInt(LIMB_DIGITS * k));
/** A limb's running sum is folded into a BigInt from here: one more 15-digit limb keeps it below 2^53. */
const LIMB_FOLD_AT = 4e15;
/** The most bytes a row's COPY text takes beyond its CSV bytes: the line number, tabs, zeros the amount gains. */
const ROW_COPY_BYTES_EXTRA = 10 + 4 + 18;
/** UTF-8 needs at most 3 bytes per UTF-16 code unit. */
const UTF8_BYTES_PER_CHAR_MAX = 3;
const NEWLINE = Buffer.from('\n');
/**
 * The event loop gets a turn after this many lines: the COPY of the previous batch, a message
 * the server reads whole before it parses any of it, goes out to the socket only in those turns.
 */
const LINES_PER_TURN = 4096;
/** Enough for a batch of typical rows; the buffer grows when not. */
const OUT_BYTES_INITIAL = 1 << 22;

const COMMA = 44;
const DOT = 46;
const ZERO = 48;
const NINE = 57;
const SPACE = 32;
const QUOTE = 34;
const BACKSLASH = 92;
const TILDE = 126;
const TAB = 9;
const LF = 10;
const CR = 13;

/** Exact per-asset sums and counts: whole limbs from the byte path, digit strings from the other. */
class AssetSums {
  readonly limbs: Float64Array;
  readonly accounts: number[];
  private readonly folded: bigint[];
  private readonly strings: ExactSum[];

  constructor(private readonly assets: readonly AssetSpec[]) {
    this.limbs = new Float64Array(assets.length * LIMBS);
    this.accounts = assets.map(() => 0);
    this.folded = assets.map(() => 0n);
    this.strings = assets.map(() => new ExactSum());
  }

  fold(slot: number): void {
    const index = (slot / LIMBS) | 0;
    this.folded[index] = this.folded[index]! + BigInt(this.limbs[slot]!) * LIMB_SCALES[slot % LIMBS]!;
    this.limbs[slot] = 0;
  }

  addDigits(index: number, digits: string): void {
    this.strings[index]!.add(digits);
    this.accounts[index]! += 1;
  }

  totals(): BalanceTotal[] {
    for (let slot = 0; slot < this.limbs.length; slot += 1) if (this.limbs[slot] !== 0) this.fold(slot);
    return this.assets.map((a, i) => ({ asset: a.symbol, total_minor: this.folded[i]! + this.strings[i]!.total, accounts: this.accounts[i]! }));
  }
}

/**
 * Validates balances.csv as validateBalances does (same issues, same totals, same rows), and
 * hands the store each batch of valid rows as COPY text while the file has had no error.
 */
export async function validateBalanceBytes(path: string, file: string, assets: readonly AssetSpec[], issues: IssueCollector, options: BalanceBytesOptions = {}): Promise<BalanceValidationResult> {
  const reader = new ByteReader(new FileContext(file, issues), assets, options.sink);
  let carry: Buffer = Buffer.alloc(0);
  let first = true;
  // The file offset of the next byte after `carry`, for the offset of bytes that are not UTF-8.
  let read_bytes = 0;
  for await (const piece of createReadStream(path, { highWaterMark: CSV_CHUNK_BYTES }) as AsyncIterable<Buffer>) {
    let data: Buffer = carry.length === 0 ? piece : Buffer.concat([carry, piece]);
    read_bytes += piece.length;
    if (first) {
      first = false;
      if (data.length >= 3 && data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf) data = data.subarray(3);
    }
    reader.data_offset = read_bytes - data.length;
    const whole_end = data.lastIndexOf(LF) + 1;
    carry = data.subarray(whole_end);
    // The reference's chunker counts the characters of the unfinished line before it hands on any line.
    if (carry.length > CSV_LINE_CHARS_MAX && new TextDecoder().decode(carry, { stream: true }).length > CSV_LINE_CHARS_MAX) {
      reader.context.atLine(reader.line + countLines(data, whole_end), undefined, 'csv.line_too_long');
      return reader.result();
    }
    if (whole_end === 0) continue;
    if (!(await reader.read(data, whole_end))) return reader.result();
    options.on_progress?.(reader.rows);
  }
  if (carry.length > 0) {
    // A last line without its line end, as the reference's chunker gives it.
    const data = Buffer.concat([carry, NEWLINE]);
    reader.data_offset = read_bytes - carry.length;
    if (!(await reader.read(data, data.length))) return reader.result();
    options.on_progress?.(reader.rows);
  }
  if (!reader.header_seen) checkHeader(reader.context, undefined, [BALANCES_HEADER]);
  await reader.flush();
  return reader.result();
}

/** The state of one read; scan() is the hot loop, with what it touches per byte in locals. */
class ByteReader {
  private readonly asset_index: Map<string, number>;
  private readonly symbols: Buffer[];
  /** The assets whose symbol starts with a byte: a row's asset is found in few comparisons. */
  private readonly by_first_byte: number[][];
  private readonly decimals: number[];
  private readonly seen: PairSet;
  private readonly sums: AssetSums;
  private readonly encode: boolean;

  // The last account of the byte path: its id, bytes and mask; seen.masks has its mask once it changes.
  private account_id = '';
  private account_mask = 0;
  private account_length = -1;
  private readonly account_bytes = new Uint8Array(IDENTIFIER_CHARS_MAX);

  private out: Buffer;
  private out_length = 0;
  private batch_rows = 0;
  private batch_first_line = 0;
  private batch_last_line = 0;
  private totals_flushed: BalanceTotal[];

  rows = 0;
  /** The file offset of data[0] in the read under way. */
  data_offset = 0;
  /** The line number of the next line to read. */
  line = 1;
  header_seen = false;
  /** Set when reading ends early: a bad header (rows reported as 0, as the reference does), too many rows. */
  private stopped_rows: number | null = null;

  constructor(
    readonly context: FileContext,
    private readonly assets: readonly AssetSpec[],
    private readonly sink: ((batch: BalanceCopyBatch) => Promise<void>) | undefined,
  ) {
    this.asset_index = new Map(assets.map((a, i) => [a.symbol, i]));
    this.symbols = assets.map((a) => Buffer.from(a.symbol, 'utf8'));
    this.by_first_byte = Array.from({ length: 256 }, () => []);
    this.symbols.forEach((bytes, i) => this.by_first_byte[bytes[0] ?? 0]!.push(i));
    this.decimals = assets.map((a) => a.decimals);
    this.seen = new PairSet(assets.length <= 31);
    this.sums = new AssetSums(assets);
    this.encode = sink !== undefined;
    this.out = Buffer.allocUnsafe(this.encode ? OUT_BYTES_INITIAL : 0);
    this.totals_flushed = this.sums.totals();
  }

  result(): BalanceValidationResult {
    return { totals: this.sums.totals(), rows: this.stopped_rows ?? this.rows };
  }

  /**
   * Reads the whole lines data[0, whole_end), handing on each full batch and giving the event loop
   * a turn every LINES_PER_TURN lines; false when reading must stop.
   */
  async read(data: Buffer, whole_end: number): Promise<boolean> {
    let position = 0;
    while (position < whole_end) {
      position = this.scan(data, position, whole_end);
      if (this.stopped_rows !== null) return false;
      if (this.batch_rows >= BALANCE_BATCH_ROWS_DEFAULT) await this.flush();
      else await new Promise<void>((resolve) => setImmediate(resolve));
    }
    return true;
  }

  async flush(): Promise<void> {
    if (this.batch_rows > 0 && this.context.issues.empty && this.sink !== undefined) {
      const totals_now = this.sums.totals();
      const before = this.totals_flushed;
      const totals = totals_now.map((t, i) => ({ asset: t.asset, total_minor: t.total_minor - before[i]!.total_minor, accounts: t.accounts - before[i]!.accounts }));
      this.totals_flushed = totals_now;
      const batch: BalanceCopyBatch = { rows: this.batch_rows, first_line: this.batch_first_line, last_line: this.batch_last_line, copy_text: this.out.subarray(0, this.out_length), totals };
      // The store loads this buffer while the next batch is read: the next one needs its own.
      this.out = Buffer.allocUnsafe(this.out.length);
      this.out_length = 0;
      this.batch_rows = 0;
      await this.sink(batch);
    }
    this.out_length = 0;
    this.batch_rows = 0;
  }

  /**
   * Reads lines from `position` until `whole_end`, a full batch or LINES_PER_TURN lines; returns
   * where it stopped. The byte path proper: a row failing any of its tests goes to explain().
   */
  private scan(data: Buffer, position: number, whole_end: number): number {
    const encode = this.encode;
    const limbs = this.sums.limbs;
    const accounts = this.sums.accounts;
    const masks = this.seen.masks;
    const account_bytes = this.account_bytes;
    const fast = this.seen.use_masks;
    let out = this.out;
    let o = this.out_length;
    let line = this.line;
    let lines_left = LINES_PER_TURN;
    while (position < whole_end) {
      const newline = data.indexOf(LF, position);
      let end = newline;
      if (end > position && data[end - 1] === CR) end -= 1;
      if (line === 1) {
        this.header_seen = true;
        if (!this.utf8(data, position, end, line) || !this.header(data.toString('utf8', position, end))) return whole_end;
      } else if (end > position) {
        let accepted = false;
        // Rows of more assets than a mask has bits all take explain() (PairSet keys them by text).
        scan: if (fast) {
          let i = position;
          // account_id: printable ASCII without quotes or backslashes, no space at either end.
          while (i < end) {
            const c = data[i]!;
            if (c === COMMA) break;
            if (c < SPACE || c > TILDE || c === QUOTE || c === BACKSLASH) break scan;
            i += 1;
          }
          const account_end = i;
          const account_length = account_end - position;
          if (account_end === end || account_length === 0 || account_length > IDENTIFIER_CHARS_MAX || data[position] === SPACE || data[account_end - 1] === SPACE) break scan;
          // asset: one of the manifest's symbols, byte for byte.
          const asset_start = account_end + 1;
          i = asset_start;
          while (i < end && data[i] !== COMMA) i += 1;
          if (i === end) break scan;
          const asset_end = i;
          let index = -1;
          const candidates = this.by_first_byte[data[asset_start]!]!;
          for (let k = 0; k < candidates.length && index === -1; k += 1) {
            const symbol = this.symbols[candidates[k]!]!;
            if (symbol.length !== asset_end - asset_start) continue;
            let same = true;
            for (let j = 1; j < symbol.length && same; j += 1) same = symbol[j] === data[asset_start + j];
            if (same) index = candidates[k]!;
          }
          if (index === -1) break scan;
          // amount: digits with at most one inner dot and at most `places` digits after it.
          const amount_start = asset_end + 1;
          if (end - amount_start === 0 || end - amount_start > AMOUNT_CHARS_MAX) break scan;
          let dot = -1;
          for (i = amount_start; i < end; i += 1) {
            const c = data[i]!;
            if (c >= ZERO && c <= NINE) continue;
            if (c === DOT && dot === -1 && i > amount_start && i < end - 1) {
              dot = i;
              continue;
            }
            break scan;
          }
          const places = this.decimals[index]!;
          const integer_end = dot === -1 ? end : dot;
          const fraction_digits = dot === -1 ? 0 : end - dot - 1;
          if (fraction_digits > places) break scan;
          // Minor-unit digits: the integer part, the fraction, zeros up to `places`; leading zeros dropped.
          let first = amount_start;
          while (first < integer_end && data[first] === ZERO) first += 1;
          if (first === integer_end && dot !== -1) {
            first = dot + 1;
            while (first < end && data[first] === ZERO) first += 1;
          }
          const padding = places - fraction_digits;
          const significant = first === end ? 0 : (first < integer_end ? integer_end - first + fraction_digits : end - first) + padding;
          if (significant > AMOUNT_DIGITS_MAX) break scan;
          // A duplicate (account, asset) pair is explain()'s to report.
          const bit = 1 << index;
          let same_account = this.account_length === account_length;
          for (let j = 0; j < account_length && same_account; j += 1) same_account = account_bytes[j] === data[position + j];
          if (!same_account) {
            this.forgetAccount();
            this.account_id = data.toString('latin1', position, account_end);
            this.account_mask = masks.get(this.account_id) ?? 0;
            for (let j = 0; j < account_length; j += 1) account_bytes[j] = data[position + j]!;
            this.account_length = account_length;
          }
          if ((this.account_mask & bit) !== 0) break scan;
          this.account_mask |= bit;

          accepted = true;
          if (this.batch_rows === 0) this.batch_first_line = line;
          this.batch_last_line = line;
          this.batch_rows += 1;
          this.rows += 1;
          accounts[index]! += 1;
          if (encode) {
            if (o + (end - position) + ROW_COPY_BYTES_EXTRA > out.length) {
              this.out_length = o;
              this.grow(end - position + ROW_COPY_BYTES_EXTRA);
              out = this.out;
            }
            let line_digits = 1;
            for (let v = line; v >= 10; v = (v / 10) | 0) line_digits += 1;
            for (let v = line, j = o + line_digits - 1; j >= o; j -= 1, v = (v / 10) | 0) out[j] = ZERO + (v % 10);
            o += line_digits;
            out[o++] = TAB;
            for (let j = position; j < account_end; j += 1) out[o++] = data[j]!;
            out[o++] = TAB;
            for (let j = asset_start; j < asset_end; j += 1) out[o++] = data[j]!;
            out[o++] = TAB;
            if (significant === 0) out[o++] = ZERO;
          }
          // Each significant digit goes to the output and into its limb, limbs counted from the right.
          let remaining = significant;
          let limb = 0;
          const base = index * LIMBS;
          for (let j = first; j < end; j += 1) {
            if (j === dot) continue;
            const d = data[j]! - ZERO;
            if (encode) out[o++] = ZERO + d;
            limb = limb * 10 + d;
            remaining -= 1;
            if (remaining % LIMB_DIGITS === 0) {
              const slot = base + remaining / LIMB_DIGITS;
              if ((limbs[slot]! += limb) >= LIMB_FOLD_AT) this.sums.fold(slot);
              limb = 0;
            }
          }
          for (let p = significant === 0 ? padding : 0; p < padding; p += 1) {
            if (encode) out[o++] = ZERO;
            limb *= 10;
            remaining -= 1;
            if (remaining % LIMB_DIGITS === 0) {
              const slot = base + remaining / LIMB_DIGITS;
              if ((limbs[slot]! += limb) >= LIMB_FOLD_AT) this.sums.fold(slot);
              limb = 0;
            }
          }
          if (encode) out[o++] = LF;
        }
        if (!accepted) {
          this.out_length = o;
          // The byte path takes ASCII only: only a row it leaves can hold bytes that are not UTF-8.
          if (!this.utf8(data, position, end, line)) return whole_end;
          this.explain(line, data.toString('utf8', position, end));
          out = this.out;
          o = this.out_length;
        }
        if (this.rows > BALANCE_ROWS_MAX) {
          this.context.atLine(line, undefined, 'snapshot.too_many', { max: BALANCE_ROWS_MAX });
          this.stopped_rows = this.rows;
          return whole_end;
        }
      }
      position = newline + 1;
      line += 1;
      if (this.batch_rows >= BALANCE_BATCH_ROWS_DEFAULT || --lines_left === 0) break;
    }
    this.out = out;
    this.out_length = o;
    this.line = line;
    return position;
  }

  /** False (after reporting, and stopping as the string path does) when the line is not UTF-8. */
  private utf8(data: Buffer, start: number, end: number, line: number): boolean {
    const bad = invalidUtf8At(data, start, end);
    if (bad === -1) return true;
    this.context.atLine(line, undefined, 'file.invalid_utf8', { offset: this.data_offset + bad });
    this.stopped_rows = this.rows;
    return false;
  }

  /** The header line; false (after reporting) when it is not the expected one. */
  private header(text: string): boolean {
    let fields: string[];
    try {
      fields = text === '' ? [] : splitCsvLine(text, 1);
    } catch (error) {
      if (!(error instanceof CsvSyntaxError)) throw error;
      this.context.atLine(error.line, undefined, error.code, error.params);
      this.stopped_rows = this.rows;
      return false;
    }
    if (checkHeader(this.context, fields, [BALANCES_HEADER]) !== undefined) return true;
    this.stopped_rows = 0;
    return false;
  }

  /** The reference's path for a row the byte path does not accept (balances.ts). */
  private explain(line: number, raw: string): void {
    this.forgetAccount();
    const row = explainBalanceRow(this.context, this.assets, this.asset_index, line, raw);
    if (row === undefined) return;
    if (!this.seen.add(row.account_id, row.index)) {
      this.context.atLine(line, 'account_id', 'snapshot.balance_duplicate', { account: row.account_id, asset: row.asset });
      return;
    }
    this.sums.addDigits(row.index, row.digits);
    if (this.batch_rows === 0) this.batch_first_line = line;
    this.batch_last_line = line;
    this.batch_rows += 1;
    this.rows += 1;
    if (this.encode) {
      const text = line + '\t' + copyField(row.account_id, balancesLine, line) + '\t' + row.asset + '\t' + row.digits + '\n';
      if (this.out_length + text.length * UTF8_BYTES_PER_CHAR_MAX > this.out.length) this.grow(text.length * UTF8_BYTES_PER_CHAR_MAX);
      this.out_length += this.out.write(text, this.out_length, 'utf8');
    }
  }

  /** The byte path's last account stops being cached: seen.masks gets its mask. */
  private forgetAccount(): void {
    if (this.account_length >= 0) this.seen.masks.set(this.account_id, this.account_mask);
    this.account_length = -1;
  }

  private grow(bytes: number): void {
    const grown = Buffer.allocUnsafe(Math.max(this.out.length * 2, this.out_length + bytes));
    this.out.copy(grown, 0, 0, this.out_length);
    this.out = grown;
  }
}

function countLines(data: Buffer, end: number): number {
  let count = 0;
  for (let i = data.indexOf(LF); i !== -1 && i < end; i = data.indexOf(LF, i + 1)) count += 1;
  return count;
}

function balancesLine(line: number): string {
  return `balances.csv line ${line}`;
}
