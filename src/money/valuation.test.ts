import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseDecimal, pow10, type Decimal } from './decimal.ts';
import { parseAmount } from './amount.ts';
import { roundValue, valueFor, valueLines, VALUATION_ROUNDING, type ValuationLine } from './valuation.ts';

fc.installGlobalPlugin(fc.interruptAfterTimeLimit(20_000, { failOnInterrupt: true }));

const JPY = 0;
const line = (amount: string, decimals: number, price: string): ValuationLine => ({ amount_minor: parseAmount(amount, decimals), decimals, price: parseDecimal(price) });

describe('the valuation rule (docs/formats/valuation.md)', () => {
  it('names one rounding per purpose: a holding down, a requirement up', () => {
    expect(VALUATION_ROUNDING).toEqual({ holding: 'floor', requirement: 'ceil' });
  });

  // Worked examples, by hand:
  it.each([
    // amount, asset decimals, price, base decimals, exact value, holding, requirement
    // examples/snapshot: 0.08 BTC × ¥15,234,567.89 = ¥1,218,765.4312
    ['0.08', 8, '15234567.89', JPY, '1218765.4312', 1_218_765n, 1_218_766n],
    // examples/snapshot: 0.5 ETH × ¥502,500.5 = ¥251,250.25
    ['0.5', 18, '502500.5', JPY, '251250.25', 251_250n, 251_251n],
    // the demo's hot-wallet hack: 400.5 ETH × ¥558,313 = ¥223,604,356.5 (a half: no tie rule applies)
    ['400.5', 18, '558313', JPY, '223604356.5', 223_604_356n, 223_604_357n],
    // a whole value rounds neither way: 28 BTC × ¥13,765,618 = ¥385,437,304
    ['28', 8, '13765618', JPY, '385437304', 385_437_304n, 385_437_304n],
    // one satoshi at ¥1 per BTC is worth ¥0.00000001: nothing as a holding, ¥1 as a requirement
    ['0.00000001', 8, '1', JPY, '0.00000001', 0n, 1n],
    ['0', 8, '15234567.89', JPY, '0', 0n, 0n],
    // a base currency with cents: 0.001 ETH × $1,234.567 = $1.234567 → 123 or 124 cents
    ['0.001', 18, '1234.567', 2, '1.234567', 123n, 124n],
  ])('%s (%s decimals) at %s, base decimals %s: exact %s → holding %s, requirement %s', (amount, decimals, price, base, _exact, holding, requirement) => {
    const amount_minor = parseAmount(amount, decimals);
    expect(valueFor('holding', amount_minor, decimals, parseDecimal(price), base)).toBe(holding);
    expect(valueFor('requirement', amount_minor, decimals, parseDecimal(price), base)).toBe(requirement);
  });

  it('sums rounded lines, never re-rounds the exact sum: the hot wallets of examples/snapshot', () => {
    // Exact sum ¥1,470,015.6812. One rounding of it (half-even) gave ¥1,470,016 in check while show
    // summed its rows to ¥1,470,015; by the rule both show the holding ¥1,218,765 + ¥251,250.
    const lines = [line('0.08', 8, '15234567.89'), line('0.5', 18, '502500.5')];
    expect(valueLines('holding', lines, JPY)).toEqual({ values_minor: [1_218_765n, 251_250n], total_minor: 1_470_015n });
    expect(valueLines('requirement', lines, JPY)).toEqual({ values_minor: [1_218_766n, 251_251n], total_minor: 1_470_017n });
  });

  it('rounds an exact value once for its purpose', () => {
    expect(roundValue('holding', parseDecimal('1470015.6812'), JPY)).toBe(1_470_015n);
    expect(roundValue('requirement', parseDecimal('1470015.6812'), JPY)).toBe(1_470_016n);
    expect(roundValue('requirement', parseDecimal('12.3401'), 2)).toBe(1235n);
    expect(roundValue('holding', parseDecimal('7'), JPY)).toBe(7n);
  });
});

// Exact value × 10^scale as an integer, to compare with the rounded figures without rounding.
function exactScaled(l: ValuationLine, base_decimals: number, scale: number): bigint {
  return (l.amount_minor * l.price.coef * pow10(base_decimals + scale)) / pow10(l.decimals + l.price.scale);
}
const SCALE = 60; // ≥ every decimals + price scale below: exactScaled divides exactly

const arbitraryPrice: fc.Arbitrary<Decimal> = fc
  .tuple(fc.bigInt({ min: 0n, max: 10n ** 14n }), fc.integer({ min: 0, max: 12 }))
  .map(([coef, scale]) => ({ coef, scale }));
const arbitraryLine: fc.Arbitrary<ValuationLine> = fc.record({
  amount_minor: fc.bigInt({ min: 0n, max: 10n ** 30n }),
  decimals: fc.integer({ min: 0, max: 18 }),
  price: arbitraryPrice,
});

describe('valuation properties', () => {
  it('a holding is never above, a requirement never below the exact value, and they differ by at most one minor unit', () => {
    fc.assert(
      fc.property(arbitraryLine, fc.integer({ min: 0, max: 8 }), (l, base) => {
        const exact = exactScaled(l, base, SCALE);
        const one = pow10(SCALE);
        const holding = valueFor('holding', l.amount_minor, l.decimals, l.price, base);
        const requirement = valueFor('requirement', l.amount_minor, l.decimals, l.price, base);
        expect(holding * one <= exact).toBe(true);
        expect(requirement * one >= exact).toBe(true);
        expect(requirement - holding).toBe(exact % one === 0n ? 0n : 1n);
      }),
    );
  });

  it('lines add up to the stated total, and the total is conservative against one rounding of the exact sum', () => {
    fc.assert(
      fc.property(fc.array(arbitraryLine, { maxLength: 12 }), fc.integer({ min: 0, max: 8 }), (lines, base) => {
        const holding = valueLines('holding', lines, base);
        const requirement = valueLines('requirement', lines, base);
        expect(holding.total_minor).toBe(holding.values_minor.reduce((s, v) => s + v, 0n));
        expect(requirement.total_minor).toBe(requirement.values_minor.reduce((s, v) => s + v, 0n));
        const one = pow10(SCALE);
        const exact_sum = lines.reduce((s, l) => s + exactScaled(l, base, SCALE), 0n);
        // Σ⌊v⌋ ≤ ⌊Σv⌋ ≤ Σv ≤ ⌈Σv⌉ ≤ Σ⌈v⌉, and each side is off by less than one unit per line.
        expect(holding.total_minor * one <= exact_sum).toBe(true);
        expect(requirement.total_minor * one >= exact_sum).toBe(true);
        expect(exact_sum - holding.total_minor * one < BigInt(Math.max(1, lines.length)) * one).toBe(true);
        expect(requirement.total_minor - holding.total_minor <= BigInt(lines.length)).toBe(true);
      }),
    );
  });
});
