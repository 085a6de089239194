import { describe, expect, it } from 'vitest';
import { UserError } from '../errors.ts';
import { fixtureSnapshot } from '../snapshot/fixture.ts';
import { checkReserves, parseReserves } from './reserves.ts';
import { signedReservesText } from './testing.ts';

// Liabilities: 3 BTC and 10 ETH (and yen, which signatures cannot prove). Prices at as_of:
// BTC ¥10,000,000, ETH ¥500,000.5.
const snapshot = fixtureSnapshot({
  assets: { BTC: 8, ETH: 18 },
  balances: [['A', 'BTC', '2'], ['B', 'BTC', '1'], ['A', 'ETH', '10'], ['A', 'JPY', '5000']],
  prices: [['2026-11-25T00:00:00+09:00', 'BTC', '10000000'], ['2026-11-25T00:00:00+09:00', 'ETH', '500000.5']],
  wallets: [{ id: 'btc-cold', asset: 'BTC', tier: 'cold', amount: '3.5' }],
});
const report = (text: string) => checkReserves(snapshot, parseReserves(text, 'reserves.json', snapshot), 'reserves.json');

describe('reserves and solvency per asset', () => {
  it('counts only verified addresses; a shortfall is valued as a requirement (rounded up)', () => {
    const r = report(
      signedReservesText('fixture-exchange', 'fixture', '2026-11-25', [
        { asset: 'BTC', balance: '1.5', kind: 'p2wpkh' },
        { asset: 'BTC', balance: '1', kind: 'p2pkh' },
        { asset: 'BTC', balance: '0.7', kind: 'p2sh_p2wpkh' },
        { asset: 'BTC', balance: '0.03', kind: 'bip322_p2wpkh' },
        { asset: 'BTC', balance: '0.02', kind: 'bip322_p2tr' },
        { asset: 'BTC', balance: '50', kind: 'bip322' },
        { asset: 'BTC', balance: '50', kind: 'bad' },
        { asset: 'ETH', balance: '9.999999999999999999', kind: 'eip191' },
      ]),
    );
    expect(r.addresses.map((a) => a.status)).toEqual(['verified', 'verified', 'verified', 'verified', 'verified', 'not_verifiable_offline', 'invalid', 'verified']);
    const btc = r.assets.find((a) => a.asset === 'BTC')!;
    expect(btc).toMatchObject({ liabilities_minor: 300_000_000n, verified_reserves_minor: 325_000_000n, unverified_reserves_minor: 10_000_000_000n, wallets_minor: 350_000_000n, gap_minor: 25_000_000n, gap_base_minor: 2_500_000n, status: 'solvent' });
    const eth = r.assets.find((a) => a.asset === 'ETH')!;
    // 1 wei short × ¥500,000.5 / 10^18 = ¥0.0000000000005…, rounded up to ¥1 of shortfall.
    expect(eth).toMatchObject({ gap_minor: -1n, gap_base_minor: -1n, status: 'insolvent' });
    expect(r.assets.find((a) => a.asset === 'JPY')!.status).toBe('fiat_not_covered');
    expect(r.solvent).toBe(false);
  });

  it('a signature over another snapshot’s or another date’s challenge does not verify', () => {
    const text = signedReservesText('fixture-exchange', 'fixture', '2026-11-25', [{ asset: 'BTC', balance: '3', kind: 'p2wpkh' }]);
    expect(report(text).assets.find((a) => a.asset === 'BTC')!.status).toBe('solvent');
    // ETH is owed and no address shows any: short.
    expect(report(text).assets.find((a) => a.asset === 'ETH')!.status).toBe('insolvent');
    expect(report(text.replace('"2026-11-25"', '"2026-11-26"')).addresses[0]!.status).toBe('invalid');
    const other = signedReservesText('another-exchange', 'fixture', '2026-11-25', [{ asset: 'BTC', balance: '3', kind: 'p2wpkh' }]);
    expect(report(other).addresses[0]!.status).toBe('invalid');
    expect(() => report(text.replace('"fixture"', '"other"'))).toThrow(UserError);
  });

  it('refuses a malformed file with the field named', () => {
    const text = signedReservesText('fixture-exchange', 'fixture', '2026-11-25', [{ asset: 'BTC', balance: '3', kind: 'p2wpkh' }]);
    for (const [from, to, path] of [
      ['"BTC"', '"DOGE"', 'addresses[0].asset'],
      ['"balance": "3"', '"balance": "-3"', 'addresses[0].balance'],
      ['"bip137"', '"bip999"', 'addresses[0].scheme'],
    ] as const) {
      try {
        parseReserves(text.replace(from, to), 'reserves.json', snapshot);
        expect.unreachable();
      } catch (error) {
        expect(error).toMatchObject({ code: 'reserves.bad_field', params: { path } });
      }
    }
  });
});
