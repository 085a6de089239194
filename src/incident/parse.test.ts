import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { InputError, type InputIssue } from '../errors.ts';
import { fixtureSnapshot } from '../snapshot/fixture.ts';
import { translator } from '../i18n/catalogs.ts';
import { formatIssue } from '../text/errors.ts';
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

  describe('affected.accounts with stated losses', () => {
    const ato = (accounts: unknown[], overrides: Json = {}): Json => base({ peril: 'account_takeover', affected: { mode: 'accounts', accounts }, ...overrides });

    it('reads an entry with its loss beside plain account ids; without any stated loss nothing changes', () => {
      const incident = parseIncident(JSON.stringify(ato([{ account_id: 'a1', loss: { BTC: '0.0015', ETH: '0.5' } }, 'a2', { account_id: 'a3' }])), 'incident.json', snapshot);
      expect(incident.affected).toEqual({
        mode: 'accounts',
        accounts: ['a1', 'a2', 'a3'],
        losses: [
          [
            { asset: 'BTC', amount_minor: 150_000n },
            { asset: 'ETH', amount_minor: 500_000_000_000_000_000n },
          ],
          null,
          null,
        ],
      });
      const plain = parseIncident(JSON.stringify(ato([{ account_id: 'a1' }, 'a2'])), 'incident.json', snapshot);
      expect(plain.affected).toEqual({ mode: 'accounts', accounts: ['a1', 'a2'] });
    });

    it('locates every wrong stated loss at its asset, and nothing is returned', () => {
      const issues = issuesOf(
        ato([
          { account_id: 'a1', loss: { BTC: '-0.1' } },
          { account_id: 'a2', loss: { BTC: '0.000000001' } },
          { account_id: 'a3', loss: { DOGE: '1' } },
          { account_id: 'a4', loss: { JPY: '100' } },
          { account_id: 'a5', loss: { BTC: '0' } },
          { account_id: 'a6', loss: {} },
          { account_id: 'a7', loss: { BTC: 0.1 } },
          { account_id: 'a8', loss: { BTC: '0.1' }, lost: '1' },
          { loss: { BTC: '0.1' } },
          { account_id: 'a1', loss: { BTC: '0.1' } },
        ]),
      );
      expect(located(issues)).toEqual([
        ['affected.accounts[0].loss.BTC', 'money.sign_not_allowed'],
        ['affected.accounts[1].loss.BTC', 'value.amount_decimals'],
        ['affected.accounts[2].loss.DOGE', 'snapshot.unknown_asset'],
        ['affected.accounts[3].loss.JPY', 'incident.stated_loss_not_lost'],
        ['affected.accounts[4].loss.BTC', 'incident.loss_zero'],
        ['affected.accounts[5].loss', 'incident.stated_loss_empty'],
        ['affected.accounts[6].loss.BTC', 'json.type'],
        ['affected.accounts[7].lost', 'json.unknown_field'],
        ['affected.accounts[8].account_id', 'json.required'],
        ['affected.accounts[9]', 'incident.duplicate'],
      ]);
      // JSON values have lines: the editor can jump to the figure.
      expect(issues[0]!.line).toBeGreaterThan(1);
    });

    it('refuses stated losses of an asset adding up to more than its net loss, at the entry that crosses it', () => {
      // 2.5 BTC lost, 0.5 recovered: 2 BTC net; 1.5 + 0.4 fits, the third entry brings it to 2.1.
      const issues = issuesOf(
        ato([{ account_id: 'a1', loss: { BTC: '1.5' } }, { account_id: 'a2', loss: { BTC: '0.4' } }, { account_id: 'a3', loss: { BTC: '0.2' } }, { account_id: 'a4', loss: { BTC: '0.1' } }], {
          recovered: [{ asset: 'BTC', amount: '0.5' }],
        }),
      );
      expect(issues.map((i) => [i.path, i.code, i.params])).toEqual([['affected.accounts[2].loss.BTC', 'incident.stated_losses_exceed_loss', { asset: 'BTC', stated: '2.1', net: '2' }]]);
      const [en, ja] = (['en', 'ja'] as const).map((lang) => formatIssue(translator(lang), issues[0]!));
      expect(en).toContain('affected.accounts[2].loss.BTC');
      expect(en).toContain('the stated losses of BTC add up to 2.1 BTC, more than the incident lost net of recoveries (2 BTC)');
      expect(ja).toContain('記載された BTC の口座別損失の合計 2.1 BTC が、回収後の損失額 2 BTC を超えています');
    });
  });
});
