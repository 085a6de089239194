// Random compensation policies for the property tests (fast-check): every scheme, method, price,
// rounding and funding order a policy can name. Test support, like testing.ts.

import fc from 'fast-check';
import { formatAmount, type RoundingMode } from '../money/index.ts';

export const price = fc.tuple(fc.integer({ min: 1, max: 20_000_000 }), fc.integer({ min: 0, max: 3 })).map(([coef, scale]) => formatAmount(BigInt(coef), scale));
const mode = fc.constantFrom<RoundingMode>('floor', 'ceil', 'half-up', 'half-even');
const method = fc.oneof(
  fc.constant({ method: 'in_kind' }),
  price.map((p) => ({ method: 'fiat', price: { rule: 'fixed', price: p } })),
  fc.tuple(fc.integer({ min: 0, max: 1000 }), price).map(([share, p]) => ({ method: 'mixed', in_kind_share: formatAmount(BigInt(share), 3), price: { rule: 'fixed', price: p } })),
);
const order = fc.shuffledSubarray(['insurance', 'guarantee', 'safe_assets', 'contracts', 'net_assets', 'group_support'], { minLength: 0 });

export function perAssetPolicy(): fc.Arbitrary<Record<string, unknown>> {
  return fc.record({
    scheme: fc.constant('per_asset'),
    assets: fc.record({ BTC: method, ETH: method, XEM: method }),
    rounding: fc.record({ JPY: fc.record({ mode, unit: fc.constantFrom('1', '10', '1000') }) }),
    funding_order: order,
    on_shortfall: fc.constantFrom('record_claim', 'socialize'),
  });
}

export const anyPolicy = fc.oneof(
  perAssetPolicy(),
  fc.record({ scheme: fc.constant('haircut'), rounding: fc.record({ JPY: fc.record({ mode, unit: fc.constantFrom('1', '10') }) }), funding_order: order }),
  fc.record({
    scheme: fc.constant('rehabilitation'),
    default: fc.record({ price: price.map((p) => ({ rule: 'fixed', price: p })) }),
    rehabilitation: fc.record({ base_cap: fc.bigInt({ min: 0n, max: 10n ** 7n }).map(String) }),
    rounding: fc.record({ JPY: fc.record({ mode, unit: fc.constantFrom('1', '10') }) }),
    funding_order: order,
    on_shortfall: fc.constantFrom('record_claim', 'socialize'),
  }),
);
