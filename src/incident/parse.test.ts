import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { InputError, type InputIssue } from '../errors.ts';
import { fixtureSnapshot } from '../snapshot/fixture.ts';
import { parseIncident } from './parse.ts';

const snapshot = fixtureSnapshot({
  assets: { BTC: 8, ETH: 18 },
  wallets: [
    { id: 'hot-btc', asset: 'BTC', tier: 'hot', amount: '10' },
    { id: 'hot-eth', asset: 'ETH', tier: 'hot', amount: '100' },
  ],
});

type Json = Record<string, unknown>;
const base = (overrides: Json = {}): Json => ({
  format: 'hozen-incident/1',
  id: 'INC-1',
  occurred_at: '2026-11-20T02:00:00+09:00',
  detected_at: '2026-11-20T10:30:00+09:00',
  peril: 'external_hack',
  losses: [
    { wallet_id: 'hot-btc', asset: 'BTC', amount: '2.5' },
    { wallet_id: 'hot-eth', asset: 'ETH', amount: '1.000000000000000001' },
  ],
  ...overrides,
});

function issuesOf(json: Json | string): InputIssue[] {
  try {
    parseIncident(typeof json === 'string' ? json : JSON.stringify(json, null, 2), 'incident.json', snapshot);
  } catch (error) {
    if (error instanceof InputError) return error.issues;
    throw error;
  }
  throw new Error('expected an InputError');
}
const located = (issues: InputIssue[]) => issues.map((i) => [i.path, i.code]);

describe('parseIncident', () => {
  it('reads amounts exactly with each asset’s decimals, defaults and the content hash', () => {
    const text = JSON.stringify(base({ recovered: [{ asset: 'BTC', amount: '0.5' }], conditions: ['procedures_not_followed'] }));
    const incident = parseIncident(text, 'incident.json', snapshot);
    expect(incident.losses).toEqual([
      { wallet_id: 'hot-btc', asset: 'BTC', amount_minor: 250_000_000n },
      { wallet_id: 'hot-eth', asset: 'ETH', amount_minor: 1_000_000_000_000_000_001n },
    ]);
    expect(incident.recovered).toEqual([{ asset: 'BTC', amount_minor: 50_000_000n }]);
    expect(incident.affected).toEqual({ mode: 'holders_of_asset' });
    expect(incident.conditions).toEqual(['procedures_not_followed']);
    expect(incident.occurred_at_ms).toBe(Date.parse('2026-11-19T17:00:00Z'));
    expect(incident.content_sha256).toBe(createHash('sha256').update(text).digest('hex'));
    const ato = parseIncident(JSON.stringify(base({ peril: 'account_takeover', affected: { mode: 'accounts', accounts: ['a1', 'a2'] } })), 'incident.json', snapshot);
    expect(ato.affected).toEqual({ mode: 'accounts', accounts: ['a1', 'a2'] });
    expect(ato.conditions).toBeUndefined();
  });

  it('locates a JSON syntax error by line', () => {
    // A missing comma after line 2's value.
    const issues = issuesOf('{\n  "format": "hozen-incident/1"\n  "id": "INC-1"\n}');
    expect(issues).toEqual([{ file: 'incident.json', line: 3, code: 'file.json_syntax', params: { found: "'\"'" } }]);
  });

  it('checks losses against the snapshot: wallet, asset, decimals, what the wallet held', () => {
    expect(located(issuesOf(base({ losses: [{ wallet_id: 'nope', asset: 'BTC', amount: '1' }] })))).toEqual([['losses[0].wallet_id', 'incident.unknown_wallet']]);
    expect(located(issuesOf(base({ losses: [{ wallet_id: 'hot-btc', asset: 'ETH', amount: '1' }] })))).toEqual([['losses[0].asset', 'incident.asset_mismatch']]);
    expect(located(issuesOf(base({ losses: [{ wallet_id: 'hot-btc', asset: 'DOGE', amount: '1' }] })))).toEqual([['losses[0].asset', 'snapshot.unknown_asset']]);
    expect(located(issuesOf(base({ losses: [{ wallet_id: 'hot-btc', asset: 'BTC', amount: '0.000000001' }] })))).toEqual([['losses[0].amount', 'value.amount_decimals']]);
    const over = issuesOf(base({ losses: [{ wallet_id: 'hot-btc', asset: 'BTC', amount: '10.00000001' }] }));
    expect(located(over)).toEqual([['losses[0].amount', 'incident.loss_exceeds_wallet']]);
    expect(over[0]!.params).toEqual({ wallet: 'hot-btc', asset: 'BTC', lost: '10.00000001', held: '10' });
    expect(located(issuesOf(base({ losses: [{ wallet_id: 'hot-btc', asset: 'BTC', amount: '0' }] })))).toEqual([['losses[0].amount', 'incident.loss_zero']]);
    expect(located(issuesOf(base({ losses: [] })))).toEqual([['losses', 'incident.losses_empty']]);
    expect(located(issuesOf(base({ losses: [{ wallet_id: 'hot-btc', asset: 'BTC', amount: '1' }, { wallet_id: 'hot-btc', asset: 'BTC', amount: '1' }] })))).toEqual([
      ['losses[1].wallet_id', 'incident.duplicate_loss'],
    ]);
  });

  it('checks recoveries, times, peril, conditions and the affected accounts', () => {
    expect(located(issuesOf(base({ recovered: [{ asset: 'BTC', amount: '3' }] })))).toEqual([['recovered[0].amount', 'incident.recovered_exceeds_loss']]);
    expect(located(issuesOf(base({ losses: [{ wallet_id: 'hot-btc', asset: 'BTC', amount: '1' }], recovered: [{ asset: 'ETH', amount: '1' }] })))).toEqual([
      ['recovered[0].amount', 'incident.recovered_not_lost'],
    ]);
    expect(located(issuesOf(base({ detected_at: '2026-11-19T00:00:00+09:00' })))).toEqual([['detected_at', 'incident.detected_before_occurred']]);
    expect(located(issuesOf(base({ occurred_at: '2026-11-20 02:00' })))).toEqual([['occurred_at', 'value.timestamp']]);
    expect(located(issuesOf(base({ peril: 'hack' })))).toEqual([['peril', 'value.enum']]);
    expect(located(issuesOf(base({ conditions: ['bad_luck'] })))).toEqual([['conditions[0]', 'value.enum']]);
    expect(located(issuesOf(base({ affected: { mode: 'accounts' } })))).toEqual([['affected.accounts', 'json.required']]);
    expect(located(issuesOf(base({ affected: { mode: 'accounts', accounts: [] } })))).toEqual([['affected.accounts', 'incident.accounts_required']]);
    expect(located(issuesOf(base({ affected: { mode: 'all_accounts', accounts: ['a'] } })))).toEqual([['affected.accounts', 'incident.accounts_not_allowed']]);
    expect(located(issuesOf(base({ affected: { mode: 'accounts', accounts: ['a', 'a'] } })))).toEqual([['affected.accounts[1]', 'incident.duplicate']]);
    expect(located(issuesOf(base({ format: 'hozen-incident/2', severity: 'high' })))).toEqual([
      ['severity', 'json.unknown_field'],
      ['format', 'snapshot.format_version'],
    ]);
  });
});
