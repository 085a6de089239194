import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatAmount, parseAmount, pow10 } from '../money/index.ts';
import { fixtureSnapshot } from '../snapshot/fixture.ts';
import { PURPOSES, TIERS, type Purpose, type Tier } from '../snapshot/types.ts';
import { summarizeSnapshot } from './summary.ts';

fc.installGlobalPlugin(fc.interruptAfterTimeLimit(20_000, { failOnInterrupt: true }));

const PRICE_TIME = '2026-11-24T00:00:00+09:00';

describe('summarizeSnapshot: the valuation rule in show', () => {
  it('values each wallet rounded down and customer balances rounded up, by hand', () => {
    // Two hot wallets of 0.5 BTC at ¥3.3 per BTC: 0.5 × 3.3 = 1.65 each → ¥1 + ¥1
    // as holdings (one rounding of the sum, ¥3.3, would give ¥3); balances 1 BTC → ⌈3.3⌉ = ¥4.
    const snapshot = fixtureSnapshot({
      prices: [[PRICE_TIME, 'BTC', '3.3']],
      wallets: [
        { id: 'hot-1', asset: 'BTC', tier: 'hot', amount: '0.5' },
        { id: 'hot-2', asset: 'BTC', tier: 'hot', amount: '0.5' },
      ],
      balances: [['A', 'BTC', '1']],
    });
    const summary = summarizeSnapshot(snapshot);
    expect(summary).toMatchObject({ rounding: 'floor', liabilities_rounding: 'ceil' });
    const btc = summary.assets.find((a) => a.asset === 'BTC')!;
    expect(btc.holdings_value!.customer).toEqual({ hot: '2', warm: '0', cold: '0', all: '2' });
    expect(btc.liabilities_value).toBe('4');
    expect(summary.totals.holdings_value.customer.hot).toBe('2');
    expect(summary.totals.liabilities_value).toBe('4');
  });

  it('rows add up to the totals; holdings never above and liabilities never below their exact value', () => {
    const wallet = fc.record({
      asset: fc.constantFrom('BTC', 'ETH'),
      tier: fc.constantFrom<Tier>(...TIERS),
      purpose: fc.constantFrom<Purpose>(...PURPOSES),
      amount_minor: fc.bigInt({ min: 0n, max: 10n ** 20n }),
    });
    const price = fc.tuple(fc.bigInt({ min: 1n, max: 10n ** 12n }), fc.integer({ min: 0, max: 6 })).map(([coef, scale]) => formatAmount(coef, scale));
    fc.assert(
      fc.property(fc.array(wallet, { maxLength: 12 }), price, price, fc.bigInt({ min: 0n, max: 10n ** 20n }), (wallets, btc_price, eth_price, btc_balance) => {
        const decimals: Record<string, number> = { BTC: 8, ETH: 18 };
        const snapshot = fixtureSnapshot({
          assets: decimals,
          prices: [
            [PRICE_TIME, 'BTC', btc_price],
            [PRICE_TIME, 'ETH', eth_price],
          ],
          wallets: wallets.map((w, i) => ({ id: `w${i}`, asset: w.asset, tier: w.tier, purpose: w.purpose, amount: formatAmount(w.amount_minor, decimals[w.asset]!) })),
          balances: [['A', 'BTC', formatAmount(btc_balance, 8)]],
        });
        const summary = summarizeSnapshot(snapshot);
        const yen = (text: string | null): bigint => parseAmount(text!, 0);
        const priceOf = { BTC: btc_price, ETH: eth_price } as Record<string, string>;
        const scaled = (asset: string, amount_minor: bigint): { num: bigint; den: bigint } => {
          const [int, frac = ''] = priceOf[asset]!.split('.');
          return { num: amount_minor * BigInt(int! + frac), den: pow10(decimals[asset]! + frac.length) };
        };
        for (const purpose of PURPOSES) {
          for (const tier of [...TIERS, 'all'] as const) {
            const rows = summary.assets.filter((a) => a.holdings_value !== null).map((a) => yen(a.holdings_value![purpose][tier]));
            expect(yen(summary.totals.holdings_value[purpose][tier])).toBe(rows.reduce((s, v) => s + v, 0n));
          }
          for (const row of summary.assets.filter((a) => a.holdings_value !== null)) {
            const cells = row.holdings_value![purpose];
            expect(yen(cells.all)).toBe(yen(cells.hot) + yen(cells.warm) + yen(cells.cold));
            for (const tier of TIERS) {
              const held = wallets.filter((w) => w.asset === row.asset && w.purpose === purpose && w.tier === tier);
              const exact = held.reduce((s, w) => {
                const v = scaled(w.asset, w.amount_minor);
                return { num: s.num * v.den + v.num * s.den, den: s.den * v.den };
              }, { num: 0n, den: 1n });
              // Σ⌊v⌋ ≤ Σv, and within one minor unit per wallet.
              expect(yen(cells[tier]) * exact.den <= exact.num).toBe(true);
              expect(exact.num - yen(cells[tier]) * exact.den < BigInt(Math.max(1, held.length)) * exact.den).toBe(true);
            }
          }
        }
        const liability = scaled('BTC', btc_balance);
        const btc = summary.assets.find((a) => a.asset === 'BTC')!;
        expect(yen(btc.liabilities_value) * liability.den >= liability.num).toBe(true);
        expect(yen(btc.liabilities_value) * liability.den - liability.num < liability.den).toBe(true);
        expect(yen(summary.totals.liabilities_value)).toBe(summary.assets.reduce((s, a) => s + (a.liabilities_value === null ? 0n : yen(a.liabilities_value)), 0n));
      }),
      { numRuns: 200 },
    );
  });
});
