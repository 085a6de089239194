// Validation against analytic results: the model's pieces one at a time, each with a number that
// can be computed by hand.

import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../snapshot/types.ts';
import { riskModelConfig } from './config.ts';
import { exampleSnapshot, oneWallet } from './examples.ts';
import { INSURANCE_NONE } from './insurance-spec.ts';
import { compileModel, type CompiledModel } from './model.ts';
import type { NetOfInsurance } from './net.ts';
import { runBlocks } from './pool.ts';
import { simulateReference } from './reference.ts';
import type { BlockResult } from './simulate.ts';
import { meanEstimate, sortedAscending, tailValueAtRisk, valueAtRisk } from './stats.ts';
import { syntheticSnapshot } from './synthetic.ts';

function modelOf(snapshot: Snapshot): CompiledModel {
  return compileModel(snapshot, riskModelConfig(snapshot.manifest.extensions));
}

function joined(blocks: BlockResult[], pick: (b: BlockResult) => Float64Array): Float64Array {
  const out = new Float64Array(blocks.reduce((s, b) => s + b.years, 0));
  let offset = 0;
  for (const b of blocks) {
    out.set(pick(b), offset);
    offset += b.years;
  }
  return out;
}

async function simulate(snapshot: Snapshot, years: number, seed = 1, insurance?: NetOfInsurance) {
  const blocks = await runBlocks(modelOf(snapshot), INSURANCE_NONE, { years, seed, workers: 0, ...(insurance === undefined ? {} : { insurance_override: insurance }) });
  return {
    blocks,
    gross: joined(blocks, (b) => b.aggregate_gross),
    net: joined(blocks, (b) => b.aggregate_net),
    occurrence_gross: joined(blocks, (b) => b.occurrence_max_gross),
  };
}

function poissonPmf(mean: number, k: number): number {
  let p = Math.exp(-mean);
  for (let j = 1; j <= k; j++) p *= mean / j;
  return p;
}

/** VaR and TVaR of N × loss for N ~ Poisson(mean), from the pmf (the definitions of stats.ts on the exact distribution). */
function compoundPoissonFixed(mean: number, loss: number, p: number): { var: number; tvar: number } {
  let cdf = 0;
  let k = 0;
  for (; ; k++) {
    cdf += poissonPmf(mean, k);
    if (cdf >= p) break;
  }
  let tail = (cdf - p) * k;
  for (let j = k + 1; j < k + 60; j++) tail += poissonPmf(mean, j) * j;
  return { var: k * loss, tvar: (tail / (1 - p)) * loss };
}

describe('compound Poisson with fixed severity', () => {
  // One wallet of 1 BTC = 10,000,000 JPY, one breach a year on average, half drained each time:
  // the annual loss is N × 5,000,000 with N ~ Poisson(1). CDF of Poisson(1): F(3) = 0.98101,
  // F(4) = 0.99634, F(5) = 0.99941, so VaR 99% = VaR 99.5% = 4 × 5,000,000 = 20,000,000 and
  // VaR 99.9% = 5 × 5,000,000 = 25,000,000.
  const snapshot = exampleSnapshot({ wallets: [oneWallet('1', { annual_rate: 1, severity: { dist: 'fixed', fraction: 0.5 } })] });

  it('has the exact quantiles and TVaR within sampling error', async () => {
    const { gross } = await simulate(snapshot, 200_000);
    const sorted = sortedAscending(gross);
    for (const x of gross) expect(x % 5_000_000).toBe(0);
    expect(valueAtRisk(sorted, 0.99)).toBe(20_000_000);
    expect(valueAtRisk(sorted, 0.995)).toBe(20_000_000);
    expect(valueAtRisk(sorted, 0.999)).toBe(25_000_000);
    for (const p of [0.99, 0.995, 0.999]) {
      const exact = compoundPoissonFixed(1, 5_000_000, p);
      expect(valueAtRisk(sorted, p)).toBe(exact.var);
      expect(Math.abs(tailValueAtRisk(sorted, p) / exact.tvar - 1)).toBeLessThan(0.03);
    }
  });

  it('converges to the expected loss λ·f·V = 5,000,000 at the rate σ/√N', async () => {
    // σ of the annual loss = √λ × 5,000,000 = 5,000,000.
    const { gross: all } = await simulate(snapshot, 100_000, 42);
    for (const n of [1_000, 10_000, 100_000]) {
      const { mean } = meanEstimate(all.subarray(0, n));
      expect(Math.abs(mean - 5_000_000)).toBeLessThan((4 * 5_000_000) / Math.sqrt(n));
    }
    // Blocks are seeded on their own: a shorter run is a prefix of a longer one.
    const { gross: short } = await simulate(snapshot, 15_000, 42);
    expect(short).toEqual(all.subarray(0, 15_000));
  });
});

