import { describe, expect, it } from 'vitest';
import { InputError, type InputIssue } from '../errors.ts';
import { parsePolicies, parsePoliciesText } from './parse.ts';
import { policyJson, TEST_SNAPSHOT, type Json } from './testing.ts';

function issuesOf(policies: Json[], reinsurance: Json[] = [], root: Json = {}): InputIssue[] {
  try {
    parsePolicies({ format: 'hozen-policies/1', policies, reinsurance, ...root }, TEST_SNAPSHOT);
  } catch (error) {
    if (error instanceof InputError) return error.issues;
    throw error;
  }
  throw new Error('expected an InputError');
}

/** [path, code] of each issue, for compact expectations. */
function located(issues: InputIssue[]): Array<[string | undefined, string]> {
  return issues.map((i) => [i.path, i.code]);
}

const xol = (overrides: Json = {}): Json => ({
  id: 'xol',
  reinsurer: 'Re A',
  kind: 'excess_of_loss',
  covers: ['p1'],
  share: '1',
  attachment: '100000000',
  limit: '200000000',
  reinstatements: { count: 1, premium_rate: '1' },
  premium: '5000000',
  ...overrides,
});

describe('parsePolicies', () => {
  it('reads a full policy with every term', () => {
    const programme = parsePolicies(
      {
        format: 'hozen-policies/1',
        policies: [
          policyJson(
            { perils: [{ peril: 'external_hack', tiers: ['hot'] }, 'insider_theft'], exclusions: ['procedures_not_followed', 'war_or_terrorism'], assets: ['BTC', 'ETH'], wallets: { tiers: ['hot', 'warm'] }, trigger: 'losses_discovered' },
            {
              deductible: '10000000',
              occurrence_limit: '1000000000',
              aggregate_limit: '2000000000',
              reinstatements: { count: 1, premium_rate: '1' },
              premium: '120000000',
              coinsurance: '0.1',
              sublimits: { perils: { insider_theft: { occurrence: '100000000', aggregate: '200000000' } }, assets: { ETH: { occurrence: 'unlimited', aggregate: '500000000' } } },
              per_customer: { annual_limit: '100000', tiers: [{ holding_over: '1000000', annual_limit: '5000000' }] },
            },
          ),
        ],
        reinsurance: [xol()],
      },
      TEST_SNAPSHOT,
    );
    const p = programme.policies[0]!;
    expect(p.period).toEqual({ start: '2026-04-01', end: '2027-03-31', start_ms: Date.parse('2026-04-01T00:00:00+09:00'), end_ms: Date.parse('2027-04-01T00:00:00+09:00') });
    expect([p.trigger, p.deductible_minor, p.occurrence_limit_minor, p.aggregate_limit_minor, p.premium_minor]).toEqual(['losses_discovered', 10_000_000n, 1_000_000_000n, 2_000_000_000n, 120_000_000n]);
    expect(p.perils).toEqual([{ peril: 'external_hack', tiers: ['hot'] }, { peril: 'insider_theft', tiers: null }]);
    expect([p.excluded_perils, p.excluded_conditions]).toEqual([[], ['procedures_not_followed', 'war_or_terrorism']]);
    expect(p.reinstatements).toEqual([{ premium_rate: { coef: 1n, scale: 0 } }]);
    expect(p.coinsurance).toEqual({ coef: 1n, scale: 1 });
    expect(p.peril_sublimits).toEqual([{ peril: 'insider_theft', occurrence_minor: 100_000_000n, aggregate_minor: 200_000_000n }]);
    expect(p.asset_sublimits).toEqual([{ asset: 'ETH', occurrence_minor: null, aggregate_minor: 500_000_000n }]);
    expect(p.per_customer).toEqual({ annual_limit_minor: 100_000n, tiers: [{ holding_over_minor: 1_000_000n, annual_limit_minor: 5_000_000n }] });
    expect(programme.reinsurance[0]).toMatchObject({ kind: 'excess_of_loss', attachment_minor: 100_000_000n, limit_minor: 200_000_000n, premium_minor: 5_000_000n });
  });

  it('"no limit" is explicit: a missing, zero or blank limit is an error naming the field', () => {
    const missing = policyJson();
    delete (missing['terms'] as Json)['aggregate_limit'];
    expect(located(issuesOf([missing]))).toEqual([['policies[0].terms.aggregate_limit', 'json.required']]);
    expect(located(issuesOf([policyJson({}, { occurrence_limit: '0' })]))).toEqual([['policies[0].terms.occurrence_limit', 'insurance.limit_zero']]);
    expect(located(issuesOf([policyJson({}, { occurrence_limit: 0 })]))).toEqual([['policies[0].terms.occurrence_limit', 'insurance.limit_blank']]);
    expect(located(issuesOf([policyJson({}, { aggregate_limit: '' })]))).toEqual([['policies[0].terms.aggregate_limit', 'insurance.limit_blank']]);
    expect(located(issuesOf([policyJson({}, { deductible: 'unlimited' })]))).toEqual([['policies[0].terms.deductible', 'insurance.unlimited_not_here']]);
  });

  it('an unsupported term is an error, never ignored', () => {
    expect(located(issuesOf([policyJson({}, { aggregate_deductible: '1000000' })]))).toEqual([['policies[0].terms.aggregate_deductible', 'json.unknown_field']]);
    expect(located(issuesOf([policyJson({ territory: 'JP' })]))).toEqual([['policies[0].territory', 'json.unknown_field']]);
    expect(located(issuesOf([policyJson({ perils: ['external_hack'] })]))).toEqual([['policies[0].perils[0]', 'insurance.external_hack_tiers']]);
    expect(located(issuesOf([policyJson({ perils: [{ peril: 'insider_theft', tiers: ['hot'] }] })]))).toEqual([['policies[0].perils[0].tiers', 'insurance.tiers_only_external_hack']]);
    expect(located(issuesOf([policyJson({ currency: 'USD' })]))).toEqual([['policies[0].currency', 'insurance.currency']]);
    expect(located(issuesOf([policyJson({ perils: ['earthquake'] })]))).toEqual([['policies[0].perils[0]', 'value.enum']]);
    expect(located(issuesOf([policyJson({}, { valuation: { basis: 'replacement_cost' } })]))).toEqual([['policies[0].terms.valuation.basis', 'value.enum']]);
    expect(located(issuesOf([], [], { format: 'hozen-policies/2' }))).toEqual([['format', 'insurance.format']]);
  });

  it('contradictory terms are errors', () => {
    expect(located(issuesOf([policyJson({ exclusions: ['external_hack'] })]))).toEqual([['policies[0].exclusions[0]', 'insurance.peril_covered_and_excluded']]);
    expect(located(issuesOf([policyJson({}, { reinstatements: { count: 1, premium_rate: '1' }, premium: '1' })]))).toEqual([['policies[0].terms.reinstatements', 'insurance.reinstatements_without_aggregate']]);
    expect(located(issuesOf([policyJson({}, { aggregate_limit: '100', reinstatements: { count: 1, premium_rate: '1' } })]))).toEqual([['policies[0].terms.premium', 'insurance.premium_required']]);
    expect(located(issuesOf([policyJson({}, { aggregate_limit: '100', reinstatements: { count: 2, premium_rate: ['1'] }, premium: '1' })]))).toEqual([
      ['policies[0].terms.reinstatements.premium_rate', 'insurance.rates_count'],
    ]);
    expect(located(issuesOf([policyJson({}, { coinsurance: '1' })]))).toEqual([['policies[0].terms.coinsurance', 'insurance.share_range']]);
    expect(located(issuesOf([policyJson({}, { coinsurance: '0.3333333' })]))).toEqual([['policies[0].terms.coinsurance', 'insurance.share_decimals']]);
    expect(located(issuesOf([policyJson({ period: { start: '2026-04-01', end: '2026-03-31' } })]))).toEqual([['policies[0].period.end', 'snapshot.period_reversed']]);
    expect(located(issuesOf([policyJson({ period: { start: '2026-04-01', end: '2027-04-01' } })]))).toEqual([['policies[0].period.end', 'insurance.period_too_long']]);
    expect(located(issuesOf([policyJson({}, { sublimits: { perils: { social_engineering: { occurrence: '1', aggregate: 'unlimited' } } } })]))).toEqual([
      ['policies[0].terms.sublimits.perils.social_engineering', 'insurance.sublimit_peril_not_covered'],
    ]);
    expect(located(issuesOf([policyJson({}, { sublimits: { assets: { BTC: { occurrence: 'unlimited', aggregate: 'unlimited' } } } })]))).toEqual([
      ['policies[0].terms.sublimits.assets.BTC', 'insurance.sublimit_unlimited'],
    ]);
    expect(located(issuesOf([policyJson({ assets: ['BTC'] }, { sublimits: { assets: { ETH: { occurrence: '1', aggregate: '1' } } } })]))).toEqual([
      ['policies[0].terms.sublimits.assets.ETH', 'insurance.sublimit_asset_not_covered'],
    ]);
    expect(located(issuesOf([policyJson({}, { per_customer: { annual_limit: '100', tiers: [{ holding_over: '10', annual_limit: '5' }, { holding_over: '10', annual_limit: '6' }] } })]))).toEqual([
      ['policies[0].terms.per_customer.tiers[1].holding_over', 'insurance.tiers_order'],
    ]);
    expect(located(issuesOf([policyJson({}, { valuation: { basis: 'stated', prices: { BTC: '9000000' } } })]))).toEqual([['policies[0].terms.valuation.prices.ETH', 'insurance.stated_price_missing']]);
  });

  it('names unknown wallets, assets and policies', () => {
    expect(located(issuesOf([policyJson({ wallets: { ids: ['hot-btc', 'nope'] } })]))).toEqual([['policies[0].wallets.ids[1]', 'insurance.unknown_wallet']]);
    expect(located(issuesOf([policyJson({ assets: ['DOGE'] })]))).toEqual([['policies[0].assets[0]', 'snapshot.unknown_asset']]);
    expect(located(issuesOf([policyJson()], [xol({ covers: ['p9'] })]))).toEqual([['reinsurance[0].covers[0]', 'insurance.unknown_policy']]);
  });

  it('reinsurance: one cedent per contract, explicit reinstatements, ids unique', () => {
    const a = policyJson({ id: 'a', wallets: { tiers: ['hot'] } });
    const b = policyJson({ id: 'b', insurer: 'Insurer B', wallets: { tiers: ['warm'] } });
    expect(located(issuesOf([a, b], [xol({ covers: ['a', 'b'] })]))).toEqual([['reinsurance[0].covers', 'insurance.reinsurance_mixed_insurers']]);
    const no_reinstatements = xol();
    delete no_reinstatements['reinstatements'];
    expect(located(issuesOf([policyJson()], [no_reinstatements]))).toEqual([['reinsurance[0].reinstatements', 'json.required']]);
    expect(located(issuesOf([policyJson()], [xol({ limit: 'unlimited' })]))).toEqual([['reinsurance[0].reinstatements', 'insurance.reinstatements_without_aggregate']]);
    expect(located(issuesOf([policyJson()], [xol({ share: '0' })]))).toEqual([['reinsurance[0].share', 'insurance.share_range']]);
    expect(located(issuesOf([policyJson()], [xol({ occurrence_limit: '1' })]))).toEqual([['reinsurance[0].occurrence_limit', 'json.unknown_field']]);
    expect(located(issuesOf([policyJson()], [xol({ id: 'p1' })]))).toEqual([['reinsurance[0].id', 'insurance.duplicate_id']]);
  });

  it('rejects two policies that would pay twice for one loss, but accepts a tower and disjoint scopes', () => {
    const issues = issuesOf([policyJson({ id: 'a' }), policyJson({ id: 'b', insurer: 'Insurer B', perils: [{ peril: 'external_hack', tiers: ['hot'] }] })]);
    expect(located(issues)).toEqual([['policies[1]', 'insurance.policies_overlap']]);
    expect(issues[0]!.params).toEqual({ a: 'a', b: 'b', peril: 'external_hack', wallet: 'hot-btc' });
    // Primary ¥50m xs ¥10m reaches ¥60m of loss; with 20% co-insurance it reaches 10 + 50/0.8 = ¥72.5m.
    const primary = policyJson({ id: 'primary' }, { deductible: '10000000', occurrence_limit: '50000000', coinsurance: '0.2' });
    expect(issuesOf([primary, policyJson({ id: 'excess' }, { deductible: '72000000' })]).map((i) => i.code)).toEqual(['insurance.policies_overlap']);
    expect(() => parsePolicies({ format: 'hozen-policies/1', policies: [primary, policyJson({ id: 'excess' }, { deductible: '72500000' })] }, TEST_SNAPSHOT)).not.toThrow();
    expect(() => parsePolicies({ format: 'hozen-policies/1', policies: [policyJson({ id: 'a', assets: ['BTC'] }), policyJson({ id: 'b', assets: ['ETH'] })] }, TEST_SNAPSHOT)).not.toThrow();
    // Policies in different years never overlap.
    expect(() =>
      parsePolicies({ format: 'hozen-policies/1', policies: [policyJson({ id: 'y1' }), policyJson({ id: 'y2', period: { start: '2027-04-01', end: '2028-03-31' } })] }, TEST_SNAPSHOT),
    ).not.toThrow();
  });

  it('collects every problem in one pass', () => {
    const issues = issuesOf([policyJson({ currency: 'USD' }, { occurrence_limit: '0', coinsurance: '2' })]);
    expect(issues.map((i) => i.code).sort()).toEqual(['insurance.currency', 'insurance.limit_zero', 'insurance.share_range']);
  });

  it('locates errors by line when given the text', () => {
    const text = JSON.stringify({ format: 'hozen-policies/1', policies: [policyJson({}, { occurrence_limit: '0' })] }, null, 2);
    try {
      parsePoliciesText(text, TEST_SNAPSHOT);
      throw new Error('expected an InputError');
    } catch (error) {
      const issue = (error as InputError).issues[0]!;
      expect(issue.file).toBe('policies.json');
      expect(text.split('\n')[issue.line! - 1]).toContain('"occurrence_limit": "0"');
    }
    expect(() => parsePoliciesText('{"format": ', TEST_SNAPSHOT)).toThrow(InputError);
  });
});
