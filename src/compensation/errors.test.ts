// Bad input gets a located, translatable error: the incident against the snapshot, price rules
// that find no data, affected accounts that hold nothing.

import { describe, expect, it } from 'vitest';
import { InputError, UserError, type InputIssue } from '../errors.ts';
import { translator } from '../i18n/catalogs.ts';
import { fixtureSnapshot, type FixtureInput } from '../snapshot/fixture.ts';
import { compensate } from './engine.ts';
import { assessIncident } from './losses.ts';
import { incidentOf, policyOf, type IncidentInput } from './testing.ts';

const FIXTURE: FixtureInput = {
  assets: { BTC: 8, XEM: 6 },
  wallets: [
    { id: 'btc-hot', asset: 'BTC', tier: 'hot', amount: '1' },
    { id: 'xem-hot', asset: 'XEM', tier: 'hot', amount: '100' },
  ],
  balances: [['A', 'BTC', '1'], ['A', 'XEM', '100']],
  prices: [['2026-11-24T09:00:00+09:00', 'XEM', '10', '5', 'zaif']],
};

async function failure(incident: IncidentInput, policy: Record<string, unknown> = { scheme: 'per_asset' }): Promise<UserError> {
  const snapshot = fixtureSnapshot(FIXTURE);
  try {
    await compensate({ snapshot, incident: incidentOf(snapshot, incident), incident_file: 'incident.json', policy: policyOf(snapshot, policy) }, { row: () => {}, flush: () => {} });
  } catch (error) {
    if (error instanceof UserError) return error;
    throw error;
  }
  throw new Error('expected a UserError');
}

const located = (error: UserError): Array<Pick<InputIssue, 'file' | 'path' | 'code'>> =>
  error instanceof InputError ? error.issues.map(({ file, path, code }) => ({ file, path, code })) : [];

describe('incident against the snapshot', () => {
  it('names the unknown wallet, the wrong asset and the loss larger than the wallet held', () => {
    const snapshot = fixtureSnapshot(FIXTURE);
    const incident = incidentOf(snapshot, {
      losses: [
        ['nope', 'BTC', '1'],
        ['btc-hot', 'XEM', '1'],
        ['btc-hot', 'BTC', '0.6'],
        ['btc-hot', 'BTC', '0.6'],
      ],
      recovered: [['XEM', '5']],
    });
    let error: unknown;
    try {
      assessIncident(snapshot, incident, 'incident.json');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    const issues = (error as InputError).issues;
    expect(issues.map((i) => [i.path, i.code])).toEqual([
      ['losses[0].wallet_id', 'compensation.unknown_wallet'],
      ['losses[1].asset', 'compensation.loss_asset_mismatch'],
      ['losses[3].amount', 'compensation.loss_exceeds_wallet'],
      ['recovered[0].amount', 'compensation.recovery_exceeds_loss'],
    ]);
    const en = translator('en');
    expect(en.t(issues[2]!.code, issues[2]!.params)).toBe("losses from wallet 'btc-hot' add up to 1.2 BTC, more than the 1 BTC it held");
    expect(translator('ja').t(issues[0]!.code, issues[0]!.params)).toBe("ウォレット 'nope' が wallets.json にありません");
  });

  it('finds a listed account that holds none of the lost assets', async () => {
    const error = await failure({ losses: [['btc-hot', 'BTC', '0.1']], affected: { mode: 'accounts', accounts: ['A', 'ZZ'] } });
    expect(located(error)).toEqual([{ file: 'incident.json', path: 'affected.accounts[1]', code: 'compensation.affected_account_no_balance' }]);
  });
});

describe('price rules that find no data', () => {
  it('a VWAP window with no trades is an error at the rule', async () => {
    const error = await failure(
      { losses: [['xem-hot', 'XEM', '1']] },
      { scheme: 'per_asset', assets: { XEM: { method: 'fiat', price: { rule: 'vwap', venue: 'zaif', from: '2026-11-24T10:00:00+09:00', to: '2026-11-24T11:00:00+09:00' } } } },
    );
    expect(located(error)).toEqual([{ file: 'compensation-policy.json', path: 'assets.XEM.price', code: 'compensation.vwap_no_trades' }]);
    const issue = (error as InputError).issues[0]!;
    expect(translator('en').t(issue.code, issue.params)).toBe('no trades of XEM (rows with a volume) at venue zaif between 24 Nov 2026 10:00 and 24 Nov 2026 11:00: the VWAP is undefined');
  });

  it('a mid needs every venue; market_at_loss needs a price before the loss', async () => {
    const mid = await failure({ losses: [['xem-hot', 'XEM', '1']] }, { scheme: 'per_asset', default: { method: 'fiat', price: { rule: 'mid', venues: ['zaif', 'other'], at: '2026-11-24T10:00:00+09:00' } } });
    expect(located(mid)[0]!.code).toBe('compensation.mid_no_price');
    const market = await failure({ losses: [['btc-hot', 'BTC', '1']] }, { scheme: 'per_asset', default: { method: 'fiat', price: { rule: 'market_at_loss' } } });
    expect(located(market)).toEqual([{ file: 'compensation-policy.json', path: 'default.price', code: 'compensation.no_market_price' }]);
  });

  it('coins owed in kind need a price at detection', async () => {
    const error = await failure({ losses: [['btc-hot', 'BTC', '1']] });
    expect(error.code).toBe('compensation.no_detection_price');
    expect(error.params).toMatchObject({ asset: 'BTC' });
  });
});
