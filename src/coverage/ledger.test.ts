import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatDecimal } from '../money/decimal.ts';
import { CoverLedger } from './ledger.ts';
import type { CoverSource } from './sources.ts';

const source = (id: string, counted_minor: bigint): CoverSource => ({ kind: 'safe_asset', id, counted_minor, unit: 'JPY', decimals: 0 });

describe('CoverLedger', () => {
  it('refuses to count a source twice within a regime', () => {
    const ledger = new CoverLedger();
    ledger.cover('r/a', null, 10n, [source('s', 5n)]);
    expect(() => ledger.cover('r/b', null, 10n, [source('s', 5n)])).toThrow(/assigned twice/);
  });

  it('holds Σ counted, applies exactly min(required, held), and applies sources in order', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -5n, max: 1000n }), fc.array(fc.bigInt({ min: 0n, max: 400n }), { maxLength: 8 }), (required, amounts) => {
        const ledger = new CoverLedger();
        const held = ledger.cover('r/x', null, required, amounts.map((a, i) => source(`s${i}`, a)));
        const total = amounts.reduce((s, a) => s + a, 0n);
        expect(held).toBe(total);
        const applied = ledger.assignments.map((a) => BigInt(formatDecimal(a.applied)));
        const need = required > 0n ? required : 0n;
        expect(applied.reduce((s, a) => s + a, 0n)).toBe(need < total ? need : total);
        // Greedy in order: once a source is applied partly, every later one is applied 0.
        const partial = applied.findIndex((a, i) => a < amounts[i]!);
        if (partial >= 0) for (const later of applied.slice(partial + 1)) expect(later).toBe(0n);
      }),
    );
  });
});
