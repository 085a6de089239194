// Small members for worked examples (tests, docs): figures easy to compute by hand. BTC is at
// 10,000,000 yen; every wallet's own breach rate is 0 and severity is a full drain, so only the
// shared causes move money, and prices do not move (horizon 0).

import { fixtureSnapshot, type FixtureInput } from '../snapshot/fixture.ts';
import type { MemberInput } from './dependencies.ts';

const PRICES: NonNullable<FixtureInput['prices']> = [['2026-11-24T00:00:00+09:00', 'BTC', '10000000']];
const FULL = { annual_rate: 0, severity: { dist: 'fixed' as const, fraction: 1 } };

export function exampleMember(id: string, input: { wallets: NonNullable<FixtureInput['wallets']>; contracts?: FixtureInput['contracts']; accounts?: number; rates?: Record<string, number>; compensation_policy?: unknown }): MemberInput {
  const balances: Array<[string, string, string]> = Array.from({ length: input.accounts ?? 1 }, (_, i) => [`${id}-c${i}`, 'BTC', '0.1']);
  const snapshot = fixtureSnapshot({
    id: `snap-${id}`,
    assets: { BTC: 8 },
    prices: PRICES,
    wallets: input.wallets.map((w) => ({ ...w, risk: w.risk ?? FULL })),
    contracts: input.contracts ?? [],
    balances,
    extensions: { risk: { prices: { horizon_days: 0 }, common_cause: { member_hit_probability: 1, rates: input.rates ?? {} } } },
    ...(input.compensation_policy === undefined ? {} : { documents: { compensation_policy: input.compensation_policy } }),
  });
  return { member_id: id, member_name: `Exchange ${id.toUpperCase()}`, snapshot };
}

const YEAR = { start: '2026-04-01', end: '2027-04-01' };

/**
 * Three members share one vendor, written three ways; D has a vendor of its own.
 *   A: hot 1 BTC and cold 2 BTC at "Acme Custody"; cover 20,000,000 (contract with Mizuho Trust).
 *   B: warm 0.5 BTC at "ACME custody", hot 0.5 BTC with no vendor; no cover.
 *   C: hot 3 BTC at "ａｃｍｅ　Ｃｕｓｔｏｄｙ" (full width); cover 40,000,000 ("MIZUHO trust").
 *   D: hot 1 BTC at "Zeta Keys"; no cover.
 */
export function threeShareOneVendor(rate = 0.2): MemberInput[] {
  return [
    exampleMember('a', {
      wallets: [
        { id: 'a-hot', asset: 'BTC', tier: 'hot', amount: '1', controls: { vendor: 'Acme Custody' } },
        { id: 'a-cold', asset: 'BTC', tier: 'cold', amount: '2', controls: { vendor: 'Acme Custody' } },
      ],
      contracts: [{ id: 'a-trust', kind: 'preservation', counterparty: 'Mizuho Trust', amount: '20000000', ...YEAR }],
      accounts: 3,
      rates: { 'vendor:Acme Custody': rate },
    }),
    exampleMember('b', {
      wallets: [
        { id: 'b-warm', asset: 'BTC', tier: 'warm', amount: '0.5', controls: { vendor: 'ACME custody' } },
        { id: 'b-hot', asset: 'BTC', tier: 'hot', amount: '0.5' },
      ],
      accounts: 2,
      rates: { 'vendor:ACME custody': rate },
    }),
    exampleMember('c', {
      wallets: [{ id: 'c-hot', asset: 'BTC', tier: 'hot', amount: '3', controls: { vendor: 'ａｃｍｅ　Ｃｕｓｔｏｄｙ' } }],
      contracts: [{ id: 'c-trust', kind: 'preservation', counterparty: 'MIZUHO trust', amount: '40000000', ...YEAR }],
      accounts: 4,
      rates: { 'vendor:ａｃｍｅ　Ｃｕｓｔｏｄｙ': rate },
    }),
    exampleMember('d', {
      wallets: [{ id: 'd-hot', asset: 'BTC', tier: 'hot', amount: '1', controls: { vendor: 'Zeta Keys' } }],
      accounts: 5,
      rates: { 'vendor:Zeta Keys': 0 },
    }),
  ];
}
