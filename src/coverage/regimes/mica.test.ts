import { describe, expect, it } from 'vitest';
import { InputError } from '../../errors.ts';
import { fixtureSnapshot, type FixtureInput } from '../../snapshot/fixture.ts';
import { figures, findCheck, PRICE_TIME, runRegime } from '../testing.ts';

function snapshot(mica: unknown, extra: Partial<FixtureInput> = {}) {
  return fixtureSnapshot({
    assets: { BTC: 8, EUR: 2 },
    prices: [
      [PRICE_TIME, 'BTC', '10000000'],
      [PRICE_TIME, 'EUR', '162.35'],
    ],
    net_assets: '30000000',
    extensions: mica === undefined ? {} : { mica },
    ...extra,
  });
}

const OWN_FUNDS = 'mica/own-funds';

describe('mica/own-funds', () => {
  it('takes the class minimum when it exceeds a quarter of the overheads', () => {
    // Class 3: €150,000 × 162.35 = 24,352,500 JPY; ¼ × €400,000 = €100,000 = 16,235,000 JPY.
    // Net assets 30,000,000 ≥ 24,352,500.
    const result = runRegime(snapshot({ class: 3, fixed_overheads_last_year: '400000' }), 'mica');
    expect(figures(findCheck(result, OWN_FUNDS))).toEqual({ status: 'pass', required: '24352500', held: '30000000', shortfall: '0' });
    expect(result.notes[0]).toEqual({ code: 'coverage.mica.rate.price', params: { rate: '162.35', base: 'JPY' } });
  });

  it('takes a quarter of the overheads when larger, rounded up, at a stated rate', () => {
    // Class 1: €50,000 × 160.005 = 8,000,250. ¼ × €1,000,000.01 = €250,000.0025 × 160.005
    //   = 40,001,250.400012.5 → 40,001,251 JPY (ceil). Net assets 30,000,000: short 10,001,251.
    const result = runRegime(snapshot({ class: 1, fixed_overheads_last_year: '1000000.01', eur_rate: '160.005' }), 'mica');
    expect(figures(findCheck(result, OWN_FUNDS))).toEqual({ status: 'fail', required: '40001251', held: '30000000', shortfall: '10001251' });
    expect(result.notes[0]?.code).toBe('coverage.mica.rate.stated');
  });

  it('takes overheads kept in the base currency without conversion', () => {
    // Class 2: €125,000 × 162.35 = 20,293,750; ¼ × 100,000,000 JPY = 25,000,000 JPY.
    const result = runRegime(snapshot({ class: 2, fixed_overheads_last_year: '100000000', overheads_currency: 'JPY' }), 'mica');
    expect(findCheck(result, OWN_FUNDS).required?.coef).toBe(25_000_000n);
  });

  it('needs the mica section and a euro rate, and says where', () => {
    const codes = (run: () => unknown) => {
      try {
        run();
      } catch (error) {
        if (error instanceof InputError) return error.issues.map((i) => `${i.file}:${i.path}:${i.code}`);
        throw error;
      }
      return [];
    };
    expect(codes(() => runRegime(snapshot(undefined), 'mica'))).toEqual(['exchange.json:mica:coverage.mica.section_missing']);
    const no_eur = fixtureSnapshot({ prices: [[PRICE_TIME, 'BTC', '10000000']], extensions: { mica: { class: 1, fixed_overheads_last_year: '0' } } });
    expect(codes(() => runRegime(no_eur, 'mica'))).toEqual(['exchange.json:mica.eur_rate:coverage.mica.rate_missing']);
    expect(codes(() => runRegime(snapshot({ class: 4, fixed_overheads_last_year: '1e6' }), 'mica'))).toEqual([
      'exchange.json:mica.class:coverage.params.value',
      'exchange.json:mica.fixed_overheads_last_year:coverage.params.decimal',
    ]);
  });
});
