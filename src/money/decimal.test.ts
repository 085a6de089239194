import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  addDecimal,
  compareDecimal,
  DECIMAL_INTEGER_DIGITS_MAX,
  DECIMAL_SCALE_MAX,
  divDecimal,
  formatDecimal,
  mulDecimal,
  normalize,
  parseDecimal,
  pow10,
  ratioDecimal,
  roundDecimal,
  subDecimal,
  type Decimal,
} from './decimal.ts';
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

const d = (text: string): Decimal => parseDecimal(text, { signed: true });

function byMode(compute: (mode: RoundingMode) => Decimal): Record<RoundingMode, string> {
  return Object.fromEntries(ROUNDING_MODES.map((mode) => [mode, formatDecimal(compute(mode))])) as Record<RoundingMode, string>;
}

describe('parseDecimal', () => {
  it.each([
    ['15234567.89', 1_523_456_789n, 2],
    ['1.50', 15n, 1],
    ['0.000', 0n, 0],
    ['100', 100n, 0],
    ['0.1', 1n, 1],
    ['0.' + '0'.repeat(35) + '1', 1n, 36],
    ['9'.repeat(40), pow10(40) - 1n, 0],
    ['0'.repeat(50) + '1', 1n, 0],
  ])('%s is %s × 10^-%i', (text, coef, scale) => {
    expect(parseDecimal(text)).toEqual({ coef, scale });
  });

  it('reads a minus sign only when asked', () => {
    expect(parseDecimal('-0.5', { signed: true })).toEqual({ coef: -5n, scale: 1 });
    expect(errorCodeOf(() => parseDecimal('-0.5'))).toBe('money.sign_not_allowed');
  });

  const rejections: [string, MoneyErrorCode][] = [
    ['', 'money.empty'],
    ['\t', 'money.empty'],
    ['NaN', 'money.not_finite'],
    ['-Infinity', 'money.not_finite'],
    ['1e3', 'money.exponent'],
    ['1.5e-7', 'money.exponent'],
    ['1,234.5', 'money.separator'],
    ['15 234 567', 'money.separator'],
    ['+1', 'money.sign_not_allowed'],
    [' 1', 'money.malformed'],
    ['1.', 'money.malformed'],
    ['0.1%', 'money.malformed'],
    ['1/3', 'money.malformed'],
    ['0.' + '0'.repeat(36) + '1', 'money.too_many_decimals'],
    ['1' + '0'.repeat(DECIMAL_INTEGER_DIGITS_MAX), 'money.out_of_range'],
  ];
  it.each(rejections)('rejects %j with %s', (text, code) => {
    expect(errorCodeOf(() => parseDecimal(text))).toBe(code);
  });

  it('bounds the input so that later products stay bounded', () => {
    expect(DECIMAL_SCALE_MAX).toBe(36);
    expect(DECIMAL_INTEGER_DIGITS_MAX).toBe(40);
  });
});

