import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  AMOUNT_MINOR_MAX,
  ASSET_DECIMALS_MAX,
  formatAmount,
  formatAmountFixed,
  parseAmount,
  quantityForValueMinor,
  valueMinor,
} from './amount.ts';
import { mulDecimal, parseDecimal, pow10, roundDecimal, type Decimal } from './decimal.ts';
import { MoneyError, type MoneyErrorCode } from './errors.ts';
import { ROUNDING_MODES, type RoundingMode } from './rounding.ts';

// A bug makes shrinking slow on big inputs: fail after 20 s rather than hang, and never pass unfinished.
fc.installGlobalPlugin(fc.interruptAfterTimeLimit(20_000, { failOnInterrupt: true }));

function errorCodeOf(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    if (error instanceof MoneyError) return error.code;
    throw error;
  }
  throw new Error('expected a MoneyError, nothing was thrown');
}

function byMode(compute: (mode: RoundingMode) => bigint): Record<RoundingMode, bigint> {
  return Object.fromEntries(ROUNDING_MODES.map((mode) => [mode, compute(mode)])) as Record<RoundingMode, bigint>;
}

describe('parseAmount', () => {
  it.each([
    ['0.00000001', 8, 1n],
    ['1', 8, 100_000_000n],
    ['1.5', 8, 150_000_000n],
    ['21000000', 8, 2_100_000_000_000_000n],
    ['0', 0, 0n],
    ['12345', 0, 12_345n],
    ['007.50', 2, 750n],
    ['1.00000000', 8, 100_000_000n],
    // 123.456789012345678901 ETH in wei is 1.23e20, above 2^63 ≈ 9.22e18: no 64-bit shortcut may hide here.
    ['123.456789012345678901', 18, 123_456_789_012_345_678_901n],
    ['0.000000000000000001', 18, 1n],
    // The largest amount: 18 integer and 18 fractional nines = 10^36 − 1 wei.
    ['999999999999999999.999999999999999999', 18, AMOUNT_MINOR_MAX],
    ['000000000000000000000000000000000000000001', 18, 10n ** 18n],
  ])('%s with %i decimals is %s minor units', (text, decimals, expected) => {
    expect(parseAmount(text, decimals)).toBe(expected);
  });

  it('accepts a minus sign only when asked, and -0 is 0', () => {
    expect(parseAmount('-1.25', 2, { signed: true })).toBe(-125n);
    expect(parseAmount('-0', 8, { signed: true })).toBe(0n);
    expect(errorCodeOf(() => parseAmount('-1.25', 2))).toBe('money.sign_not_allowed');
  });

  const rejections: [string, number, MoneyErrorCode][] = [
    ['', 8, 'money.empty'],
    ['   ', 8, 'money.empty'],
    ['0.000000001', 8, 'money.too_many_decimals'],
    ['1.0', 0, 'money.too_many_decimals'],
    ['1.0000000000000000000', 18, 'money.too_many_decimals'],
    ['1e8', 8, 'money.exponent'],
    ['1.5E-3', 8, 'money.exponent'],
    ['-2e3', 8, 'money.exponent'],
    ['1,000', 0, 'money.separator'],
    ['1,000.5', 1, 'money.separator'],
    ['1 000', 0, 'money.separator'],
    ['1_000', 0, 'money.separator'],
    ["1'000", 0, 'money.separator'],
    ['1\u00a0000', 0, 'money.separator'],
    ['1，000', 0, 'money.separator'],
    ['NaN', 8, 'money.not_finite'],
    ['Infinity', 8, 'money.not_finite'],
    ['-inf', 8, 'money.not_finite'],
    ['+1', 8, 'money.sign_not_allowed'],
    ['-1', 8, 'money.sign_not_allowed'],
    [' 1', 8, 'money.malformed'],
    ['1 ', 8, 'money.malformed'],
    ['1\n', 8, 'money.malformed'],
    ['1.5 BTC', 8, 'money.malformed'],
    ['¥100', 0, 'money.malformed'],
    ['100円', 0, 'money.malformed'],
    ['１００', 0, 'money.malformed'],
    ['.5', 8, 'money.malformed'],
    ['1.', 8, 'money.malformed'],
    ['1.2.3', 8, 'money.malformed'],
    ['--1', 8, 'money.malformed'],
    ['0x10', 8, 'money.malformed'],
    ['-', 8, 'money.malformed'],
    // 19 integer digits with 18 decimals would exceed 10^36 − 1.
    ['1000000000000000000', 18, 'money.out_of_range'],
    ['1' + '0'.repeat(36), 0, 'money.out_of_range'],
    ['9'.repeat(1_000_000), 0, 'money.out_of_range'],
  ];
  it.each(rejections)('rejects %j (%i decimals) with %s', (text, decimals, code) => {
    expect(errorCodeOf(() => parseAmount(text, decimals))).toBe(code);
  });

  it('says what it saw and what it allows when there are too many decimals', () => {
    try {
      parseAmount('0.123456789', 8);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(MoneyError);
      expect((error as MoneyError).params).toEqual({ value: '0.123456789', decimals: 9, max: 8 });
    }
  });

  it("reports a '+' where a '-' is allowed as malformed, not as a forbidden sign", () => {
    expect(errorCodeOf(() => parseAmount('+1', 8, { signed: true }))).toBe('money.malformed');
  });

  it.each([-1, 19, 2.5, Number.NaN])('refuses asset decimals %s as a programming error', (decimals) => {
    expect(() => parseAmount('1', decimals)).toThrow(RangeError);
    expect(() => formatAmount(1n, decimals)).toThrow(RangeError);
  });
});

