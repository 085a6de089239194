import { describe, expect, it } from 'vitest';
import { InputError, type InputIssue } from '../errors.ts';
import { fixtureSnapshot } from '../snapshot/fixture.ts';
import { canonicalJson } from '../encoding/json.ts';
import { parseCompensationPolicy, parseCompensationPolicyText } from './policy.ts';

const snapshot = fixtureSnapshot({ assets: { BTC: 8, XEM: 6, MONA: 8 } });

function issuesOf(run: () => unknown): InputIssue[] {
  try {
    run();
  } catch (error) {
    if (error instanceof InputError) return error.issues;
    throw error;
  }
  throw new Error('expected an InputError');
}

describe('parseCompensationPolicy', () => {
  it('reads the documented example, filling the defaults', () => {
    const policy = parseCompensationPolicy(
      {
        format: 'hozen-compensation-policy/1',
        scheme: 'per_asset',
        default: { method: 'in_kind' },
        assets: {
          XEM: { method: 'fiat', price: { rule: 'vwap', venue: 'zaif', from: '2018-01-26T12:09:00+09:00', to: '2018-01-27T23:00:00+09:00' } },
          MONA: { method: 'mixed', in_kind_share: '0.603', price: { rule: 'mid', venues: ['a', 'b'], at: '2018-10-09T09:00:00+09:00', decimals: 3 } },
        },
        rounding: { JPY: { mode: 'floor', unit: '1' } },
      },
      snapshot,
    );
    expect(policy.scheme).toBe('per_asset');
    expect(policy.default_terms.method).toEqual({ method: 'in_kind' });
    expect(policy.asset_terms.get('XEM')!.method).toMatchObject({ method: 'fiat', price: { rule: 'vwap', venue: 'zaif', decimals: 8, mode: 'half-even' } });
    expect(policy.asset_terms.get('MONA')!.method).toMatchObject({ method: 'mixed', in_kind_share: { coef: 603n, scale: 3 }, price: { rule: 'mid', decimals: 3 } });
    expect(policy.funding_order).toEqual(['insurance', 'guarantee', 'safe_assets', 'contracts', 'net_assets', 'group_support', 'additional']);
    expect(policy.on_shortfall).toBe('record_claim');
    expect(policy.rounding).toEqual({ mode: 'floor', unit_minor: 1n });
  });

  it('hashes equal policies equally, whatever the key order', () => {
    const a = parseCompensationPolicy({ format: 'hozen-compensation-policy/1', scheme: 'haircut', on_shortfall: 'socialize' }, snapshot);
    const b = parseCompensationPolicy({ on_shortfall: 'socialize', scheme: 'haircut', format: 'hozen-compensation-policy/1' }, snapshot);
    const c = parseCompensationPolicy({ on_shortfall: 'record_claim', scheme: 'haircut', format: 'hozen-compensation-policy/1' }, snapshot);
    expect(a.sha256).toBe(b.sha256);
    expect(a.sha256).not.toBe(c.sha256);
    expect(canonicalJson({ b: [1, { d: 2, c: null }], a: 'x' })).toBe('{"a":"x","b":[1,{"c":null,"d":2}]}');
  });

  it('locates every problem by file, line, path and field', () => {
    const text = `{
  "format": "hozen-compensation-policy/1",
  "scheme": "per_asset",
  "assets": {
    "MONA": { "method": "mixed", "in_kind_share": "1.2", "price": { "rule": "fixed", "price": "150" } },
    "DOGE": { "method": "in_kind" },
    "XEM": { "method": "fiat" }
  },
  "rounding": { "JPY": { "mode": "down", "unit": "0" }, "BTC": { "mode": "floor" } },
  "funding_order": ["insurance", "net_assets", "insurance", "bank"],
  "on_shortfall": "pray"
}`;
    const issues = issuesOf(() => parseCompensationPolicyText(text, snapshot, 'policy.json'));
    const brief = issues.map((i) => [i.line, i.path, i.code]);
    expect(brief).toEqual([
      [5, 'assets.MONA.in_kind_share', 'compensation.share_range'],
      [6, 'assets.DOGE', 'snapshot.unknown_asset'],
      [7, 'assets.XEM.price', 'json.required'],
      [9, 'rounding.BTC', 'compensation.rounding_currency'],
      [9, 'rounding.JPY.mode', 'value.enum'],
      [9, 'rounding.JPY.unit', 'compensation.rounding_unit_zero'],
      [10, 'funding_order[2]', 'compensation.funding_duplicate'],
      [10, 'funding_order[3]', 'value.enum'],
      [11, 'on_shortfall', 'value.enum'],
    ]);
    expect(issues.every((i) => i.file === 'policy.json')).toBe(true);
  });

  it('refuses terms that do not apply, rather than ignore them', () => {
    const codes = (json: Record<string, unknown>) => issuesOf(() => parseCompensationPolicy({ format: 'hozen-compensation-policy/1', ...json }, snapshot)).map((i) => `${i.path} ${i.code}`);
    expect(codes({ scheme: 'haircut', default: { method: 'in_kind' } })).toEqual(['default.method compensation.policy_method_not_applicable']);
    expect(codes({ scheme: 'rehabilitation' })).toEqual(['rehabilitation json.required']);
    expect(codes({ scheme: 'per_asset', rehabilitation: { base_cap: '1' } })).toEqual(['rehabilitation compensation.policy_term_not_applicable']);
    expect(codes({ scheme: 'per_asset', default: { method: 'in_kind', price: { rule: 'market_at_loss' } } })).toEqual(['default.price compensation.policy_term_not_for_method']);
    expect(codes({ scheme: 'per_asset', default: { method: 'fiat', price: { rule: 'fixed', price: '0' } } })).toEqual(['default.price.price compensation.price_zero']);
    expect(codes({ scheme: 'per_asset', default: { method: 'fiat', price: { rule: 'vwap', from: '2018-01-27T00:00:00+09:00', to: '2018-01-26T00:00:00+09:00' } } })).toEqual(['default.price.to snapshot.period_reversed']);
    expect(codes({ scheme: 'per_asset', default: { method: 'fiat', price: { rule: 'mid', venues: [], at: '2018-01-27T00:00:00+09:00' } } })).toEqual(['default.price.venues compensation.mid_venues']);
    expect(codes({ scheme: 'per_asset', typo: 1 })).toEqual(['typo json.unknown_field']);
    expect(codes({ format: 'hozen-compensation-policy/2', scheme: 'per_asset' })).toEqual(['format snapshot.format_version']);
  });

  it('accepts a share of exactly 0 or 1 and a rounding unit of ¥1,000', () => {
    const policy = parseCompensationPolicy(
      { format: 'hozen-compensation-policy/1', scheme: 'per_asset', default: { method: 'mixed', in_kind_share: '1', price: { rule: 'market_at_loss' } }, assets: { BTC: { method: 'mixed', in_kind_share: '0', price: { rule: 'market_at_loss' } } }, rounding: { JPY: { mode: 'half-even', unit: '1000' } } },
      snapshot,
    );
    expect(policy.rounding).toEqual({ mode: 'half-even', unit_minor: 1000n });
  });
});
