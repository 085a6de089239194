import { describe, expect, it } from 'vitest';
import { UserError } from '../../errors.ts';
import { fixtureSnapshot, type FixtureInput } from '../../snapshot/fixture.ts';
import type { RiskAmountProvider } from '../risk.ts';
import { figures, findCheck, PRICE_TIME, runRegime } from '../testing.ts';

// as_of is 2026-11-25T00:00:00+09:00 (the fixture's): its local day is 2026-11-25.
// Online customer crypto: 2 BTC hot at 10,000,000 JPY = 20,000,000 JPY, the requirement at the default 100%.
function snapshot(extra: Partial<FixtureInput> = {}) {
  return fixtureSnapshot({
    prices: [[PRICE_TIME, 'BTC', '10000000']],
    wallets: [
      { id: 'hot', asset: 'BTC', tier: 'hot', amount: '2' },
      { id: 'cold', asset: 'BTC', tier: 'cold', amount: '98' },
    ],
    ...extra,
  });
}

const SOURCES: Partial<FixtureInput> = {
  safe_assets: [
    { id: 'deposit', kind: 'bank_deposit', market_value: '5000000' },
    { id: 'td', kind: 'time_deposit', market_value: '3000000', maturity: '2027-03-01' },
    { id: 'jgb', kind: 'jgb', market_value: '4000000', maturity: '2035-03-20' },
    { id: 'muni-unsegregated', kind: 'municipal_bond', market_value: '9000000', segregated: false },
    { id: 'td-matured', kind: 'time_deposit', market_value: '7000000', maturity: '2026-11-24' },
    { id: 'td-matures-today', kind: 'time_deposit', market_value: '1000000', maturity: '2026-11-25' },
    { id: 'trust-units', kind: 'trust', market_value: '6000000' },
    { id: 'pledged', kind: 'time_deposit', market_value: '4000000', maturity: '2027-06-30', contract_id: 'bg' },
  ],
  contracts: [
    { id: 'ends-today', kind: 'preservation', amount: '2000000', start: '2026-01-01', end: '2026-11-25' },
    { id: 'ended-yesterday', kind: 'preservation', amount: '8000000', start: '2026-01-01', end: '2026-11-24' },
    { id: 'ended-last-second', kind: 'preservation', amount: '8000000', start: '2026-01-01', end: '2026-11-24T23:59:59+09:00' },
    { id: 'starts-later', kind: 'preservation', amount: '8000000', start: '2026-12-01', end: '2027-12-01' },
    { id: 'other-peril', kind: 'preservation', amount: '8000000', start: '2026-01-01', end: '2027-12-01', covers: ['operational_error'] },
    { id: 'bg', kind: 'bank_guarantee', amount: '4000000', start: '2026-01-01', end: '2027-06-30' },
  ],
};

