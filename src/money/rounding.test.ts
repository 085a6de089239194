import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { divRound, isRoundingMode, ROUNDING_MODES, type RoundingMode } from './rounding.ts';

// A bug makes shrinking slow on big inputs: fail after 20 s rather than hang, and never pass unfinished.
fc.installGlobalPlugin(fc.interruptAfterTimeLimit(20_000, { failOnInterrupt: true }));

function byMode(numerator: bigint, denominator: bigint): Record<RoundingMode, bigint> {
  return Object.fromEntries(ROUNDING_MODES.map((mode) => [mode, divRound(numerator, denominator, mode)])) as Record<
    RoundingMode,
    bigint
  >;
}

describe('divRound', () => {
  it.each([
    // n, d, exact n/d, then floor, ceil, half-up (ties away from zero), half-even (ties to even)
    [7n, 2n, '3.5', 3n, 4n, 4n, 4n],
    [5n, 2n, '2.5', 2n, 3n, 3n, 2n],
    [1n, 2n, '0.5', 0n, 1n, 1n, 0n],
    [-1n, 2n, '-0.5', -1n, 0n, -1n, 0n],
    [-5n, 2n, '-2.5', -3n, -2n, -3n, -2n],
    [-7n, 2n, '-3.5', -4n, -3n, -4n, -4n],
    [7n, 3n, '2.33…', 2n, 3n, 2n, 2n],
    [8n, 3n, '2.66…', 2n, 3n, 3n, 3n],
    [-7n, 3n, '-2.33…', -3n, -2n, -2n, -2n],
    [-8n, 3n, '-2.66…', -3n, -2n, -3n, -3n],
    [6n, 3n, '2', 2n, 2n, 2n, 2n],
    [-6n, 3n, '-2', -2n, -2n, -2n, -2n],
    [0n, 5n, '0', 0n, 0n, 0n, 0n],
    [1n, 1n, '1', 1n, 1n, 1n, 1n],
    // Beyond 2^64: (10^30 + 5) / 10 = 10^29 + 0.5, 10^29 even.
    [10n ** 30n + 5n, 10n, '1e29 + 0.5', 10n ** 29n, 10n ** 29n + 1n, 10n ** 29n + 1n, 10n ** 29n],
  ])('%s / %s = %s', (n, d, _exact, floor, ceil, half_up, half_even) => {
    expect(byMode(n, d)).toEqual({ floor, ceil, 'half-up': half_up, 'half-even': half_even });
  });

  it('refuses a zero or negative denominator', () => {
    expect(() => divRound(1n, 0n, 'floor')).toThrow(RangeError);
    expect(() => divRound(1n, -2n, 'ceil')).toThrow(RangeError);
  });

  const numerator = fc.bigInt({ min: -(10n ** 40n), max: 10n ** 40n });
  const denominator = fc.oneof(fc.bigInt({ min: 1n, max: 10n }), fc.bigInt({ min: 1n, max: 10n ** 30n }));

  it('floor ≤ half-up, half-even ≤ ceil; ceil − floor is 1, or 0 exactly when d divides n', () => {
    fc.assert(
      fc.property(numerator, denominator, (n, d) => {
        const r = byMode(n, d);
        expect(r.floor * d <= n && n < (r.floor + 1n) * d).toBe(true);
        expect(r.floor).toBeLessThanOrEqual(r['half-up']);
        expect(r.floor).toBeLessThanOrEqual(r['half-even']);
        expect(r['half-up']).toBeLessThanOrEqual(r.ceil);
        expect(r['half-even']).toBeLessThanOrEqual(r.ceil);
        expect(r.ceil - r.floor).toBe(n % d === 0n ? 0n : 1n);
      }),
      { numRuns: 2000 },
    );
  });

  it('the half modes round to nearest and differ only on ties, as named', () => {
    fc.assert(
      fc.property(numerator, denominator, (n, d) => {
        const r = byMode(n, d);
        for (const q of [r['half-up'], r['half-even']]) {
          const twice_error = 2n * (n - q * d); // 2(n − q·d) within ±d ⇔ |n/d − q| ≤ 1/2
          expect(-d <= twice_error && twice_error <= d).toBe(true);
        }
        const tie = 2n * (n - r.floor * d) === d;
        if (tie) {
          expect(r['half-even'] % 2n).toBe(0n);
          expect(r['half-up']).toBe(n > 0n ? r.ceil : r.floor);
        } else {
          expect(r['half-up']).toBe(r['half-even']);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('is symmetric under negation: floor(−x) = −ceil(x), and the half modes are odd functions', () => {
    fc.assert(
      fc.property(numerator, denominator, (n, d) => {
        expect(divRound(-n, d, 'floor')).toBe(-divRound(n, d, 'ceil'));
        expect(divRound(-n, d, 'half-up')).toBe(-divRound(n, d, 'half-up'));
        expect(divRound(-n, d, 'half-even')).toBe(-divRound(n, d, 'half-even'));
      }),
      { numRuns: 1000 },
    );
  });

  it('finds ties that random inputs rarely hit', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }), fc.bigInt({ min: 1n, max: 10n ** 20n }), (k, half) => {
        // n / d = k + 1/2 exactly with d = 2·half.
        const d = 2n * half;
        const n = k * d + half;
        expect(divRound(n, d, 'half-even')).toBe(k % 2n === 0n ? k : k + 1n);
        expect(divRound(n, d, 'half-up')).toBe(k >= 0n ? k + 1n : k);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('isRoundingMode', () => {
  it('knows exactly the four named modes', () => {
    for (const mode of ROUNDING_MODES) expect(isRoundingMode(mode)).toBe(true);
    for (const other of ['round', 'HALF-UP', 'half_even', '', null, 1]) expect(isRoundingMode(other)).toBe(false);
    expect(ROUNDING_MODES).toEqual(['floor', 'ceil', 'half-up', 'half-even']);
  });
});
