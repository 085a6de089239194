import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatAmount, formatDecimal } from '../money/index.ts';
import { csvField, decimalText, payoutLine } from './csv.ts';

describe('payouts.csv lines', () => {
  it('writes decimals exactly as formatAmount and formatDecimal do', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 40n), max: 10n ** 40n }), fc.integer({ min: 0, max: 18 }), (coef, scale) => {
        expect(decimalText(coef, scale)).toBe(formatDecimal({ coef, scale }));
        if (coef >= 0n) expect(decimalText(coef, scale)).toBe(formatAmount(coef, scale));
      }),
      { numRuns: 3000 },
    );
    expect(decimalText(-5n, 3)).toBe('-0.005');
    expect(decimalText(1_500_000n, 6)).toBe('1.5');
    expect(decimalText(0n, 72)).toBe('0');
  });

  it('quotes fields only when needed', () => {
    expect(csvField('A0001')).toBe('A0001');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    const row = { account_id: 'x"y', asset: 'BTC', balance_minor: 150_000_000n, loss_minor: 1n, paid_in_kind_minor: 0n, paid_fiat_minor: 12n, iou_minor: 0n, unpaid_claim_minor: 1n, rounding_residue: { coef: 25n, scale: 2 } };
    expect(payoutLine(row, 8, 0)).toBe('"x""y",BTC,1.5,0.00000001,0,12,0,0.00000001,0.25');
  });
});
