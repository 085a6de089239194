import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { translator } from '../i18n/catalogs.ts';
import { fixtureSnapshot } from '../snapshot/fixture.ts';
import { checkCoverage } from './check.ts';
import { reportJson } from './json.ts';
import { coverageMessages } from './messages.ts';
import { REGIME_IDS } from './registry.ts';
import { groupDigits } from '../i18n/numbers.ts';
import { ratioPlaces, renderReport } from './render.ts';
import { percent } from './checks.ts';
import { PRICE_TIME } from './testing.ts';

// Every kind of check, note, source and exclusion at least once.
const snapshot = fixtureSnapshot({
  assets: { BTC: 8, ETH: 18, EUR: 2 },
  net_assets: '50000000',
  extensions: { mica: { class: 2, fixed_overheads_last_year: '1000000' } },
  prices: [
    [PRICE_TIME, 'BTC', '10000000'],
    [PRICE_TIME, 'ETH', '500000'],
    [PRICE_TIME, 'EUR', '160'],
  ],
  wallets: [
    { id: 'btc-hot', asset: 'BTC', tier: 'hot', amount: '5' },
    { id: 'btc-cold', asset: 'BTC', tier: 'cold', amount: '95' },
    { id: 'btc-guarantee', asset: 'BTC', tier: 'cold', purpose: 'guarantee', amount: '5' },
    { id: 'eth-guarantee-hot', asset: 'ETH', tier: 'hot', purpose: 'guarantee', amount: '1' },
    { id: 'eth-warm', asset: 'ETH', tier: 'warm', amount: '10' },
    { id: 'eth-cold', asset: 'ETH', tier: 'cold', amount: '90' },
  ],
  balances: [
    ['a', 'BTC', '100'],
    ['a', 'ETH', '101'],
  ],
  safe_assets: [
    { id: 'deposit', kind: 'bank_deposit', market_value: '30000000' },
    { id: 'jgb', kind: 'jgb', market_value: '20000000', maturity: '2030-01-01' },
    { id: 'old-td', kind: 'time_deposit', market_value: '1', maturity: '2020-01-01' },
    { id: 'long-td', kind: 'time_deposit', market_value: '1', maturity: '2030-01-01' },
    { id: 'loose', kind: 'bank_deposit', market_value: '1', segregated: false },
    { id: 'pledged', kind: 'time_deposit', market_value: '1', contract_id: 'bg' },
    { id: 'empty', kind: 'bank_deposit', market_value: '0' },
  ],
  contracts: [
    { id: 'preservation', kind: 'preservation', amount: '10000000', start: '2026-01-01', end: '2026-12-01' },
    { id: 'bg', kind: 'bank_guarantee', amount: '1', start: '2026-01-01', end: '2026-12-01' },
    { id: 'old', kind: 'preservation', amount: '1', start: '2025-01-01', end: '2025-12-01' },
    { id: 'future', kind: 'preservation', amount: '1', start: '2027-01-01', end: '2027-12-01' },
    { id: 'wrong-peril', kind: 'preservation', amount: '1', start: '2026-01-01', end: '2027-12-01', covers: ['operational_error'] },
  ],
});
const report = checkCoverage(snapshot, { regimes: REGIME_IDS });

describe('reportJson', () => {
  it('keeps the documented keys, with exact decimal strings', () => {
    const json = reportJson(report, translator('en'));
    expect(Object.keys(json)).toEqual(['snapshot', 'exchange', 'as_of', 'base_currency', 'compliant', 'drained', 'regimes']);
    const regime = json.regimes[0]!;
    expect(Object.keys(regime)).toEqual(['id', 'compliant', 'checks', 'assignments', 'excluded', 'notes', 'params']);
    const check = regime.checks[0]!;
    expect(Object.keys(check)).toEqual(['id', 'status', 'asset', 'required', 'required_rounding', 'held', 'shortfall', 'unit', 'bound', 'reference', 'message', 'message_code']);
    // 5 BTC + 10 ETH online = 55,000,000 of 1,050,000,000 → 0.052380952380952.. shown rounded up.
    expect(check).toMatchObject({ id: 'jp-psa-2020/hot-share', status: 'fail', asset: null, required: '0.05', held: '0.052380952381', shortfall: '0.002380952381', unit: 'ratio', bound: 'max' });
    const mica = json.regimes.find((r) => r.id === 'mica')!;
    expect(mica.checks[0]).toMatchObject({ required: '40000000', held: '50000000', shortfall: '0', unit: 'JPY' });
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
  });
});

