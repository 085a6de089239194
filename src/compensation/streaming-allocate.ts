// Largest-remainder allocation (allocate() in src/money) over millions of rows that arrive as a
// stream and are never held: a first pass computes each row's floor quota and keeps only its
// remainder (and floor) in flat typed arrays; finish() picks the rows that get one more unit; a
// later pass recomputes each row's part from its weight. The answer is exactly allocate()'s.
//
// Remainders and floors are bigints of any size. They are kept as "expansions": a sum of doubles
// hi + r1 + r2 … where hi = Number(v) and each next limb is Number() of what is left. Number()
// rounds to nearest and never inverts an order, so two expansions compare limb by limb, exactly.

import { kthLargestInPlace } from '../money/select.ts';

/** Rows per allocation: the indices are Uint32. */
export const STREAMING_ROWS_MAX = 0xffff_ffff;
/** Each limb after the first removes at least this many bits from what is left. */
const LIMB_BITS = 52;
const INITIAL_CAPACITY = 1024;
const LIMB_MAX = 2n ** BigInt(LIMB_BITS);

function bitLength(value: bigint): number {
  return value <= 0n ? 0 : value.toString(2).length;
}

/** Limbs enough to hold any non-negative value up to `max` exactly. */
export function limbsFor(max: bigint): number {
  return Math.max(1, Math.ceil(bitLength(max) / LIMB_BITS));
}

/** A growable column of non-negative bigints, compared exactly, with an order-preserving double each. */
export interface BigColumn {
  readonly length: number;
  push(value: bigint): void;
  get(index: number): bigint;
  /** The leading double of every entry: Number(value), order-preserving. */
  leading(): Float64Array;
  leadingAt(index: number): number;
  /** −1, 0, 1 as entry a is less than, equal to, greater than entry b. */
  compare(a: number, b: number): number;
  /** False when equal leading doubles always mean equal values. */
  readonly ties_need_exact: boolean;
}

/** Values up to `max`: one double when it holds them, Number() and the low 64 bits below 2^116. */
export function columnFor(max: bigint): BigColumn {
  if (max <= LIMB_MAX) return new ExpansionColumn(1);
  if (max < LEADING_LOW_LIMIT) return new LeadingLowColumn();
  return new ExpansionColumn(limbsFor(max));
}

const LEADING_LOW_LIMIT = 1n << 116n;

/**
 * Number(value) and value mod 2^64 (a BigUint64Array store wraps for free). Below 2^116 a double's
 * ulp is at most 2^64, so value − BigInt(Number(value)) lies within ±2^63 and the low 64 bits
 * recover it: value, exactly, from two machine words and no bigint kept per entry.
 */
export class LeadingLowColumn implements BigColumn {
  private data = new Float64Array(INITIAL_CAPACITY);
  private low = new BigUint64Array(INITIAL_CAPACITY);
  length = 0;
  readonly ties_need_exact = true;

  push(value: bigint): void {
    if (value < 0n || value >= LEADING_LOW_LIMIT) throw new RangeError('LeadingLowColumn: value outside 0..2^116');
    if (this.length === this.data.length) {
      const data = new Float64Array(this.data.length * 2);
      data.set(this.data);
      this.data = data;
      const low = new BigUint64Array(this.low.length * 2);
      low.set(this.low);
      this.low = low;
    }
    this.data[this.length] = Number(value);
    this.low[this.length] = value;
    this.length += 1;
  }

  get(index: number): bigint {
    const leading = BigInt(this.data[index]!);
    return leading + BigInt.asIntN(64, this.low[index]! - BigInt.asUintN(64, leading));
  }

  leading(): Float64Array {
    return this.data.slice(0, this.length);
  }

  leadingAt(index: number): number {
    return this.data[index]!;
  }

  compare(a: number, b: number): number {
    const x = this.data[a]!;
    const y = this.data[b]!;
    if (x !== y) return x < y ? -1 : 1;
    const exact_a = this.get(a);
    const exact_b = this.get(b);
    return exact_a === exact_b ? 0 : exact_a < exact_b ? -1 : 1;
  }
}

/** A growable column of non-negative bigints stored as fixed-width expansions of doubles. */
export class ExpansionColumn implements BigColumn {
  private data: Float64Array;
  length = 0;

  constructor(readonly limbs: number) {
    this.data = new Float64Array(INITIAL_CAPACITY * limbs);
  }

  get ties_need_exact(): boolean {
    return this.limbs > 1;
  }

