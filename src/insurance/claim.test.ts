import { describe, expect, it } from 'vitest';
import { InputError, UserError } from '../errors.ts';
import { translator } from '../i18n/catalogs.ts';
import { parseIncident } from '../incident/parse.ts';
import { fixtureSnapshot, type FixtureInput } from '../snapshot/fixture.ts';
import { computeClaim } from './claim.ts';
import { recoverableForTotalLoss } from './credit.ts';
import { claimReportJson, claimRunJson, renderClaimText } from './report.ts';
import type { Incident } from '../incident/types.ts';
import type { Snapshot } from '../snapshot/types.ts';
import type { Translator } from '../i18n/i18n.ts';

const claimReport = async (snapshot: Snapshot, incident: Incident, tr: Translator) => claimReportJson(claimRunJson(await computeClaim(snapshot, incident), incident.occurred_at), tr);
import { policyJson } from './testing.ts';

// The demo programme in miniature: an account-takeover-only cover (Coincheck's) and a crime policy
// for hot and warm wallets, ceded 30% quota share, then ¥300m xs ¥200m.
const POLICIES = {
  format: 'hozen-policies/1',
  policies: [
    policyJson(
      { id: 'ato', insurer: 'Sakura Fire', perils: ['account_takeover'] },
      { per_customer: { annual_limit: '100000', tiers: [{ holding_over: '1000000', annual_limit: '5000000' }] } },
    ),
    policyJson({ id: 'crime', insurer: 'Fuji Marine' }, { deductible: '10000000', occurrence_limit: '1000000000', aggregate_limit: '2000000000' }),
  ],
  reinsurance: [
    { id: 'qs', reinsurer: 'Re Q', kind: 'quota_share', covers: ['crime'], share: '0.3', occurrence_limit: 'unlimited' },
    { id: 'xol', reinsurer: 'Re X', kind: 'excess_of_loss', covers: ['crime'], share: '1', attachment: '200000000', limit: '300000000', reinstatements: { count: 0 } },
  ],
};

const exchange = (documents: FixtureInput['documents'] = { policies: POLICIES }) =>
  fixtureSnapshot({
    assets: { BTC: 8 },
    wallets: [
      { id: 'hot-btc', asset: 'BTC', tier: 'hot', amount: '100' },
      { id: 'cold-btc', asset: 'BTC', tier: 'cold', amount: '900' },
    ],
    balances: [
      ['alice', 'BTC', '0.6'],
      ['alice', 'JPY', '500000'],
      ['bob', 'BTC', '0.04'],
      ['carol', 'BTC', '999.36'],
    ],
    prices: [['2026-01-01T00:00:00+09:00', 'BTC', '10000000']],
    documents,
  });

const incident = (json: Record<string, unknown>, snapshot = exchange()) =>
  parseIncident(JSON.stringify({ format: 'hozen-incident/1', id: 'INC-1', occurred_at: '2026-11-20T02:00:00+09:00', detected_at: '2026-11-20T09:00:00+09:00', ...json }), 'incident.json', snapshot);

const en = translator('en');