describe('renderReport', () => {
  for (const lang of ['en', 'ja'] as const) {
    it(`renders every message in ${lang}, with no code or placeholder left`, () => {
      const t = translator(lang);
      const json = reportJson(report, t);
      const rendered = [
        renderReport(report, t),
        ...json.regimes.flatMap((r) => [...r.checks.flatMap((c) => [c.message, c.reference]), ...r.excluded.map((e) => e.reason), ...r.notes.map((n) => n.text)]),
      ].join('\n');
      // The translator falls back to the bare code when a template is missing.
      expect(rendered).not.toMatch(/coverage\.[a-z]/);
      expect(rendered).not.toMatch(/\{[a-z_]+\}/);
    });
  }

  it('shows requirement, held and shortfall or surplus per check', () => {
    const text = renderReport(report, translator('en'));
    expect(text).toContain('[FAIL]   jp-psa-2020/hot-share  at most 5% · held 5.24% · over by 0.24%');
    expect(text).toContain('[PASS]   mica/own-funds  required 40,000,000 JPY (rounded up: a requirement) · held 50,000,000 JPY · surplus 10,000,000 JPY');
    expect(text).toContain('contract preservation counts 10,000,000 JPY toward jvcea-2018-draft/cover');
    expect(text).toContain('Overall: NOT compliant');
  });

  it('puts the verdict first, then the failures, then every regime', () => {
    const lines = renderReport(report, translator('en')).split('\n');
    const overall = lines.indexOf('Overall: NOT compliant');
    const attention = lines.findIndex((l) => l.startsWith('To act on ('));
    const first_regime = lines.findIndex((l) => l.startsWith('Regime '));
    expect(overall).toBeGreaterThan(0);
    expect(overall).toBeLessThan(attention);
    expect(attention).toBeLessThan(first_regime);
    expect(lines[attention + 1]).toMatch(/^ {2}\[FAIL\] {3}jp-psa-2020\/hot-share/);
  });

  it('shows percentages with two places, more only where two would hide a difference', () => {
    const text = renderReport(report, translator('en'));
    expect(text).toContain('held 5.24%');
    expect(text).not.toMatch(/\d\.\d{3,}%/);
    expect(percent({ coef: 49999n, scale: 6 })).toBe('5%');
    expect(percent({ coef: 35060692941n, scale: 12 })).toBe('3.51%');
    // 4.9999% held under a 5% limit: two places would read 5.00%, so it gets four.
    expect(ratioPlaces({ unit: 'ratio', required: { coef: 5n, scale: 2 }, held: { coef: 49999n, scale: 6 } })).toBe(4);
    expect(ratioPlaces({ unit: 'ratio', required: { coef: 5n, scale: 2 }, held: { coef: 35n, scale: 3 } })).toBe(2);
  });

  it('groups digits of the integer part only', () => {
    expect(groupDigits('1234567.891234')).toBe('1,234,567.891234');
    expect(groupDigits('-1000')).toBe('-1,000');
    expect(groupDigits('999')).toBe('999');
  });
});

describe('coverage messages', () => {
  const placeholders = (text: string) => [...text.matchAll(/\{(\w+)(?::[^{}|]*\|[^{}]*)?\}/g)].map((m) => m[1]).sort();

  it('has every message in both languages with the same placeholders', () => {
    for (const [code, template] of Object.entries(coverageMessages)) {
      expect(template.en.trim(), code).not.toBe('');
      expect(template.ja.trim(), code).not.toBe('');
      expect(placeholders(template.ja), code).toEqual(placeholders(template.en));
    }
  });

  it('defines every code the sources name', () => {
    const dir = import.meta.dirname;
    const files = [...readdirSync(dir), ...readdirSync(join(dir, 'regimes')).map((f) => join('regimes', f))].filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
    const literal = /'(coverage\.[a-z0-9_.\-/]+[a-z0-9_])'/g;
    for (const file of files) {
      if (file === 'messages.ts') continue;
      for (const match of readFileSync(join(dir, file), 'utf8').matchAll(literal)) expect(coverageMessages, `${file}: ${match[1]}`).toHaveProperty([match[1]!]);
    }
  });

  it('cites a rule for every check of every regime, and words both outcomes of every judged check', () => {
    for (const regime of report.regimes) {
      for (const check of regime.checks) {
        expect(coverageMessages, check.reference).toHaveProperty([check.reference]);
        if (check.bound === null) continue;
        const stem = check.message.code.replace(/\.(pass|fail)$/, '');
        for (const outcome of ['pass', 'fail']) expect(coverageMessages).toHaveProperty([`${stem}.${outcome}`]);
      }
    }
  });
});