describe('severity', () => {
  it('matches the Beta mean of a single wallet', async () => {
    // λ = 0.5, Beta(2, 5) with mean 2/7, V = 10,000,000: EL = 0.5 × 10,000,000 × 2/7 = 1,428,571.43.
    // Var(annual) = λ·V²·E[F²] = 0.5 × 10^14 × (10/392 + 4/49) = 5.357 × 10^12, σ = 2,314,550;
    // with 200,000 years the standard error is 5,175.
    const snapshot = exampleSnapshot({ wallets: [oneWallet('1', { annual_rate: 0.5, severity: { dist: 'beta', alpha: 2, beta: 5 } })] });
    const { gross } = await simulate(snapshot, 200_000);
    const { mean, stderr } = meanEstimate(gross);
    expect(stderr).toBeGreaterThan(4_500);
    expect(stderr).toBeLessThan(6_000);
    expect(Math.abs(mean - 10_000_000 / 7)).toBeLessThan(4 * 5_175);
  });

  it('caps a loss at the withdrawal limit unless the limit is bypassed', async () => {
    // 1 BTC drained in full, limit 0.1 BTC a day, contained in a day: each loss is 1,000,000 JPY;
    // with the limit bypassed half the time, the mean loss per event is (1,000,000 + 10,000,000) / 2.
    const wallet = oneWallet('1', { annual_rate: 1, severity: { dist: 'fixed', fraction: 1 } }, { controls: { withdrawal_limit_per_day_minor: 10_000_000n } });
    const held = await simulate(exampleSnapshot({ wallets: [wallet], risk: { severity: { limit_bypass_probability: 0 } } }), 20_000);
    const occurrence_losses = new Set(held.blocks.flatMap((b) => [...b.hit_gross]));
    expect([...occurrence_losses]).toEqual([1_000_000]);
    const bypassed = await simulate(exampleSnapshot({ wallets: [wallet], risk: { severity: { limit_bypass_probability: 1 } } }), 20_000);
    expect(new Set(bypassed.blocks.flatMap((b) => [...b.hit_gross]))).toEqual(new Set([10_000_000]));
    const half = await simulate(exampleSnapshot({ wallets: [wallet], risk: { severity: { limit_bypass_probability: 0.5 } } }), 200_000);
    const hits = half.blocks.flatMap((b) => [...b.hit_gross]);
    const per_event = hits.reduce((s, x) => s + x, 0) / hits.length;
    // Per-event sd 4,500,000 over ~200,000 events: standard error ≈ 10,000.
    expect(Math.abs(per_event - 5_500_000)).toBeLessThan(50_000);
  });

  it('drains a wallet in full, limit or not, in a full compromise', async () => {
    const wallet = oneWallet('1', { annual_rate: 1 }, { controls: { withdrawal_limit_per_day_minor: 1n } });
    const { blocks } = await simulate(exampleSnapshot({ wallets: [wallet], risk: { severity: { full_compromise_probability: 1, limit_bypass_probability: 0 } } }), 10_000);
    expect(new Set(blocks.flatMap((b) => [...b.hit_gross]))).toEqual(new Set([10_000_000]));
  });
});

describe('shared causes', () => {
  it('hit every member at once, as one occurrence', async () => {
    // Own rates 0; vendor V is compromised once a year on average and takes both wallets in full:
    // 1 BTC (10,000,000) + 40 ETH (20,000,000) = 30,000,000 per occurrence.
    const snapshot = exampleSnapshot({
      wallets: [
        { id: 'a', asset: 'BTC', tier: 'hot', amount: '1', controls: { vendor: 'V' }, risk: { annual_rate: 0, severity: { dist: 'fixed', fraction: 1 } } },
        { id: 'b', asset: 'ETH', tier: 'cold', amount: '40', controls: { vendor: 'V' }, risk: { annual_rate: 0, severity: { dist: 'fixed', fraction: 1 } } },
      ],
      risk: { common_cause: { keys: ['vendor'], annual_rate: 1, member_hit_probability: 1 } },
    });
    const { gross, occurrence_gross, blocks } = await simulate(snapshot, 50_000);
    for (let y = 0; y < gross.length; y++) {
      expect(gross[y]! % 30_000_000).toBe(0);
      expect(occurrence_gross[y]).toBe(gross[y]! > 0 ? 30_000_000 : 0);
    }
    // P(at least one compromise in a year) = 1 − e^−1 = 0.6321; standard error 0.0022.
    const share = gross.filter((x) => x > 0).length / gross.length;
    expect(Math.abs(share - (1 - Math.exp(-1)))).toBeLessThan(0.01);
    expect(blocks.every((b) => b.hit_cause.every((c) => c === 0))).toBe(true);
  });
});

