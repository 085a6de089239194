// exchange.json of the demo exchange. Written last by generateDemo: a directory without it is
// not a snapshot, so an interrupted run can never pass for a complete one.

import { DEMO_ASSETS, DEMO_BASE_CURRENCY } from './assets.ts';

export const DEMO_EXCHANGE_ID = 'hozen-demo';
export const DEMO_REGIMES = ['jp-psa-2020', 'jvcea-2018-draft', 'jp-2026-liability-reserve'];
/** A mid-sized Japanese exchange's net assets, in yen. */
export const DEMO_NET_ASSETS_JPY = '12000000000';
/** Booked against Japan's planned liability reserve (jp-2026-liability-reserve). */
export const DEMO_LIABILITY_RESERVE_JPY = '2500000000';

export interface ManifestInput {
  as_of: string;
  seed: number;
  accounts: number;
}

export function demoManifest(input: ManifestInput): Record<string, unknown> {
  return {
    format: 'hozen-snapshot/1',
    exchange: { id: DEMO_EXCHANGE_ID, name: 'Hozen Demo Exchange (保全デモ取引所)', jurisdictions: ['JP'] },
    as_of: input.as_of,
    base_currency: DEMO_BASE_CURRENCY,
    assets: DEMO_ASSETS.map((a) => ({ symbol: a.symbol, decimals: a.decimals, kind: a.kind })),
    net_assets: DEMO_NET_ASSETS_JPY,
    group_support: '0',
    regimes: DEMO_REGIMES,
    // The repayment-fund rule sized by the risk engine (TVaR 99%) rather than the whole online value,
    // and the planned liability reserve with a reserve booked, as a mid-sized exchange might.
    coverage: { 'jvcea-2018-draft': { risk: { method: 'tvar', confidence: '0.99' } } },
    liability_reserve: { reserve_booked: DEMO_LIABILITY_RESERVE_JPY },
    // Provenance: how to make these exact files again.
    generator: { name: 'hozen demo', seed: input.seed, accounts: input.accounts },
  };
}
