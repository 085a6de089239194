import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Valuation } from './rules.ts';

describe('Valuation.payRow', () => {
  it('pays what pay() pays and leaves residueCoef() of it, in every rounding mode', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 18 }),
        fc.record({ coef: fc.bigInt({ min: 1n, max: 10n ** 12n }), scale: fc.integer({ min: 0, max: 8 }) }),
        fc.integer({ min: 0, max: 2 }),
        fc.constantFrom(1n, 10n, 1000n),
        fc.constantFrom('floor', 'ceil', 'half-up', 'half-even') as fc.Arbitrary<'floor' | 'ceil' | 'half-up' | 'half-even'>,
        fc.oneof(fc.constant(0n), fc.bigInt({ min: 0n, max: 10n ** 30n })),
        (decimals, price, base_decimals, unit, mode, quantity) => {
          const valuation = new Valuation(decimals, price, base_decimals, unit);
          const paid = valuation.payRow(quantity, mode);
          expect(paid).toBe(valuation.pay(quantity, mode));
          expect(valuation.last_residue_coef).toBe(valuation.residueCoef(quantity, paid));
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('worked example: 0.12345678 BTC at ¥123.456 paid to ¥1, floor', () => {
    // 12,345,678 sat × 123.456 / 10^8 = ¥15.24148023168 → ¥15; the residue ¥0.24148023168 at scale 11.
    const valuation = new Valuation(8, { coef: 123_456n, scale: 3 }, 0, 1n);
    expect(valuation.payRow(12_345_678n, 'floor')).toBe(15n);
    expect(valuation.last_residue_coef).toBe(24_148_023_168n);
    expect(valuation.residue_scale).toBe(11);
  });
});