describe('formatDecimal and normalize', () => {
  it.each([
    [{ coef: 1_523_456_789n, scale: 2 }, '15234567.89'],
    [{ coef: 150n, scale: 2 }, '1.5'],
    [{ coef: 5n, scale: 3 }, '0.005'],
    [{ coef: -5n, scale: 3 }, '-0.005'],
    [{ coef: 0n, scale: 4 }, '0'],
    [{ coef: 100n, scale: 0 }, '100'],
  ])('%o is %s', (decimal, text) => {
    expect(formatDecimal(decimal)).toBe(text);
  });

  it('drops only fractional trailing zeros', () => {
    expect(normalize({ coef: 1500n, scale: 3 })).toEqual({ coef: 15n, scale: 1 });
    expect(normalize({ coef: 1500n, scale: 0 })).toEqual({ coef: 1500n, scale: 0 });
    expect(normalize({ coef: 0n, scale: 9 })).toEqual({ coef: 0n, scale: 0 });
  });

  const decimal = fc
    .record({ coef: fc.bigInt({ min: -(10n ** 40n - 1n), max: 10n ** 40n - 1n }), scale: fc.integer({ min: 0, max: 36 }) })
    .map((x): Decimal => x);

  it('parse(format(x)) = normalize(x)', () => {
    fc.assert(
      fc.property(decimal, (x) => {
        expect(parseDecimal(formatDecimal(x), { signed: true })).toEqual(normalize(x));
      }),
      { numRuns: 2000 },
    );
  });

  it('format(parse(s)) is s in canonical form', () => {
    const digits = (minLength: number, maxLength: number) =>
      fc.string({ unit: fc.constantFrom(...'0123456789'), minLength, maxLength });
    fc.assert(
      fc.property(digits(1, 40), digits(0, 36), (integer_digits, fraction_digits) => {
        const written = fraction_digits === '' ? integer_digits : `${integer_digits}.${fraction_digits}`;
        const integer_canonical = integer_digits.replace(/^0+(?=\d)/, '');
        const fraction_canonical = fraction_digits.replace(/0+$/, '');
        const canonical = fraction_canonical === '' ? integer_canonical : `${integer_canonical}.${fraction_canonical}`;
        expect(formatDecimal(parseDecimal(written))).toBe(canonical);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('decimal arithmetic', () => {
  it('adds, subtracts and multiplies exactly', () => {
    expect(formatDecimal(addDecimal(d('0.1'), d('0.2')))).toBe('0.3'); // 0.30000000000000004 in floats
    expect(formatDecimal(subDecimal(d('1'), d('0.99')))).toBe('0.01');
    expect(formatDecimal(subDecimal(d('0.5'), d('2')))).toBe('-1.5');
    expect(formatDecimal(mulDecimal(d('1.5'), d('1.5')))).toBe('2.25');
    expect(mulDecimal(d('0.2'), d('5'))).toEqual({ coef: 1n, scale: 0 });
  });

  it('compares across scales', () => {
    expect(compareDecimal(d('1.50'), d('1.5'))).toBe(0);
    expect(compareDecimal(d('0.1'), d('0.11'))).toBe(-1);
    expect(compareDecimal(d('-1'), d('0'))).toBe(-1);
    expect(compareDecimal(d('10'), d('9.999'))).toBe(1);
  });

  it.each([
    // 1/3 = 0.33333… ; 2/3 = 0.6666… ; 1/8 = 0.125 is a tie at 2 places (2 even, 3 odd).
    ['1', '3', 4, { floor: '0.3333', ceil: '0.3334', 'half-up': '0.3333', 'half-even': '0.3333' }],
    ['2', '3', 2, { floor: '0.66', ceil: '0.67', 'half-up': '0.67', 'half-even': '0.67' }],
    ['1', '8', 2, { floor: '0.12', ceil: '0.13', 'half-up': '0.13', 'half-even': '0.12' }],
    ['-1', '8', 2, { floor: '-0.13', ceil: '-0.12', 'half-up': '-0.13', 'half-even': '-0.12' }],
    ['1', '-8', 2, { floor: '-0.13', ceil: '-0.12', 'half-up': '-0.13', 'half-even': '-0.12' }],
    // 15234567.89 / 0.003 = 5,078,189,296.666…
    ['15234567.89', '0.003', 0, { floor: '5078189296', ceil: '5078189297', 'half-up': '5078189297', 'half-even': '5078189297' }],
  ])('%s / %s to %i places', (a, b, scale, expected) => {
    expect(byMode((mode) => divDecimal(d(a), d(b), scale, mode))).toEqual(expected);
  });

  it('refuses to divide by zero', () => {
    expect(() => divDecimal(d('1'), d('0.000'), 2, 'floor')).toThrow(RangeError);
  });

  it.each([
    // 2.675 and 2.665 are the classic float surprises; here they are exact ties at 2 places.
    ['2.675', 2, { floor: '2.67', ceil: '2.68', 'half-up': '2.68', 'half-even': '2.68' }],
    ['2.665', 2, { floor: '2.66', ceil: '2.67', 'half-up': '2.67', 'half-even': '2.66' }],
    ['-2.665', 2, { floor: '-2.67', ceil: '-2.66', 'half-up': '-2.67', 'half-even': '-2.66' }],
    ['1.23', 5, { floor: '1.23', ceil: '1.23', 'half-up': '1.23', 'half-even': '1.23' }],
  ])('rounds %s to %i places', (text, scale, expected) => {
    expect(byMode((mode) => roundDecimal(d(text), scale, mode))).toEqual(expected);
  });

  it('states a ratio exactly when it terminates, else to 18 places half-even', () => {
    expect(formatDecimal(ratioDecimal(1n, 4n))).toBe('0.25');
    expect(formatDecimal(ratioDecimal(1n, 3n))).toBe('0.' + '3'.repeat(18));
    expect(formatDecimal(ratioDecimal(2n, 3n))).toBe('0.' + '6'.repeat(17) + '7');
  });

  const decimal = fc
    .record({ coef: fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }), scale: fc.integer({ min: 0, max: 20 }) })
    .map((x): Decimal => x);

  it('compare agrees with the sign of the difference, and a + b − b = a', () => {
    fc.assert(
      fc.property(decimal, decimal, (a, b) => {
        const difference = subDecimal(a, b);
        const sign = difference.coef > 0n ? 1 : difference.coef < 0n ? -1 : 0;
        expect(compareDecimal(a, b)).toBe(sign);
        expect(compareDecimal(b, a)).toBe(sign === 0 ? 0 : -sign);
        expect(subDecimal(addDecimal(a, b), b)).toEqual(normalize(a));
      }),
      { numRuns: 1000 },
    );
  });

  it('floor division brackets the exact quotient: q·b ≤ a < (q + 10^-scale)·b for b > 0', () => {
    const positive = decimal.filter((x) => x.coef > 0n);
    fc.assert(
      fc.property(decimal, positive, fc.integer({ min: 0, max: 20 }), (a, b, scale) => {
        const q = divDecimal(a, b, scale, 'floor');
        const step: Decimal = { coef: 1n, scale };
        expect(compareDecimal(mulDecimal(q, b), a)).toBeLessThanOrEqual(0);
        expect(compareDecimal(mulDecimal(addDecimal(q, step), b), a)).toBe(1);
        const c = divDecimal(a, b, scale, 'ceil');
        expect(compareDecimal(subDecimal(c, q), step)).toBeLessThanOrEqual(0);
      }),
      { numRuns: 1000 },
    );
  });
});
