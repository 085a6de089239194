// Bahrain (CBB Rulebook Volume 6, crypto-asset module): at least 90% of client crypto-assets in
// cold storage, for each asset separately (by quantity, so no price enters).

import { formatDecimal } from '../../money/decimal.ts';
import { shareCheck } from '../checks.ts';
import { activeCryptoAssets, ALL_TIERS, sumTiers, unitsOf } from '../facts.ts';
import { regimeModule, type Regime } from '../regime.ts';
import { COLD_SHARE_MIN, quantity, readNoParams } from './cold-share.ts';
import { referenceCode, statusCodes } from './common.ts';

export const BH_CBB = 'bh-cbb';
const COLD_SHARE = `${BH_CBB}/cold-share`;

const regime: Regime<Record<string, never>> = {
  id: BH_CBB,
  readParams: (facts) => readNoParams(facts, BH_CBB),
  paramsJson: () => ({ cold_share_min: formatDecimal(COLD_SHARE_MIN) }),
  evaluate(facts) {
    const checks = activeCryptoAssets(facts).map((asset) => {
      const cold_minor = asset.held.customer.cold;
      const total_minor = sumTiers(asset.held.customer, ALL_TIERS);
      return shareCheck({
        id: COLD_SHARE,
        asset: asset.asset,
        part: unitsOf(cold_minor, asset.decimals),
        whole: unitsOf(total_minor, asset.decimals),
        limit: COLD_SHARE_MIN,
        bound: 'min',
        reference: referenceCode(COLD_SHARE),
        codes: statusCodes(COLD_SHARE),
        params: {
          asset: asset.asset,
          part: quantity(cold_minor, asset.decimals, asset.asset),
          whole: quantity(total_minor, asset.decimals, asset.asset),
        },
      });
    });
    return { checks, assignments: [], excluded: [], notes: [] };
  },
};

export const bhCbb = regimeModule(regime);