  push(value: bigint): void {
    const limbs = this.limbs;
    if ((this.length + 1) * limbs > this.data.length) {
      const grown = new Float64Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    if (limbs === 1 && value <= LIMB_MAX) {
      this.data[this.length++] = Number(value);
      return;
    }
    let rest = value;
    const base = this.length * limbs;
    for (let l = 0; l < limbs; l++) {
      const limb = Number(rest);
      this.data[base + l] = limb;
      rest -= BigInt(limb);
    }
    if (rest !== 0n) throw new Error('ExpansionColumn: value wider than its limbs');
    this.length += 1;
  }

  get(index: number): bigint {
    const limbs = this.limbs;
    const base = index * limbs;
    let value = BigInt(this.data[base]!);
    for (let l = 1; l < limbs; l++) value += BigInt(this.data[base + l]!);
    return value;
  }

  /** The leading limb of every entry: Number(value), order-preserving. */
  leading(): Float64Array {
    const out = new Float64Array(this.length);
    for (let i = 0; i < this.length; i++) out[i] = this.data[i * this.limbs]!;
    return out;
  }

  leadingAt(index: number): number {
    return this.data[index * this.limbs]!;
  }

  /** −1, 0, 1 as entry a is less than, equal to, greater than entry b. */
  compare(a: number, b: number): number {
    const limbs = this.limbs;
    for (let l = 0; l < limbs; l++) {
      const x = this.data[a * limbs + l]!;
      const y = this.data[b * limbs + l]!;
      if (x !== y) return x < y ? -1 : 1;
    }
    return 0;
  }
}

class GrowableUint32 {
  data = new Uint32Array(INITIAL_CAPACITY);
  length = 0;
  push(value: number): void {
    if (this.length === this.data.length) {
      const grown = new Uint32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = value;
  }
}

export class StreamingAllocation {
  private rows = 0;
  private assigned = 0n;
  /** Rows given by addWeight, whose remainders are summed instead of their floors. */
  private weight_rows = 0;
  private remainder_sum = 0n;
  private weight_seen = 0n;
  /** Rows with a non-zero remainder (the only ones that can get a unit), in row order. */
  private readonly candidate_rows = new GrowableUint32();
  private readonly remainders: BigColumn;
  /** Kept only when asked for (forEachBonus): some callers need only the parts. */
  private readonly floors: BigColumn | null;
  private bonus: Uint8Array | null = null;
  private leftover_units = -1n;

  constructor(
    readonly total: bigint,
    readonly weight_sum: bigint,
    options: { keep_floors?: boolean } = {},
  ) {
    if (total < 0n) throw new RangeError('StreamingAllocation needs a non-negative total');
    if (weight_sum < 0n) throw new RangeError('StreamingAllocation needs a non-negative weight sum');
    if (weight_sum === 0n && total !== 0n) throw new RangeError('cannot spread a non-zero total over zero weights');
    this.remainders = columnFor(weight_sum);
    // A floor is at most total × w / W ≤ total when the weights sum to W.
    this.floors = options.keep_floors === true ? columnFor(total) : null;
  }

  /** Adds the next row's weight; returns its floor quota ⌊total × weight / W⌋. */
  add(weight: bigint): bigint {
    if (this.bonus !== null) throw new Error('StreamingAllocation: add after finish');
    if (weight < 0n) throw new RangeError('StreamingAllocation needs non-negative weights');
    if (this.rows === STREAMING_ROWS_MAX) throw new RangeError(`at most ${STREAMING_ROWS_MAX} rows per allocation`);
    const index = this.rows++;
    if (this.weight_sum === 0n) {
      if (weight !== 0n) throw new Error('StreamingAllocation: weights exceed the weight sum');
      return 0n;
    }
    const product = this.total * weight;
    const floor = product / this.weight_sum;
    const remainder = product - floor * this.weight_sum;
    this.assigned += floor;
    if (remainder !== 0n) {
      this.candidate_rows.push(index);
      this.remainders.push(remainder);
      this.floors?.push(floor);
    }
    return floor;
  }

