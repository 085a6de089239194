// Singapore (MAS, customer-asset custody of digital payment tokens): at least 90% of customers'
// crypto in cold wallets, by value over all assets at as_of.

import { formatDecimal } from '../../money/decimal.ts';
import { shareCheck } from '../checks.ts';
import { ALL_TIERS, customerValue } from '../facts.ts';
import { regimeModule, type Regime } from '../regime.ts';
import { COLD_SHARE_MIN, readNoParams } from './cold-share.ts';
import { displayHolding, referenceCode, statusCodes } from './common.ts';

export const SG_MAS = 'sg-mas';
const COLD_SHARE = `${SG_MAS}/cold-share`;

const regime: Regime<Record<string, never>> = {
  id: SG_MAS,
  readParams: (facts) => readNoParams(facts, SG_MAS),
  paramsJson: () => ({ cold_share_min: formatDecimal(COLD_SHARE_MIN) }),
  evaluate(facts) {
    const cold = customerValue(facts, ['cold']);
    const all = customerValue(facts, ALL_TIERS);
    const check = shareCheck({
      id: COLD_SHARE,
      asset: null,
      part: cold,
      whole: all,
      limit: COLD_SHARE_MIN,
      bound: 'min',
      reference: referenceCode(COLD_SHARE),
      codes: statusCodes(COLD_SHARE),
      params: { part: displayHolding(facts, ['cold']), whole: displayHolding(facts, ALL_TIERS) },
    });
    return { checks: [check], assignments: [], excluded: [], notes: [] };
  },
};

export const sgMas = regimeModule(regime);
