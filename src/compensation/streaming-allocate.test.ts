import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { allocate, allocateReference } from '../money/allocate.ts';
import { columnFor, ExpansionColumn, LeadingLowColumn, StreamingAllocation, limbsFor } from './streaming-allocate.ts';

function streamed(total: bigint, weights: readonly bigint[]): { parts: bigint[]; bonus_floors: Map<number, bigint> } {
  const weight_sum = weights.reduce((s, w) => s + w, 0n);
  const allocation = new StreamingAllocation(total, weight_sum, { keep_floors: true });
  const floors = weights.map((w) => allocation.add(w));
  allocation.finish();
  const parts = weights.map((w, i) => allocation.part(i, w));
  const bonus_floors = new Map<number, bigint>();
  allocation.forEachBonus((row, floor) => bonus_floors.set(row, floor));
  // Every bonus row's recorded floor is the floor add() returned.
  for (const [row, floor] of bonus_floors) expect(floor).toBe(floors[row]);
  return { parts, bonus_floors };
}

describe('ExpansionColumn', () => {
  it('stores bigints of any width exactly and compares them exactly', () => {
    const values = [0n, 1n, 2n ** 53n + 1n, 2n ** 60n, 2n ** 60n + 1n, 10n ** 43n + 7n, 10n ** 43n + 6n];
    const column = new ExpansionColumn(limbsFor(10n ** 43n + 7n));
    for (const v of values) column.push(v);
    expect(values.map((_, i) => column.get(i))).toEqual(values);
    // 2^60 and 2^60 + 1 share their leading double; the second limb tells them apart.
    expect(column.leadingAt(3)).toBe(column.leadingAt(4));
    expect(column.compare(3, 4)).toBe(-1);
    expect(column.compare(5, 6)).toBe(1);
    expect(column.compare(2, 2)).toBe(0);
  });

  it('refuses a value wider than its limbs', () => {
    const column = new ExpansionColumn(1);
    expect(() => column.push(2n ** 120n + 1n)).toThrow(/wider/);
  });
});

describe('LeadingLowColumn', () => {
  it('keeps values below 2^116 exactly and compares them exactly', () => {
    const column = new LeadingLowColumn();
    const edges = [0n, 1n, 2n ** 53n + 1n, 2n ** 64n - 1n, 2n ** 64n, 2n ** 64n + 1n, 2n ** 115n + 1n, 2n ** 116n - 1n, 10n ** 30n + 7n];
    for (const v of edges) column.push(v);
    expect(edges.map((_, i) => column.get(i))).toEqual(edges);
    expect(() => column.push(2n ** 116n)).toThrow(RangeError);
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 2n ** 116n - 1n }), fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }), (a, delta) => {
        const b = a + delta < 0n || a + delta >= 2n ** 116n ? a : a + delta;
        const pair = new LeadingLowColumn();
        pair.push(a);
        pair.push(b);
        expect(pair.get(0)).toBe(a);
        expect(pair.get(1)).toBe(b);
        expect(pair.compare(0, 1)).toBe(a < b ? -1 : a > b ? 1 : 0);
        expect(pair.leadingAt(0)).toBe(Number(a));
      }),
      { numRuns: 2000 },
    );
  });

  it('is chosen between one double and many limbs by the largest value to hold', () => {
    expect(columnFor(2n ** 52n)).toBeInstanceOf(ExpansionColumn);
    expect(columnFor(2n ** 52n + 1n)).toBeInstanceOf(LeadingLowColumn);
    expect(columnFor(2n ** 116n)).toBeInstanceOf(ExpansionColumn);
  });
});