  /**
   * add() for callers that need no floor: the remainder alone, by one modulo, and Σ remainders
   * instead of Σ floors (leftover = Σ remainders / W). Three bigint operations instead of five.
   */
  addWeight(weight: bigint): void {
    if (this.floors !== null) throw new Error('StreamingAllocation: addWeight cannot keep floors');
    if (this.bonus !== null) throw new Error('StreamingAllocation: add after finish');
    if (weight < 0n) throw new RangeError('StreamingAllocation needs non-negative weights');
    if (this.rows === STREAMING_ROWS_MAX) throw new RangeError(`at most ${STREAMING_ROWS_MAX} rows per allocation`);
    const index = this.rows++;
    this.weight_rows += 1;
    if (this.weight_sum === 0n) {
      if (weight !== 0n) throw new Error('StreamingAllocation: weights exceed the weight sum');
      return;
    }
    this.weight_seen += weight;
    const remainder = (this.total * weight) % this.weight_sum;
    if (remainder !== 0n) {
      this.remainder_sum += remainder;
      this.candidate_rows.push(index);
      this.remainders.push(remainder);
    }
  }

  /** Picks the `total − Σ floors` rows with the largest remainders, ties to the lower row. */
  finish(): void {
    if (this.bonus !== null) throw new Error('StreamingAllocation: finish twice');
    // Σ (total × w) = total × W = W × Σ floors + Σ remainders.
    if (this.weight_rows !== 0 && this.weight_rows !== this.rows) throw new Error('StreamingAllocation: rows given by add and by addWeight');
    if (this.weight_rows !== 0 && this.weight_sum !== 0n && (this.weight_seen !== this.weight_sum || this.remainder_sum % this.weight_sum !== 0n)) throw new Error(`StreamingAllocation: the weights added do not sum to ${this.weight_sum}`);
    const leftover = this.weight_rows === 0 ? this.total - this.assigned : this.weight_sum === 0n ? 0n : this.remainder_sum / this.weight_sum;
    const candidates = this.candidate_rows.length;
    // leftover × W = Σ remainders and each remainder is < W: fewer units than candidates, unless
    // the weights given did not sum to W.
    if (leftover < 0n || leftover > BigInt(candidates) || (leftover === BigInt(candidates) && candidates > 0)) {
      throw new Error(`StreamingAllocation: the weights added do not sum to ${this.weight_sum}`);
    }
    this.leftover_units = leftover;
    this.bonus = new Uint8Array(Math.ceil(this.rows / 8));
    const units = Number(leftover);
    if (units === 0) return;
    const leading = this.remainders.leading();
    const threshold = kthLargestInPlace(leading.slice(), units);
    let given = 0;
    const at_threshold: number[] = [];
    for (let c = 0; c < candidates; c++) {
      const approx = leading[c]!;
      if (approx > threshold) {
        this.mark(c);
        given += 1;
      } else if (approx === threshold) {
        at_threshold.push(c);
      }
    }
    // Equal leading limbs: the exact order is in the further limbs; candidates are in row order,
    // and sort is stable, so equal remainders keep the lower row first.
    if (this.remainders.ties_need_exact) at_threshold.sort((a, b) => this.remainders.compare(b, a));
    const owed = units - given;
    if (owed < 1 || owed > at_threshold.length) throw new Error('StreamingAllocation: inconsistent threshold selection');
    for (let k = 0; k < owed; k++) this.mark(at_threshold[k]!);
  }

  private mark(candidate: number): void {
    const row = this.candidate_rows.data[candidate]!;
    this.bonus![row >>> 3]! |= 1 << (row & 7);
  }

  get row_count(): number {
    return this.rows;
  }

  /** Units handed out by largest remainder (known after finish). */
  get leftover(): bigint {
    if (this.leftover_units < 0n) throw new Error('StreamingAllocation: leftover before finish');
    return this.leftover_units;
  }

  hasBonus(row: number): boolean {
    if (this.bonus === null) throw new Error('StreamingAllocation: part before finish');
    return ((this.bonus[row >>> 3]! >>> (row & 7)) & 1) === 1;
  }

  /** The part of the row added as the `row`-th, given its weight again. */
  part(row: number, weight: bigint): bigint {
    if (this.weight_sum === 0n) return 0n;
    const floor = (this.total * weight) / this.weight_sum;
    return this.hasBonus(row) ? floor + 1n : floor;
  }

  /** Every row that gets the extra unit, with its floor: for totals of functions of the part. */
  forEachBonus(visit: (row: number, floor: bigint) => void): void {
    if (this.floors === null) throw new Error('StreamingAllocation: floors were not kept');
    for (let c = 0; c < this.candidate_rows.length; c++) {
      const row = this.candidate_rows.data[c]!;
      if (this.hasBonus(row)) visit(row, this.floors.get(c));
    }
  }
}
