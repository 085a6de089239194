// payouts.csv's lines as bytes, written straight into 1 MiB chunks: no string per row or per
// number, so a payout row leaves nothing behind for the garbage collector. The same bytes as
// payoutLine (csv.ts), which the tests check.

import { csvField } from './csv.ts';

/** The assets payout rows refer to by index, with the decimals their amounts are written in. */
export interface PayoutAssets {
  symbols: readonly string[];
  decimals: readonly number[];
  base_decimals: number;
}

/** Bytes a row may take before the encoder hands its chunk on: ids ≤ 128 chars, 9 numbers. */
const ROW_BYTES_MAX = 8192;
const CHUNK_BYTES = 1 << 20;
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const COMMA = 44;
const QUOTE = 34;

/** Chunks go to `emit` as they fill, and on flush(); a chunk handed on is never written again. */
export class PayoutEncoder {
  private chunk = Buffer.allocUnsafe(CHUNK_BYTES);
  private position = 0;
  /** Digits of one number, least significant last; amounts and residues have far fewer. */
  private readonly digits = new Uint8Array(400);
  private readonly asset_bytes: Buffer[];
  private readonly asset_decimals: readonly number[];
  private readonly base_decimals: number;

  constructor(
    assets: PayoutAssets,
    private readonly emit: (bytes: Buffer) => void,
  ) {
    this.asset_bytes = assets.symbols.map((symbol) => Buffer.from(csvField(symbol), 'utf8'));
    this.asset_decimals = assets.decimals;
    this.base_decimals = assets.base_decimals;
  }

  text(text: string): void {
    this.reserve(Buffer.byteLength(text, 'utf8'));
    this.position += this.chunk.write(text, this.position, 'utf8');
  }

  /** One line; `asset` indexes the asset table. */
  row(
    account_id: string,
    asset: number,
    balance_minor: bigint,
    loss_minor: bigint,
    paid_in_kind_minor: bigint,
    paid_fiat_minor: bigint,
    iou_minor: bigint,
    unpaid_claim_minor: bigint,
    residue_coef: bigint,
    residue_scale: number,
  ): void {
    this.reserve(ROW_BYTES_MAX);
    const decimals = this.asset_decimals[asset]!;
    this.field(account_id);
    const chunk = this.chunk;
    chunk[this.position++] = COMMA;
    // A few bytes: a loop beats Buffer.copy's call into C++.
    const asset_bytes = this.asset_bytes[asset]!;
    for (let i = 0; i < asset_bytes.length; i++) chunk[this.position++] = asset_bytes[i]!;
    chunk[this.position++] = COMMA;
    this.decimal(balance_minor, decimals);
    chunk[this.position++] = COMMA;
    this.decimal(loss_minor, decimals);
    chunk[this.position++] = COMMA;
    this.decimal(paid_in_kind_minor, decimals);
    chunk[this.position++] = COMMA;
    this.decimal(paid_fiat_minor, this.base_decimals);
    chunk[this.position++] = COMMA;
    this.decimal(iou_minor, this.base_decimals);
    chunk[this.position++] = COMMA;
    this.decimal(unpaid_claim_minor, decimals);
    chunk[this.position++] = COMMA;
    this.decimal(residue_coef, residue_scale);
    chunk[this.position++] = 10;
  }

  /** Hands on what is written so far. */
  flush(): void {
    if (this.position === 0) return;
    this.emit(this.chunk.subarray(0, this.position));
    this.chunk = Buffer.allocUnsafe(CHUNK_BYTES);
    this.position = 0;
  }

  private reserve(bytes: number): void {
    if (this.position + bytes <= this.chunk.length) return;
    this.flush();
    if (bytes > this.chunk.length) this.chunk = Buffer.allocUnsafe(bytes);
  }

  /** ASCII without a character CSV must quote goes byte by byte; anything else through csvField. */
  private field(text: string): void {
    const chunk = this.chunk;
    const start = this.position;
    let position = start;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code >= 128 || code === COMMA || code === QUOTE || code === 10 || code === 13) {
        this.position = start + chunk.write(csvField(text), start, 'utf8');
        return;
      }
      chunk[position++] = code;
    }
    this.position = position;
  }

  /** decimalText(coef, scale), as bytes. */
  private decimal(coef: bigint, scale: number): void {
    const chunk = this.chunk;
    if (coef === 0n) {
      chunk[this.position++] = 48;
      return;
    }
    if (coef < 0n) {
      chunk[this.position++] = 45;
      coef = -coef;
    }
    // Digits go to the end of the scratch array, most significant at `first`.
    const digits = this.digits;
    const last = digits.length;
    let first = last;
    if (coef <= MAX_SAFE) {
      // Below 2^53 a double is exact and ⌊n / 10^9⌋ cannot round up to the next integer (n / 10^9
      // is at least 10^-9 below it, more than half an ulp below 2^53 / 10^9); the digits then come
      // from int32 arithmetic, much faster than % on doubles (a call into the runtime).
      let n = Number(coef);
      if (n >= 2147483648) {
        // The low 9 digits in int32 arithmetic, zero-padded; the rest (< 2^24) below.
        const high = Math.floor(n / 1e9);
        let low = (n - high * 1e9) | 0;
        for (let k = 0; k < 9; k++) {
          const quotient = (low / 10) | 0;
          digits[--first] = low - quotient * 10;
          low = quotient;
        }
        n = high;
      }
      let small = n | 0;
      while (small > 0) {
        const quotient = (small / 10) | 0;
        digits[--first] = small - quotient * 10;
        small = quotient;
      }
    } else {
      const text = coef.toString();
      // Amounts stop at 10^36 minor units and residues not far beyond: a wider number is a defect.
      if (text.length > last) throw new RangeError(`payout amount of ${text.length} digits`);
      for (let i = text.length - 1; i >= 0; i--) digits[--first] = text.charCodeAt(i) - 48;
    }
    let position = this.position;
    if (scale === 0) {
      for (let i = first; i < last; i++) chunk[position++] = 48 + digits[i]!;
      this.position = position;
      return;
    }
    // The fraction's trailing zeros are dropped; if nothing of it is left, so is the point.
    const point = last - scale;
    let end = last;
    while (end > point && end > first && digits[end - 1] === 0) end -= 1;
    if (point > first) for (let i = first; i < point; i++) chunk[position++] = 48 + digits[i]!;
    else chunk[position++] = 48;
    if (end > point) {
      chunk[position++] = 46;
      for (let i = point; i < first; i++) chunk[position++] = 48;
      for (let i = Math.max(point, first); i < end; i++) chunk[position++] = 48 + digits[i]!;
    }
    this.position = position;
  }
}
