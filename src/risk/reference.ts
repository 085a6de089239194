// The obvious way to simulate the model, for tests only: every source (each wallet's own breaches,
// each shared-cause group) draws its own Poisson count every year by Knuth's multiplication method,
// and prices are bootstrapped afresh per occurrence without caching. Slow, but each step can be
// read against docs/risk-model.md. The fast path (simulate.ts) must agree with it in distribution.

import type { CompiledModel } from './model.ts';
import { STREAM_REFERENCE, Xoshiro128, blockRandom } from './prng.ts';
import { Variates } from './sampling.ts';

function knuthPoisson(rng: Xoshiro128, mean: number): number {
  const limit = Math.exp(-mean);
  let k = 0;
  let product = rng.next();
  while (product > limit) {
    k++;
    product *= rng.next();
  }
  return k;
}

/** Annual aggregate gross losses, one per year. */
export function simulateReference(model: CompiledModel, seed: number, years: number): Float64Array {
  const rng = blockRandom(seed, 0, STREAM_REFERENCE);
  const variates = new Variates(rng);
  const wallets = model.wallet_ids.length;
  const { prices } = model;
  const totals = new Float64Array(years);

  const priceFactors = (): Float64Array => {
    const factors = new Float64Array(prices.assets.length).fill(1);
    if (prices.mode === 'bootstrap') {
      const log_moves = new Float64Array(prices.assets.length);
      for (let d = 0; d < prices.horizon_days; d++) {
        const day = Math.floor(rng.next() * prices.history_days);
        for (let j = 0; j < prices.assets.length; j++) log_moves[j] = log_moves[j]! + prices.returns[day * prices.assets.length + j]!;
      }
      for (let j = 0; j < factors.length; j++) factors[j] = Math.exp(log_moves[j]!);
    } else if (prices.mode === 'fallback') {
      const z = variates.normal();
      for (let j = 0; j < factors.length; j++) {
        const sigma = prices.fallback_sigma[j]!;
        factors[j] = Math.exp(sigma * z - (sigma * sigma) / 2);
      }
    }
    return factors;
  };

  const hitLoss = (w: number, bypass_probability: number, factors: Float64Array): number => {
    const full = rng.next() < model.wallet_full_probability[w]!;
    const fraction = full ? 1 : model.wallet_severity_fixed[w] === 1 ? model.wallet_severity_a[w]! : variates.beta(model.wallet_severity_a[w]!, model.wallet_severity_b[w]!);
    const limit_holds = !full && rng.next() >= bypass_probability;
    const lost = limit_holds ? Math.min(fraction * model.wallet_value[w]!, model.wallet_cap[w]!) : fraction * model.wallet_value[w]!;
    const column = model.wallet_column[w]!;
    return lost * (column < 0 ? 1 : factors[column]!);
  };

  for (let y = 0; y < years; y++) {
    let total = 0;
    for (let w = 0; w < wallets; w++) {
      const events = knuthPoisson(rng, model.source_rate[w]!);
      for (let e = 0; e < events; e++) total += hitLoss(w, model.limit_bypass_probability, priceFactors());
    }
    model.groups.forEach((group, g) => {
      const events = knuthPoisson(rng, model.source_rate[wallets + g]!);
      for (let e = 0; e < events; e++) {
        const factors = priceFactors();
        for (const w of group.members) if (rng.next() < model.member_hit_probability) total += hitLoss(w, model.limit_bypass_probability_common, factors);
      }
    });
    totals[y] = total;
  }
  return totals;
}
