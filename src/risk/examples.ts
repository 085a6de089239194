// Small snapshots with hand-checkable answers, shared by the risk tests: one BTC wallet worth a
// round number of yen, prices frozen (no replenishment horizon) unless a test asks otherwise.

import { fixtureSnapshot, type FixtureInput } from '../snapshot/fixture.ts';
import type { Snapshot } from '../snapshot/types.ts';
import type { RiskSection } from './config.ts';

export const BTC_PRICE_JPY = '10000000';

type WalletInput = NonNullable<FixtureInput['wallets']>[number];

export interface ExampleInput {
  wallets: WalletInput[];
  risk?: RiskSection;
  contracts?: FixtureInput['contracts'];
  prices?: FixtureInput['prices'];
}

/** Frozen prices and no shared causes unless the example says otherwise. */
export const STATIC_PRICES: RiskSection = { prices: { horizon_days: 0 } };

export function exampleSnapshot(input: ExampleInput): Snapshot {
  const risk: RiskSection = { ...STATIC_PRICES, common_cause: { keys: [] }, ...input.risk };
  return fixtureSnapshot({
    assets: { BTC: 8, ETH: 18 },
    wallets: input.wallets,
    prices: input.prices ?? [
      ['2026-11-24T00:00:00+09:00', 'BTC', BTC_PRICE_JPY],
      ['2026-11-24T00:00:00+09:00', 'ETH', '500000'],
    ],
    extensions: { risk },
    ...(input.contracts === undefined ? {} : { contracts: input.contracts }),
  });
}

/** One BTC wallet (1 BTC = 10,000,000 JPY) with a given rate and severity. */
export function oneWallet(amount_btc: string, risk: WalletInput['risk'], extra: Partial<WalletInput> = {}): WalletInput {
  return { id: 'w1', asset: 'BTC', tier: 'hot', amount: amount_btc, ...(risk === undefined ? {} : { risk }), ...extra };
}
