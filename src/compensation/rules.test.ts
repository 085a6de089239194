import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { AssetAccumulator, Valuation } from './rules.ts';
import type { PayoutRow } from './types.ts';

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

describe('AssetAccumulator', () => {
  const valuation = new Valuation(8, { coef: 100n, scale: 0 }, 0, 1n);
  // 10 lost: 4 in kind, 5 settled in value, 2 left as a claim — one unit too many.
  const row: PayoutRow = { account_id: 'A', asset: 'BTC', balance_minor: 100n, loss_minor: 10n, paid_in_kind_minor: 4n, paid_fiat_minor: 0n, iou_minor: 0n, unpaid_claim_minor: 2n, rounding_residue: { coef: 0n, scale: 8 } };

  it('refuses a row that does not account for its loss: at once for the reference, in the totals for the engines', () => {
    expect(() => new AssetAccumulator('BTC', 8, 8, 0n).add(row, 5n, 0n)).toThrow(/does not account for its loss/);
    const streamed = new AssetAccumulator('BTC', 8, 8, 0n, valuation);
    streamed.add(row, 5n, 0n);
    expect(() => streamed.totals()).toThrow(/do not account for their loss/);
  });

  it('derives the residue total from the settled and paid totals, as the rows sum it', () => {
    const summed = new AssetAccumulator('BTC', 8, 8, 0n);
    const derived = new AssetAccumulator('BTC', 8, 8, 0n, valuation);
    for (const quantity of [1n, 7n, 123_456_789n]) {
      const paid = valuation.payRow(quantity, 'floor');
      const r: PayoutRow = { ...row, loss_minor: quantity, paid_in_kind_minor: 0n, unpaid_claim_minor: 0n, balance_minor: quantity, paid_fiat_minor: paid, rounding_residue: { coef: valuation.last_residue_coef, scale: 8 } };
      summed.add(r, quantity, 0n);
      derived.add(r, quantity, 0n);
    }
    expect(derived.totals().rounding_residue).toEqual(summed.totals().rounding_residue);
    // 123,456,797 sat at ¥100 a BTC is ¥123.456797; ¥123 is paid over the three rows (0 + 0 + 123).
    expect(summed.totals().rounding_residue).toEqual({ coef: 45_679_700n, scale: 8 });
  });
});
