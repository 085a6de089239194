import { describe, expect, it } from 'vitest';
import { InputError, UserError } from '../errors.ts';
import { fixtureSnapshot, type FixtureInput } from '../snapshot/fixture.ts';
import { checkCoverage } from './check.ts';
import { REGIME_IDS } from './registry.ts';
import { figures, findCheck, PRICE_TIME } from './testing.ts';

function snapshot(extra: Partial<FixtureInput> = {}) {
  return fixtureSnapshot({
    prices: [[PRICE_TIME, 'BTC', '10000000']],
    net_assets: '100000000',
    wallets: [
      { id: 'hot', asset: 'BTC', tier: 'hot', amount: '4' },
      { id: 'cold', asset: 'BTC', tier: 'cold', amount: '96' },
      { id: 'guarantee', asset: 'BTC', tier: 'cold', purpose: 'guarantee', amount: '4' },
    ],
    balances: [['alice', 'BTC', '100']],
    ...extra,
  });
}

function errorOf(run: () => unknown): UserError {
  try {
    run();
  } catch (error) {
    if (error instanceof UserError) return error;
    throw error;
  }
  throw new Error('expected a UserError');
}

describe('checkCoverage', () => {
  it("checks the snapshot's own regimes by default, or the ones asked, each once", () => {
    const s = snapshot({ regimes: ['jp-psa-2020', 'sg-mas'] });
    expect(checkCoverage(s).regimes.map((r) => r.id)).toEqual(['jp-psa-2020', 'sg-mas']);
    expect(checkCoverage(s, { regimes: ['bh-cbb', 'bh-cbb'] }).regimes.map((r) => r.id)).toEqual(['bh-cbb']);
  });

  it('is compliant only when no check of any regime fails', () => {
    // 4 of 100 BTC outside cold: 4% passes jp-psa-2020 (5%) and fails hk-sfc-2023 (2%).
    const s = snapshot();
    expect(checkCoverage(s, { regimes: ['jp-psa-2020'] }).compliant).toBe(true);
    const both = checkCoverage(s, { regimes: ['jp-psa-2020', 'hk-sfc-2023'] });
    expect(both.regimes.map((r) => r.compliant)).toEqual([true, false]);
    expect(both.compliant).toBe(false);
  });

  it('refuses unknown regimes and an empty list with a message code', () => {
    expect(errorOf(() => checkCoverage(snapshot(), { regimes: ['jp-psa-2019'] })).code).toBe('coverage.regime.unknown');
    expect(errorOf(() => checkCoverage(snapshot({ regimes: [] }))).code).toBe('coverage.regime.none');
  });

  it('drains wallets: the report as if they were emptied at as_of', () => {
    // Draining the hot wallet: customer crypto 96 BTC against balances of 100 → segregation short 4 BTC;
    // guarantee requirement drops to 0; hot share drops to 0.
    const report = checkCoverage(snapshot(), { regimes: ['jp-psa-2020'], drain: ['hot'] });
    const regime = report.regimes[0]!;
    expect(report.drained).toEqual(['hot']);
    expect(figures(findCheck(regime, 'jp-psa-2020/segregation', 'BTC'))).toEqual({ status: 'fail', required: '100', held: '96', shortfall: '4' });
    expect(figures(findCheck(regime, 'jp-psa-2020/guarantee', 'BTC'))).toEqual({ status: 'pass', required: '0', held: '4', shortfall: '0' });
    expect(findCheck(regime, 'jp-psa-2020/hot-share').held).toEqual({ coef: 0n, scale: 0 });
    expect(errorOf(() => checkCoverage(snapshot(), { drain: ['no-such-wallet'] })).params).toEqual({ wallet: 'no-such-wallet' });
  });

  it('needs a price for every asset held in a wallet, and says which', () => {
    const s = snapshot({ assets: { BTC: 8, ETH: 18 }, wallets: [{ id: 'eth', asset: 'ETH', tier: 'cold', amount: '1' }] });
    const error = errorOf(() => checkCoverage(s));
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).issues).toEqual([
      { file: 'prices.csv', field: 'price', code: 'coverage.price_missing', params: { asset: 'ETH', as_of: '2026-11-25T00:00:00+09:00' } },
    ]);
  });

  it('rejects a misspelt regime section under coverage instead of silently using defaults', () => {
    const s = snapshot({ extensions: { coverage: { 'jvcea-2018': {} } } });
    const error = errorOf(() => checkCoverage(s));
    expect((error as InputError).issues.map((i) => [i.path, i.code, i.params])).toEqual([['coverage', 'coverage.params.unknown_keys', { keys: 'jvcea-2018' }]]);
  });

  it('rejects parameters for a regime that takes none', () => {
    const s = snapshot({ extensions: { coverage: { 'sg-mas': { cold_share_min: '0.5' } } } });
    expect((errorOf(() => checkCoverage(s, { regimes: ['sg-mas'] })) as InputError).issues[0]).toMatchObject({
      file: 'exchange.json',
      path: 'coverage.sg-mas',
      code: 'coverage.params.unknown_keys',
    });
  });

  it('runs every known regime on one snapshot without counting any source twice', () => {
    const s = snapshot({
      assets: { BTC: 8, EUR: 2 },
      prices: [
        [PRICE_TIME, 'BTC', '10000000'],
        [PRICE_TIME, 'EUR', '160'],
      ],
      extensions: { mica: { class: 1, fixed_overheads_last_year: '0' } },
      safe_assets: [{ id: 'deposit', kind: 'bank_deposit', market_value: '60000000' }],
      contracts: [{ id: 'bg', kind: 'bank_guarantee', amount: '10000000', start: '2026-01-01', end: '2027-01-01' }],
    });
    const report = checkCoverage(s, { regimes: REGIME_IDS });
    expect(report.regimes.map((r) => r.id)).toEqual([...REGIME_IDS]);
    for (const regime of report.regimes) {
      const keys = regime.assignments.map((a) => `${a.source_kind}:${a.source_id}`);
      expect(new Set(keys).size, regime.id).toBe(keys.length);
      // A source is either counted or excluded, never both.
      for (const e of regime.excluded) expect(keys, regime.id).not.toContain(`${e.source_kind}:${e.source_id}`);
    }
  });
});