describe('StreamingAllocation', () => {
  it('hands out the leftover like allocate(): 100 over 1:1:1 → 34, 33, 33', () => {
    // Floors 33 each, one unit left, equal remainders → the lowest row.
    expect(streamed(100n, [1n, 1n, 1n]).parts).toEqual([34n, 33n, 33n]);
  });

  it('picks the largest remainder: 10 over 6:6:2 → 4, 4, 2', () => {
    // Quotas 4.286, 4.286, 1.429: floors 9, the unit goes to .429 (row 2), whose floor was 1.
    const { parts, bonus_floors } = streamed(10n, [6n, 6n, 2n]);
    expect(parts).toEqual([4n, 4n, 2n]);
    expect([...bonus_floors]).toEqual([[2, 1n]]);
  });

  it('compares remainders beyond doubles exactly (2^60 + 2 beats 2^60 + 1)', () => {
    const TWO_60 = 2n ** 60n;
    expect(streamed(1n, [TWO_60, TWO_60 + 1n, TWO_60 + 2n]).parts).toEqual([0n, 0n, 1n]);
    expect(streamed(1n, [TWO_60 + 2n, TWO_60 + 1n, TWO_60]).parts).toEqual([1n, 0n, 0n]);
  });

  it('gives zero weights nothing and refuses what has no answer', () => {
    expect(streamed(7n, [0n, 3n, 0n, 4n]).parts).toEqual([0n, 3n, 0n, 4n]);
    expect(streamed(0n, [0n, 0n]).parts).toEqual([0n, 0n]);
    expect(() => new StreamingAllocation(1n, 0n)).toThrow(RangeError);
    expect(() => new StreamingAllocation(-1n, 1n)).toThrow(RangeError);
    const wrong = new StreamingAllocation(10n, 100n);
    wrong.add(3n); // the weights given sum to 3, not 100: 10 × 3 / 100 leaves 10 units unplaced
    expect(() => wrong.finish()).toThrow(/do not sum/);
  });

  it('refuses to be used out of order', () => {
    const allocation = new StreamingAllocation(1n, 1n);
    expect(() => allocation.part(0, 1n)).toThrow(/before finish/);
    allocation.add(1n);
    allocation.finish();
    expect(() => allocation.add(1n)).toThrow(/after finish/);
    expect(() => allocation.finish()).toThrow(/twice/);
  });

  const weights = fc.oneof(
    fc.array(fc.bigInt({ min: 0n, max: 10n }), { minLength: 1, maxLength: 60 }),
    fc.array(fc.bigInt({ min: 0n, max: 10n ** 12n }), { minLength: 1, maxLength: 60 }),
    // Balances in wei around 2^60–2^80: remainders that need two or three limbs.
    fc.array(fc.bigInt({ min: 0n, max: 2n ** 80n }), { minLength: 1, maxLength: 60 }),
    // Beyond 2^116: remainders and floors in many limbs.
    fc.array(fc.bigInt({ min: 0n, max: 2n ** 130n }), { minLength: 1, maxLength: 60 }),
    // Many equal balances: ties everywhere.
    fc.array(fc.constantFrom(0n, 10n ** 18n, 10n ** 18n + 1n, 3n * 10n ** 17n), { minLength: 1, maxLength: 60 }),
  );

  it('gives the same parts by addWeight as by add', () => {
    fc.assert(
      fc.property(weights, fc.bigInt({ min: 0n, max: 2n ** 140n }), (ws, raw_total) => {
        const weight_sum = ws.reduce((s, w) => s + w, 0n);
        const total = weight_sum === 0n ? 0n : raw_total % (weight_sum * 3n + 1n);
        const allocation = new StreamingAllocation(total, weight_sum);
        for (const w of ws) allocation.addWeight(w);
        allocation.finish();
        expect(ws.map((w, i) => allocation.part(i, w))).toEqual(allocate(total, ws));
      }),
      { numRuns: 1000 },
    );
    const mixed = new StreamingAllocation(3n, 3n);
    mixed.add(1n);
    mixed.addWeight(2n);
    expect(() => mixed.finish()).toThrow(/add and by addWeight/);
    const short = new StreamingAllocation(1n, 3n);
    short.addWeight(1n);
    expect(() => short.finish()).toThrow(/do not sum/);
    // Remainders that happen to sum to a multiple of W: the weights themselves tell.
    const partial = new StreamingAllocation(3n, 3n);
    partial.addWeight(1n);
    expect(() => partial.finish()).toThrow(/do not sum/);
    expect(() => new StreamingAllocation(1n, 1n, { keep_floors: true }).addWeight(1n)).toThrow(/floors/);
  });

  it('equals allocate() and the slow reference on random cases', () => {
    fc.assert(
      fc.property(weights, fc.oneof(fc.bigInt({ min: 0n, max: 2n ** 90n }), fc.bigInt({ min: 0n, max: 2n ** 140n })), (ws, raw_total) => {
        const weight_sum = ws.reduce((s, w) => s + w, 0n);
        const total = weight_sum === 0n ? 0n : raw_total % (weight_sum * 3n + 1n);
        const { parts, bonus_floors } = streamed(total, ws);
        expect(parts).toEqual(allocate(total, ws));
        expect(parts).toEqual(allocateReference(total, ws));
        expect(parts.reduce((s, p) => s + p, 0n)).toBe(total);
        expect(bonus_floors.size).toBe(Number(total - ws.reduce((s, w) => s + (weight_sum === 0n ? 0n : (total * w) / weight_sum), 0n)));
      }),
      { numRuns: 1500 },
    );
  });
});