describe('jvcea-2018-draft/cover', () => {
  it('counts eligible safe assets after haircuts and contracts in force, each once', () => {
    // Counted: deposit 5,000,000 + td 3,000,000 + jgb 4,000,000 × (1 − 0.025) = 3,900,000
    //   + td-matures-today 1,000,000 (maturing on as_of still counts)
    //   + ends-today 2,000,000 (a contract ending on as_of is in force all that day)
    //   + bg 4,000,000 (its pledged deposit is not counted again)
    //   = 18,900,000 against 20,000,000: short 1,100,000.
    const result = runRegime(
      snapshot({ ...SOURCES, extensions: { coverage: { 'jvcea-2018-draft': { safe_assets: { haircuts: { jgb: '0.025' } } } } } }),
      'jvcea-2018-draft',
    );
    expect(figures(findCheck(result, 'jvcea-2018-draft/cover'))).toEqual({ status: 'fail', required: '20000000', held: '18900000', shortfall: '1100000' });
    expect(result.assignments.map((a) => `${a.source_id}=${a.counted.coef}`)).toEqual([
      'deposit=5000000',
      'td=3000000',
      'jgb=3900000',
      'td-matures-today=1000000',
      'ends-today=2000000',
      'bg=4000000',
    ]);
    const reasons = Object.fromEntries(result.excluded.map((e) => [e.source_id, e.reason.code]));
    expect(reasons).toEqual({
      'muni-unsegregated': 'coverage.source.not_segregated',
      'td-matured': 'coverage.source.matured',
      'trust-units': 'coverage.source.kind_not_eligible',
      pledged: 'coverage.source.counted_via_contract',
      'ended-yesterday': 'coverage.source.expired',
      'ended-last-second': 'coverage.source.expired',
      'starts-later': 'coverage.source.not_started',
      'other-peril': 'coverage.source.covers_not_eligible',
    });
    // Σ applied = min(required, held) = min(20,000,000, 18,900,000).
    expect(result.assignments.reduce((s, a) => s + a.applied.coef, 0n)).toBe(18_900_000n);
  });

  it('warns about a contract ending on as_of (0 days left) and not about one ending in 31 days', () => {
    const result = runRegime(
      snapshot({
        contracts: [
          { id: 'today', kind: 'preservation', amount: '1', start: '2026-01-01', end: '2026-11-25' },
          { id: 'in-30', kind: 'preservation', amount: '1', start: '2026-01-01', end: '2026-12-25' },
          { id: 'in-31', kind: 'preservation', amount: '1', start: '2026-01-01', end: '2026-12-26' },
        ],
      }),
      'jvcea-2018-draft',
    );
    const warnings = result.checks.filter((c) => c.id === 'jvcea-2018-draft/contract-expiry');
    expect(warnings.map((w) => [w.message.params.contract, w.message.params.days, w.status])).toEqual([
      ['today', 0, 'warn'],
      ['in-30', 30, 'warn'],
    ]);
  });

  it('takes the warning period from coverage.expiry_warning_days', () => {
    const result = runRegime(
      snapshot({
        extensions: { coverage: { expiry_warning_days: 60 } },
        contracts: [{ id: 'in-31', kind: 'preservation', amount: '1', start: '2026-01-01', end: '2026-12-26' }],
      }),
      'jvcea-2018-draft',
    );
    expect(result.checks.filter((c) => c.id === 'jvcea-2018-draft/contract-expiry')).toHaveLength(1);
  });

  it('uses a configured share of online value, rounded up', () => {
    // 0.3333 × 20,000,000 = 6,666,000 exactly; with 1 satoshi more online:
    // 0.3333 × 20,000,000.1 = 6,666,000.03333 → 6,666,001 (ceil).
    const result = runRegime(
      snapshot({
        wallets: [{ id: 'hot', asset: 'BTC', tier: 'hot', amount: '2.00000001' }],
        safe_assets: [{ id: 'deposit', kind: 'bank_deposit', market_value: '6666000' }],
        extensions: { coverage: { 'jvcea-2018-draft': { risk: { share: '0.3333' } } } },
      }),
      'jvcea-2018-draft',
    );
    expect(figures(findCheck(result, 'jvcea-2018-draft/cover'))).toEqual({ status: 'fail', required: '6666001', held: '6666000', shortfall: '1' });
    expect(result.notes[0]?.code).toBe('coverage.risk.share_of_value');
  });

  it('asks an injected risk provider for the online tiers, and refuses var without one', () => {
    const asked: string[] = [];
    const var_provider: RiskAmountProvider = (_facts, scope, spec) => {
      asked.push(`${scope.regime}:${scope.tiers.join('+')}:${spec.method}`);
      return { amount_minor: 7_000_000n, note: { code: 'risk.var', params: {} } };
    };
    const params = { extensions: { coverage: { 'jvcea-2018-draft': { risk: { method: 'var', confidence: '0.995' } } } } };
    const result = runRegime(snapshot({ ...params, safe_assets: [{ id: 'd', kind: 'bank_deposit', market_value: '7000000' }] }), 'jvcea-2018-draft', { risk: var_provider });
    expect(asked).toEqual(['jvcea-2018-draft:hot+warm:var']);
    expect(figures(findCheck(result, 'jvcea-2018-draft/cover'))).toEqual({ status: 'pass', required: '7000000', held: '7000000', shortfall: '0' });
    expect(() => runRegime(snapshot(params), 'jvcea-2018-draft')).toThrow(UserError);
  });

  it('reports each asset online as information', () => {
    const result = runRegime(snapshot(), 'jvcea-2018-draft');
    const info = findCheck(result, 'jvcea-2018-draft/online-value', 'BTC');
    expect(figures(info)).toEqual({ status: 'info', required: null, held: '2', shortfall: null });
    expect(info.message.params.value).toBe('20,000,000 JPY');
  });
});
