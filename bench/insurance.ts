// Speed of the insurance fast path (what the risk engine calls): the demo programme
// (examples/policies.json) applied to 1M simulated event losses, target < 1 s; and the exact
// engine on a slice of the same events, for the ratio and a cross-check of the results.
//
//   npx tsx bench/insurance.ts [events=1000000]

import { readFileSync } from 'node:fs';
import { PERILS } from '../src/incident/types.ts';
import { applyProgramme } from '../src/insurance/engine.ts';
import { compileFastProgramme, PERIL_INDEX, type FastEvents } from '../src/insurance/fast.ts';
import { parsePolicies } from '../src/insurance/parse.ts';
import type { LossEvent } from '../src/insurance/types.ts';
import { valuationOf } from '../src/insurance/valuation.ts';
import { fixtureSnapshot } from '../src/snapshot/fixture.ts';
import { TIERS } from '../src/snapshot/types.ts';

const EVENTS = Number(process.argv[2] ?? 1_000_000);
const EVENTS_PER_YEAR = 5;
const EXACT_SLICE = 20_000;
const RUNS = 5;

// The demo's assets, one wallet per tier each, priced at 1 so that a simulated loss in yen is
// also its amount (what the exact engine values).
const ASSETS = ['BTC', 'ETH', 'XRP', 'XEM', 'MONA', 'BCH', 'USDC'];
const snapshot = fixtureSnapshot({
  assets: Object.fromEntries(ASSETS.map((a) => [a, 0])),
  wallets: ASSETS.flatMap((asset) => TIERS.map((tier) => ({ id: `${asset.toLowerCase()}-${tier}-1`, asset, tier, amount: '1000000000000000' }))),
  prices: ASSETS.map((asset) => ['2026-01-01T00:00:00+09:00', asset, '1'] as [string, string, string]),
});
const programme = parsePolicies(JSON.parse(readFileSync(new URL('../examples/policies.json', import.meta.url), 'utf8')), snapshot);

/** A seeded xorshift, so every run times the same events. */
let seed = 0x9e3779b9;
const random = (): number => {
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return (seed >>> 0) / 4294967296;
};

function simulate(count: number): FastEvents {
  const year = new Int32Array(count);
  const peril = new Uint8Array(count);
  const row_start = new Uint32Array(count + 1);
  const wallet: number[] = [];
  const loss: number[] = [];
  const W = snapshot.wallets.length;
  const likely = [PERIL_INDEX.external_hack, PERIL_INDEX.external_hack, PERIL_INDEX.insider_theft, PERIL_INDEX.vendor_compromise, PERIL_INDEX.social_engineering];
  for (let e = 0; e < count; e++) {
    year[e] = Math.floor(e / EVENTS_PER_YEAR);
    peril[e] = likely[Math.floor(random() * likely.length)]!;
    // One wallet mostly; a shared-cause event hits two to four.
    const rows = random() < 0.9 ? 1 : 2 + Math.floor(random() * 3);
    for (let r = 0; r < rows; r++) {
      wallet.push(Math.floor(random() * W));
      // Heavy-tailed losses from ¥1m to ~¥20bn, whole yen.
      loss.push(Math.floor(1e6 * Math.exp(random() * random() * 10)));
    }
    row_start[e + 1] = wallet.length;
  }
  return { count, year, peril, row_start, wallet: Uint32Array.from(wallet), loss: Float64Array.from(loss) };
}

const events = simulate(EVENTS);
const years = Math.ceil(EVENTS / EVENTS_PER_YEAR);
let started = performance.now();
const fast = compileFastProgramme(programme, { wallets: snapshot.wallets });
const compile_ms = performance.now() - started;
const times: number[] = [];
let result = fast.apply(events, years);
for (let run = 0; run < RUNS; run++) {
  started = performance.now();
  result = fast.apply(events, years);
  times.push(performance.now() - started);
}
times.sort((a, b) => a - b);
const median_ms = times[Math.floor(RUNS / 2)]!;
console.log(`fast path: ${EVENTS.toLocaleString('en')} events (${events.row_start![EVENTS]!.toLocaleString('en')} wallet losses, ${years.toLocaleString('en')} years), ${programme.policies.length} policies + ${programme.reinsurance.length} reinsurance contracts`);
console.log(`  compile ${compile_ms.toFixed(1)} ms; apply median ${median_ms.toFixed(0)} ms, best ${times[0]!.toFixed(0)} ms → ${((EVENTS / median_ms) * 1000 / 1e6).toFixed(1)}M events/s (target: 1M in < 1000 ms)`);

// The exact engine on the first EXACT_SLICE events, one policy year at a time.
const slice_years = Math.ceil(Math.min(EXACT_SLICE, EVENTS) / EVENTS_PER_YEAR);
const exact_years: LossEvent[][] = [];
for (let y = 0; y < slice_years; y++) {
  const year_events: LossEvent[] = [];
  for (let e = y * EVENTS_PER_YEAR; e < Math.min((y + 1) * EVENTS_PER_YEAR, EVENTS); e++) {
    const time_ms = Date.parse('2026-05-01T00:00:00+09:00') + e * 60_000;
    const items = [];
    for (let r = events.row_start![e]!; r < events.row_start![e + 1]!; r++) {
      const w = snapshot.wallets[events.wallet[r]!]!;
      items.push({ wallet_id: w.id, tier: w.tier, asset: w.asset, amount_minor: BigInt(events.loss[r]!) });
    }
    year_events.push({ id: `e${e}`, occurred_ms: time_ms, detected_ms: time_ms, peril: PERILS[events.peril[e]!]!, conditions: [], items });
  }
  exact_years.push(year_events);
}
const valuation = valuationOf(snapshot);
started = performance.now();
const exact = exact_years.map((year_events) => applyProgramme(programme, year_events, valuation));
const exact_ms = performance.now() - started;
const exact_events = exact.flatMap((y) => y.events);
const mismatches = exact_events.filter((e, i) => Number(e.recovery_minor) !== result.event_recovery[i]).length;
const fast_per_event_ms = median_ms / EVENTS;
const exact_per_event_ms = exact_ms / exact_events.length;
console.log(`exact engine: ${exact_events.length.toLocaleString('en')} events in ${exact_ms.toFixed(0)} ms → ${((exact_events.length / exact_ms) * 1000).toFixed(0)} events/s; fast path is ${(exact_per_event_ms / fast_per_event_ms).toFixed(0)}× faster`);
console.log(`cross-check on those events: ${mismatches === 0 ? 'identical recoveries' : `${mismatches} MISMATCHES`}`);
const gross = result.year.gross.reduce((s, v) => s + v, 0);
const recovered = result.year.recovery.reduce((s, v) => s + v, 0);
console.log(`recovered ${((recovered / gross) * 100).toFixed(1)}% of the simulated gross loss`);
if (mismatches > 0) process.exitCode = 1;