describe('claimReport', () => {
  it('a hot-wallet hack: the takeover cover pays ¥0 and says why; the crime policy pays, net of recoveries', async () => {
    // 50 BTC lost, 5 recovered → 45 BTC × ¥10m = ¥450m. Crime: 450 − 10 = ¥440m.
    // Quota share 30% = ¥132m; retained ¥308m; XoL takes 308 − 200 = ¥108m; insurer keeps ¥200m.
    const snapshot = exchange();
    const report = await claimReport(snapshot, incident({ peril: 'external_hack', losses: [{ wallet_id: 'hot-btc', asset: 'BTC', amount: '50' }], recovered: [{ asset: 'BTC', amount: '5' }] }, snapshot), en);
    expect(Object.keys(report)).toEqual(expect.arrayContaining(['incident', 'total_recovery', 'policies']));
    expect([report.incident, report.gross_loss, report.total_recovery]).toEqual(['INC-1', '450000000', '440000000']);
    const [ato, crime] = report.policies;
    expect(ato).toMatchObject({ id: 'ato', covered_loss: '0', deductible: '0', recovery: '0', reason: 'peril external hack not covered (the policy covers: account takeover)', reinsurance: [] });
    expect(crime).toMatchObject({ id: 'crime', covered_loss: '450000000', deductible: '10000000', recovery: '440000000', reason: null, insurer_net: '200000000', aggregate_remaining: '1560000000' });
    expect(crime!.reinsurance).toEqual([
      { id: 'qs', reinsurer: 'Re Q', share: '132000000' },
      { id: 'xol', reinsurer: 'Re X', share: '108000000' },
    ]);
    expect(crime!.allocation.wallets).toEqual([{ wallet_id: 'hot-btc', amount: '440000000' }]);
  });

  it('an account takeover: split over the listed accounts by balance, each capped by the holding tier', async () => {
    // 0.5 BTC (¥5m) taken from alice and bob, pro rata to 0.6 : 0.04 → ¥4,687,500 and ¥312,500.
    // alice holds 0.6 BTC + ¥500,000 = ¥6.5m > ¥1m → limit ¥5m → ¥4,687,500 in full.
    // bob holds 0.04 BTC = ¥400,000 ≤ ¥1m → limit ¥100,000. Recovery ¥4,787,500.
    const snapshot = exchange();
    const claim = await computeClaim(snapshot, incident({ peril: 'account_takeover', losses: [{ wallet_id: 'hot-btc', asset: 'BTC', amount: '0.5' }], affected: { mode: 'accounts', accounts: ['alice', 'bob'] } }, snapshot));
    expect(claim.event.customers).toEqual([
      { account_id: 'alice', holding_minor: 6_500_000n },
      { account_id: 'bob', holding_minor: 400_000n },
    ]);
    const ato = claim.result.policies.find((p) => p.policy_id === 'ato')!;
    expect(ato.recovery_minor).toBe(4_787_500n);
    expect(ato.allocation.by_customer).toEqual([
      { account_id: 'alice', amount_minor: 4_687_500n },
      { account_id: 'bob', amount_minor: 100_000n },
    ]);
    expect(claim.result.policies.find((p) => p.policy_id === 'crime')!.reason?.code).toBe('insurance.reason.peril_not_covered');
  });

  it('stated losses: each account is charged exactly its stated loss, over the wallets in order; the rest by balance', async () => {
    // 0.3 BTC from the hot wallet and 0.2 from the cold one. bob states he lost 0.04 BTC (all he
    // held); alice states nothing and bears the rest, 0.5 − 0.04 = 0.46 BTC. By balance bob would
    // have borne 0.5 × 0.04 / 0.64 = 0.03125. Laid over the wallets in order: alice takes the hot
    // wallet's 0.3 and 0.16 of the cold one's, bob its other 0.04.
    const snapshot = exchange();
    const claim = await computeClaim(
      snapshot,
      incident(
        {
          peril: 'account_takeover',
          losses: [
            { wallet_id: 'hot-btc', asset: 'BTC', amount: '0.3' },
            { wallet_id: 'cold-btc', asset: 'BTC', amount: '0.2' },
          ],
          affected: { mode: 'accounts', accounts: ['alice', { account_id: 'bob', loss: { BTC: '0.04' } }] },
        },
        snapshot,
      ),
    );
    expect(claim.event.items.map((i) => [i.wallet_id, i.by_customer])).toEqual([
      ['hot-btc', [{ account_id: 'alice', amount_minor: 30_000_000n }]],
      [
        'cold-btc',
        [
          { account_id: 'alice', amount_minor: 16_000_000n },
          { account_id: 'bob', amount_minor: 4_000_000n },
        ],
      ],
    ]);
    // The takeover cover: bob's ¥400,000 capped at his ¥100,000 limit, alice's ¥4,600,000 in full.
    expect(claim.result.policies.find((p) => p.policy_id === 'ato')!.allocation.by_customer).toEqual([
      { account_id: 'alice', amount_minor: 4_600_000n },
      { account_id: 'bob', amount_minor: 100_000n },
    ]);
  });

  it('stated losses the balances cannot bear are refused, located in the named incident file', async () => {
    const snapshot = exchange();
    const error = await computeClaim(
      snapshot,
      incident({ peril: 'account_takeover', losses: [{ wallet_id: 'hot-btc', asset: 'BTC', amount: '0.5' }], affected: { mode: 'accounts', accounts: [{ account_id: 'alice', loss: { BTC: '0.3' } }, { account_id: 'bob', loss: { BTC: '0.05' } }] } }, snapshot),
      'ato.json',
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).issues.map((i) => [i.file, i.path, i.code])).toEqual([
      ['ato.json', 'affected.accounts[1].loss.BTC', 'incident.stated_loss_exceeds_balance'],
      ['ato.json', 'affected.accounts', 'incident.stated_losses_unborne'],
    ]);
  });

  it('an incident naming accounts that hold none of the lost asset is a user error', async () => {
    const snapshot = exchange();
    await expect(computeClaim(snapshot, incident({ peril: 'account_takeover', losses: [{ wallet_id: 'hot-btc', asset: 'BTC', amount: '0.5' }], affected: { mode: 'accounts', accounts: ['nobody'] } }, snapshot))).rejects.toThrow(UserError);
  });

  it('without policies.json nothing is recovered, and the report says so', async () => {
    const snapshot = exchange({});
    const report = await claimReport(snapshot, incident({ peril: 'external_hack', losses: [{ wallet_id: 'hot-btc', asset: 'BTC', amount: '1' }] }, snapshot), en);
    expect([report.total_recovery, report.policies, report.notes]).toEqual(['0', [], ['the snapshot has no policies.json: no insurance recovery']]);
  });

  it('an invalid policies.json in the snapshot is reported, located', async () => {
    const snapshot = exchange({ policies: { format: 'hozen-policies/1', policies: [policyJson({}, { occurrence_limit: '0' })] } });
    const error = await computeClaim(snapshot, incident({ peril: 'external_hack', losses: [{ wallet_id: 'hot-btc', asset: 'BTC', amount: '1' }] }, snapshot)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).issues[0]).toMatchObject({ file: 'policies.json', path: 'policies[0].terms.occurrence_limit', code: 'insurance.limit_zero' });
  });

  it('renders the claim in English and Japanese', async () => {
    const snapshot = exchange();
    const claim = await computeClaim(snapshot, incident({ peril: 'external_hack', losses: [{ wallet_id: 'hot-btc', asset: 'BTC', amount: '50' }] }, snapshot));
    const text_en = renderClaimText(claimRunJson(claim, '2026-11-20T02:00:00+09:00'), en);
    expect(text_en).toContain('Total recovery from insurance: 490,000,000 JPY');
    expect(text_en).toContain('why: peril external hack not covered (the policy covers: account takeover)');
    expect(text_en).toContain('reinsurance qs (Re Q): 147,000,000 JPY');
    const text_ja = renderClaimText(claimRunJson(claim, '2026-11-20T02:00:00+09:00'), translator('ja'));
    expect(text_ja).toContain('保険による回収額の合計：490,000,000円');
    expect(text_ja).toContain('理由：危険「外部からの不正アクセス」は補償対象外です（補償対象：アカウント乗っ取り）');
  });
});

describe('recoverableForTotalLoss (insurance credit for coverage)', () => {
  it('counts what the policies would pay if every hot wallet were lost at as_of', () => {
    // 100 BTC hot = ¥1,000m; crime: min(1000 − 10, 1000) = ¥990m. The takeover cover pays nothing.
    const credit = recoverableForTotalLoss(exchange(), { peril: 'external_hack', tiers: ['hot'] });
    expect([credit.loss_minor, credit.recovery_minor]).toEqual([1_000_000_000n, 990_000_000n]);
    expect(credit.policies.map((p) => [p.policy_id, p.recovery_minor])).toEqual([
      ['ato', 0n],
      ['crime', 990_000_000n],
    ]);
    expect(recoverableForTotalLoss(exchange(), { peril: 'external_hack', tiers: ['cold'] }).recovery_minor).toBe(0n);
    expect(recoverableForTotalLoss(exchange({}), { peril: 'external_hack', tiers: ['hot'] }).reason?.code).toBe('insurance.no_policies');
  });
});