describe('formatAmount', () => {
  it.each([
    [1n, 8, '0.00000001', '0.00000001'],
    [150_000_000n, 8, '1.5', '1.50000000'],
    [200_000_000n, 8, '2', '2.00000000'],
    [0n, 8, '0', '0.00000000'],
    [-1n, 8, '-0.00000001', '-0.00000001'],
    [-150n, 2, '-1.5', '-1.50'],
    [12_345n, 0, '12345', '12345'],
    [123_456_789_012_345_678_901n, 18, '123.456789012345678901', '123.456789012345678901'],
    [AMOUNT_MINOR_MAX, 18, '999999999999999999.999999999999999999', '999999999999999999.999999999999999999'],
  ])('%s with %i decimals is %s (fixed: %s)', (amount, decimals, canonical, fixed) => {
    expect(formatAmount(amount, decimals)).toBe(canonical);
    expect(formatAmountFixed(amount, decimals)).toBe(fixed);
  });
});

describe('parse/format round trips', () => {
  const decimals = fc.integer({ min: 0, max: ASSET_DECIMALS_MAX });
  const amount = fc.bigInt({ min: -AMOUNT_MINOR_MAX, max: AMOUNT_MINOR_MAX });

  it('parse(format(a)) = a for every amount and precision, canonical and fixed', () => {
    fc.assert(
      fc.property(amount, decimals, (a, d) => {
        expect(parseAmount(formatAmount(a, d), d, { signed: true })).toBe(a);
        expect(parseAmount(formatAmountFixed(a, d), d, { signed: true })).toBe(a);
      }),
      { numRuns: 2000 },
    );
  });

  it('format(parse(s)) is s without leading integer zeros and trailing fractional zeros', () => {
    const digits = (minLength: number, maxLength: number) =>
      fc.string({ unit: fc.constantFrom(...'0123456789'), minLength, maxLength });
    const text = decimals.chain((d) =>
      fc.record({
        d: fc.constant(d),
        integer_digits: digits(1, 36 - d),
        fraction_digits: digits(0, d),
      }),
    );
    fc.assert(
      fc.property(text, ({ d, integer_digits, fraction_digits }) => {
        const written = fraction_digits === '' ? integer_digits : `${integer_digits}.${fraction_digits}`;
        const integer_canonical = integer_digits.replace(/^0+(?=\d)/, '');
        const fraction_canonical = fraction_digits.replace(/0+$/, '');
        const canonical = fraction_canonical === '' ? integer_canonical : `${integer_canonical}.${fraction_canonical}`;
        expect(formatAmount(parseAmount(written, d), d)).toBe(canonical);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('valueMinor', () => {
  it('values 0.12345678 BTC at ¥15,234,567.89 in yen in each mode', () => {
    // 12345678 sat × 1523456789 (price × 100) = 18,808,106,963,907,942, long-hand:
    //   12345678 × 1,500,000,000 = 18,518,517,000,000,000
    //   12345678 ×    23,000,000 =        283,950,594,000,000
    //   12345678 ×       456,000 =          5,629,629,168,000
    //   12345678 ×           789 =              9,740,739,942
    // ÷ 10^(8 + 2) → ¥1,880,810.6963907942: floor 1,880,810; the rest 1,880,811 (.696 > .5).
    const price = parseDecimal('15234567.89');
    expect(byMode((mode) => valueMinor(12_345_678n, 8, price, 0, mode))).toEqual({
      floor: 1_880_810n,
      ceil: 1_880_811n,
      'half-up': 1_880_811n,
      'half-even': 1_880_811n,
    });
  });

  it('values 0.12345678 BTC at $97,123.45 in cents', () => {
    // 12345678 × 9712345 = 12345678 × 9,700,000 + 12345678 × 12,345
    //                    = 119,753,076,600,000 + 152,407,394,910 = 119,905,483,994,910;
    // × 10^2 cents ÷ 10^(8 + 2) → 1,199,054.8399491 cents.
    const price = parseDecimal('97123.45');
    expect(byMode((mode) => valueMinor(12_345_678n, 8, price, 2, mode))).toEqual({
      floor: 1_199_054n,
      ceil: 1_199_055n,
      'half-up': 1_199_055n,
      'half-even': 1_199_055n,
    });
  });

  it.each([
    // At ¥10,000,000 per BTC one satoshi is ¥0.1, so n satoshis are ¥n/10.
    [5n, { floor: 0n, ceil: 1n, 'half-up': 1n, 'half-even': 0n }], // ¥0.5: tie, 0 is even
    [25n, { floor: 2n, ceil: 3n, 'half-up': 3n, 'half-even': 2n }], // ¥2.5
    [35n, { floor: 3n, ceil: 4n, 'half-up': 4n, 'half-even': 4n }], // ¥3.5: 4 is even
    [-25n, { floor: -3n, ceil: -2n, 'half-up': -3n, 'half-even': -2n }], // −¥2.5: half-up is away from zero
    [30n, { floor: 3n, ceil: 3n, 'half-up': 3n, 'half-even': 3n }], // exact: every mode agrees
  ])('rounds ties of %s sat at ¥10,000,000 per BTC by mode', (amount, expected) => {
    expect(byMode((mode) => valueMinor(amount, 8, parseDecimal('10000000'), 0, mode))).toEqual(expected);
  });

  it('values wei above 2^63 exactly', () => {
    // 123456789012345678901 wei × 5123456789 (¥512,345.6789 × 10^4)
    //   = 632,525,523,813,443,073,380,142,508,889 (≈ 1.2346e20 × 5.1235e9 = 6.3253e29);
    // ÷ 10^(18 + 4) → ¥63,252,552.38…
    const price = parseDecimal('512345.6789');
    expect(byMode((mode) => valueMinor(123_456_789_012_345_678_901n, 18, price, 0, mode))).toEqual({
      floor: 63_252_552n,
      ceil: 63_252_553n,
      'half-up': 63_252_552n,
      'half-even': 63_252_552n,
    });
    // One wei at ¥500,000 per ETH is ¥5e-13: only ceil makes it a yen.
    expect(byMode((mode) => valueMinor(1n, 18, parseDecimal('500000'), 0, mode))).toEqual({
      floor: 0n,
      ceil: 1n,
      'half-up': 0n,
      'half-even': 0n,
    });
  });

  const mode = fc.constantFrom(...ROUNDING_MODES);
  const decimals = fc.integer({ min: 0, max: ASSET_DECIMALS_MAX });
  const base_decimals = fc.integer({ min: 0, max: 4 });
  const price = fc
    .record({ coef: fc.bigInt({ min: 0n, max: 10n ** 15n }), scale: fc.integer({ min: 0, max: 12 }) })
    .map((p): Decimal => p);
  const amount = fc.bigInt({ min: 0n, max: 10n ** 30n });

  it('agrees with the Decimal path: amount × price rounded to the base scale', () => {
    fc.assert(
      fc.property(amount, decimals, price, base_decimals, mode, (a, d, p, b, m) => {
        const exact = mulDecimal({ coef: a, scale: d }, p);
        const rounded = roundDecimal(exact, b, m);
        const expected = rounded.coef * pow10(b - rounded.scale);
        expect(valueMinor(a, d, p, b, m)).toBe(expected);
      }),
      { numRuns: 1000 },
    );
  });

  it('is monotone in the amount and in the price, for every mode', () => {
    fc.assert(
      fc.property(amount, amount, decimals, price, price, base_decimals, mode, (a1, a2, d, p1, p2, b, m) => {
        const [a_low, a_high] = a1 <= a2 ? [a1, a2] : [a2, a1];
        expect(valueMinor(a_low, d, p1, b, m)).toBeLessThanOrEqual(valueMinor(a_high, d, p1, b, m));
        const p1_value = p1.coef * pow10(p2.scale);
        const p2_value = p2.coef * pow10(p1.scale);
        const [p_low, p_high] = p1_value <= p2_value ? [p1, p2] : [p2, p1];
        expect(valueMinor(a1, d, p_low, b, m)).toBeLessThanOrEqual(valueMinor(a1, d, p_high, b, m));
      }),
      { numRuns: 1000 },
    );
  });

  it('orders the modes: floor ≤ half-even, half-up ≤ ceil ≤ floor + 1, signed amounts included', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }), decimals, price, base_decimals, (a, d, p, b) => {
        const v = byMode((m) => valueMinor(a, d, p, b, m));
        expect(v.floor).toBeLessThanOrEqual(v['half-even']);
        expect(v.floor).toBeLessThanOrEqual(v['half-up']);
        expect(v['half-even']).toBeLessThanOrEqual(v.ceil);
        expect(v['half-up']).toBeLessThanOrEqual(v.ceil);
        expect(v.ceil - v.floor).toBeLessThanOrEqual(1n);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('quantityForValueMinor', () => {
  it('buys BTC for ¥1,000,000 at ¥15,234,567.89 per BTC', () => {
    // sat = 10^6 yen × 10^(8 + 2) ÷ 1523456789 = 10^16 ÷ 1523456789:
    //   1523456789 × 6,564,019 = 9,999,999,308,674,991 ≤ 10^16 < 10,000,000,832,131,780 = 1523456789 × 6,564,020;
    //   remainder 691,325,009, twice that 1,382,650,018 < 1,523,456,789 → the half modes round down.
    const price = parseDecimal('15234567.89');
    expect(byMode((mode) => quantityForValueMinor(1_000_000n, 0, price, 8, mode))).toEqual({
      floor: 6_564_019n,
      ceil: 6_564_020n,
      'half-up': 6_564_019n,
      'half-even': 6_564_019n,
    });
  });

  it('buys an exact quantity when the price divides the value', () => {
    // ¥1,500,000 at ¥10,000,000 per BTC is 0.15 BTC = 15,000,000 sat in every mode.
    expect(byMode((mode) => quantityForValueMinor(1_500_000n, 0, parseDecimal('10000000'), 8, mode))).toEqual({
      floor: 15_000_000n,
      ceil: 15_000_000n,
      'half-up': 15_000_000n,
      'half-even': 15_000_000n,
    });
  });

  it('refuses a zero or negative price', () => {
    expect(() => quantityForValueMinor(1n, 0, parseDecimal('0'), 8, 'floor')).toThrow(RangeError);
    expect(() => quantityForValueMinor(1n, 0, parseDecimal('-1', { signed: true }), 8, 'floor')).toThrow(RangeError);
  });

  it('never buys more than the amount a floored value came from, nor less for ceil', () => {
    // floor(floor(a·p)/p) ≤ a and ceil(ceil(a·p)/p) ≥ a, since both roundings move the same way.
    const positive_price = fc
      .record({ coef: fc.bigInt({ min: 1n, max: 10n ** 15n }), scale: fc.integer({ min: 0, max: 12 }) })
      .map((p): Decimal => p);
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 30n }),
        fc.integer({ min: 0, max: ASSET_DECIMALS_MAX }),
        positive_price,
        fc.integer({ min: 0, max: 4 }),
        (a, d, p, b) => {
          const floor_value = valueMinor(a, d, p, b, 'floor');
          expect(quantityForValueMinor(floor_value, b, p, d, 'floor')).toBeLessThanOrEqual(a);
          const ceil_value = valueMinor(a, d, p, b, 'ceil');
          expect(quantityForValueMinor(ceil_value, b, p, d, 'ceil')).toBeGreaterThanOrEqual(a);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