describe('prices', () => {
  it('keep the expected loss in the lognormal fallback, whose multiplier has mean 1', async () => {
    // One price row only: fallback with σ = 0.8 × √(30/365) per event. E[loss] stays 5,000,000 a
    // year; per-event variance grows by e^σ² − 1 = 0.0540, so σ(annual) ≈ 5,000,000 × √1.054.
    const snapshot = exampleSnapshot({
      wallets: [oneWallet('1', { annual_rate: 1, severity: { dist: 'fixed', fraction: 0.5 } })],
      risk: { prices: { horizon_days: 30 } },
    });
    const model = modelOf(snapshot);
    expect(model.prices.mode).toBe('fallback');
    const { gross } = await simulate(snapshot, 200_000);
    const { mean } = meanEstimate(gross);
    expect(Math.abs(mean - 5_000_000)).toBeLessThan((4 * 5_000_000 * Math.sqrt(1.054)) / Math.sqrt(200_000));
    expect(gross.some((x) => x > 0 && x % 5_000_000 !== 0)).toBe(true);
  });
});

describe('insurance seam', () => {
  // Each event loses 5,000,000 (1 BTC, fixed fraction 0.5, λ = 1).
  const snapshot = exampleSnapshot({ wallets: [oneWallet('1', { annual_rate: 1, severity: { dist: 'fixed', fraction: 0.5 } })] });

  it('passes through a programme that removes a known share', async () => {
    const quota_share: NetOfInsurance = { recoveries: (batch) => batch.gross.map((g) => 0.4 * g) };
    const { gross, net } = await simulate(snapshot, 50_000, 1, quota_share);
    gross.forEach((g, y) => expect(net[y]).toBeCloseTo(0.6 * g, 6));
  });

  it('applies terms occurrence by occurrence and resets aggregates every year', async () => {
    // Deductible 1,000,000, occurrence limit 3,000,000, annual aggregate 4,000,000:
    // one event recovers 3,000,000 (net 2,000,000); four events recover 3 + 1 + 0 + 0 million
    // (net 16,000,000). Net VaR 99% (N = 4) = 16,000,000.
    const programme: NetOfInsurance = {
      recoveries(batch) {
        const out = new Float64Array(batch.gross.length);
        for (let y = 0; y < batch.years; y++) {
          let aggregate_left = 4_000_000;
          for (let o = batch.year_start[y]!; o < batch.year_start[y + 1]!; o++) {
            const recovery = Math.min(Math.max(batch.gross[o]! - 1_000_000, 0), 3_000_000, aggregate_left);
            aggregate_left -= recovery;
            out[o] = recovery;
          }
        }
        return out;
      },
    };
    const { gross, net } = await simulate(snapshot, 200_000, 1, programme);
    gross.forEach((g, y) => {
      const events = g / 5_000_000;
      expect(net[y]).toBe(g - Math.min(3_000_000 * events, 4_000_000));
    });
    expect(valueAtRisk(sortedAscending(net), 0.99)).toBe(16_000_000);
  });
});

describe('fast path against the reference simulation', () => {
  it('agree in distribution on a realistic exchange', async () => {
    const snapshot = syntheticSnapshot({ wallets: 20, price_days: 400 });
    const model = modelOf(snapshot);
    expect(model.prices.mode).toBe('bootstrap');
    const years = 100_000;
    const { gross: fast } = await simulate(snapshot, years, 11);
    const slow = simulateReference(model, 12, years);
    const a = meanEstimate(fast);
    const b = meanEstimate(slow);
    expect(Math.abs(a.mean - b.mean)).toBeLessThan(4 * Math.hypot(a.stderr, b.stderr));
    const share_fast = fast.filter((x) => x > 0).length / years;
    const share_slow = slow.filter((x) => x > 0).length / years;
    // Standard error of a share near 0.5 over 100,000 years: 0.0016 each.
    expect(Math.abs(share_fast - share_slow)).toBeLessThan(0.01);
    const var_fast = valueAtRisk(sortedAscending(fast), 0.99);
    const var_slow = valueAtRisk(sortedAscending(slow), 0.99);
    expect(Math.abs(var_fast / var_slow - 1)).toBeLessThan(0.1);
  });
});

describe('worker threads', () => {
  it('give identical results whatever the number of workers', async () => {
    const model = modelOf(syntheticSnapshot({ wallets: 30, price_days: 200 }));
    const years = 25_000; // three blocks, the last one partial
    const runs = await Promise.all([0, 1, 2].map((workers) => runBlocks(model, INSURANCE_NONE, { years, seed: 99, workers })));
    const [in_thread, one, two] = runs.map((blocks) => blocks.map((b) => ({ ...b })));
    expect(one).toEqual(in_thread);
    expect(two).toEqual(in_thread);
    expect(in_thread!.map((b) => b.years)).toEqual([10_000, 10_000, 5_000]);
  });
});
