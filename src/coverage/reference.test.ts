import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatDecimal, normalize, type Decimal } from '../money/decimal.ts';
import { fixtureSnapshot } from '../snapshot/fixture.ts';
import { PURPOSES, TIERS, type Snapshot } from '../snapshot/types.ts';
import { checkCoverage } from './check.ts';
import { referenceChecks } from './reference.ts';

const ASSETS = { BTC: 8, ETH: 18, XRP: 6 } as const;
const SYMBOLS = Object.keys(ASSETS) as Array<keyof typeof ASSETS>;

/** "123.4567" from an integer and a scale: every generated amount is a valid decimal of its asset. */
const amountText = (decimals: number) =>
  fc.tuple(fc.bigInt({ min: 0n, max: 10n ** 12n }), fc.integer({ min: 0, max: decimals })).map(([n, scale]) => formatDecimal({ coef: n, scale }));

/** Minor units: random, or whole coins from a set that lands exactly on the 2%, 5% and 90% limits. */
const unitsArb = (decimals: number) =>
  fc.oneof(
    fc.bigInt({ min: 0n, max: 10n ** BigInt(decimals + 10) }),
    fc.constantFrom(0n, 1n, 2n, 5n, 9n, 10n, 18n, 19n, 49n, 90n, 95n, 98n, 100n).map((n) => n * 10n ** BigInt(decimals)),
  );

const walletArb = fc
  .record({ asset: fc.constantFrom(...SYMBOLS), tier: fc.constantFrom(...TIERS), purpose: fc.constantFrom(...PURPOSES) })
  .chain((w) => unitsArb(ASSETS[w.asset]).map((units) => ({ ...w, units })));

const snapshotArb = fc.record({
  wallets: fc.array(walletArb, { maxLength: 12 }),
  balances: fc.array(
    fc.constantFrom(...SYMBOLS).chain((asset) => unitsArb(ASSETS[asset]).map((units) => [asset, units] as const)),
    { maxLength: 12 },
  ),
  prices: fc.tuple(amountText(4), amountText(4), amountText(4)),
  net_assets: fc.bigInt({ min: 0n, max: 10n ** 12n }),
});

const toText = (units: bigint, decimals: number): string => formatDecimal({ coef: units, scale: decimals });

describe('fast path against the reference path', () => {
  it('agrees on every share and quantity check, status and figures', async () => {
    await fc.assert(
      fc.asyncProperty(snapshotArb, async (input) => {
        const snapshot = fixtureSnapshot({
          assets: { ...ASSETS },
          net_assets: input.net_assets.toString(),
          prices: SYMBOLS.map((symbol, i) => ['2026-11-24T00:00:00+09:00', symbol, input.prices[i] === '0' ? '1' : input.prices[i]!] as [string, string, string]),
          wallets: input.wallets.map((w, i) => ({ id: `w${i}`, asset: w.asset, tier: w.tier, purpose: w.purpose, amount: toText(w.units, ASSETS[w.asset]) })),
          balances: input.balances.map(([asset, units], i) => [`a${i}`, asset, toText(units, ASSETS[asset])] as [string, string, string]),
        });
        await expectAgreement(snapshot);
      }),
      { numRuns: 200 },
    );
  });

  it('agrees on the limits themselves (whole coins landing on 2%, 5% and 90%)', async () => {
    const whole = fc.constantFrom(0n, 1n, 2n, 5n, 9n, 10n, 18n, 19n, 49n, 90n, 95n, 98n, 100n);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.constantFrom(...TIERS), whole), { minLength: 1, maxLength: 4 }), async (wallets) => {
        const snapshot = fixtureSnapshot({
          prices: [['2026-11-24T00:00:00+09:00', 'BTC', '10000000']],
          wallets: wallets.map(([tier, n], i) => ({ id: `w${i}`, asset: 'BTC', tier, amount: n.toString() })),
        });
        await expectAgreement(snapshot);
      }),
      { numRuns: 300 },
    );
  });
});

async function expectAgreement(snapshot: Snapshot): Promise<void> {
  const reference = await referenceChecks(snapshot);
  const report = checkCoverage(snapshot, { regimes: ['jp-psa-2020', 'hk-sfc-2023', 'sg-mas', 'bh-cbb'] });
  const fast = new Map<string, { status: string; required: Decimal | null; held: Decimal | null; unit: string }>();
  for (const regime of report.regimes) {
    for (const check of regime.checks) {
      if (check.status === 'info' || check.status === 'warn') continue;
      fast.set(check.asset === null ? check.id : `${check.id} ${check.asset}`, check);
    }
  }
  for (const [key, expected] of reference) {
    const actual = fast.get(key);
    expect(actual, key).toBeDefined();
    expect(actual!.status, key).toBe(expected.status);
    if (expected.required_minor !== undefined) {
      const decimals = actual!.unit === 'JPY' ? 0 : ASSETS[actual!.unit as keyof typeof ASSETS];
      expect(actual!.required, key).toEqual(unitsDecimal(expected.required_minor, decimals));
      expect(actual!.held, key).toEqual(unitsDecimal(expected.held_minor!, decimals));
    }
  }
  // Every judged check of these regimes has a reference counterpart (hk cover is a cover check, judged elsewhere).
  for (const key of fast.keys()) if (key !== 'hk-sfc-2023/cover') expect(reference.has(key), key).toBe(true);
}

function unitsDecimal(minor: bigint, decimals: number): Decimal {
  return normalize({ coef: minor, scale: decimals });
}
