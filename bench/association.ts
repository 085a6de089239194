// Speed of the sector stress test: 30 members of 100 wallets each over 1,000,000 simulated years
// against one exchange of 3,000 wallets over the same years, in this same script (target: the
// sector ≤ 1.2 × the exchange). Both run in this thread alone (unless BENCH_WORKERS), block by block, keeping what each
// keeps of a block (the sector: every member's annual losses; the exchange: its annual losses),
// and both compute their loss figures (expected loss, VaR, TVaR, gross and net) at the end:
// the exchange's own service would also keep every wallet hit, which at 3,000 wallets and 1M
// years is over the risk engine's 40M-hit bound, so it is timed at the kernel, as the sector is.
// Prints figures; never fails on time.
//
//   npx tsx bench/association.ts            (BENCH_YEARS=100000 for a quicker look)
//   BENCH_ONLY=exchange|sector              (one of the two alone in this process)
//   BENCH_WORKERS=n                         (both with n worker threads besides this one: the
//                                            exchange through its service's pool, risk/pool.ts
//                                            runBlocks, which keeps every wallet hit, so at most
//                                            ~500,000 years; the sector through its own)
//   BENCH_MARKET=one|own                    (one: every member and the exchange trade one market,
//                                            one price history, as real members do — the default;
//                                            own: each member its own synthetic prices, the inputs
//                                            of the figures before 2026-12-04, branch sector3)

import { runSector } from '../src/association/sector.ts';
import { compileSector } from '../src/association/sector-model.ts';
import { riskModelConfig } from '../src/risk/config.ts';
import { netOfInsurance } from '../src/risk/insurance-spec.ts';
import { compileModel } from '../src/risk/model.ts';
import { blockCount, runBlocks } from '../src/risk/pool.ts';
import { insuranceSpec } from '../src/risk/programme.ts';
import { BLOCK_YEARS, makeKernel, simulateBlock } from '../src/risk/simulate.ts';
import { syntheticSnapshot } from '../src/risk/synthetic.ts';
import { insured } from '../src/risk/synthetic-policies.ts';
import { confidenceLevels, lossFigures } from '../src/risk/service.ts';
import type { Snapshot } from '../src/snapshot/types.ts';

const YEARS = Number(process.env.BENCH_YEARS ?? 1_000_000);
const WORKERS = Number(process.env.BENCH_WORKERS ?? 0);
const MEMBERS = 30;
const WALLETS = 100;
const SEED = 1;

/** This thread's CPU seconds: on a shared machine, less at the mercy of other processes than the wall clock. */
function cpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

async function exchangeRun(snapshot: Snapshot): Promise<{ seconds: number; cpu: number; expected: number; events_per_year: number }> {
  const started = process.hrtime.bigint();
  const cpu_started = cpuSeconds();
  const model = compileModel(snapshot, riskModelConfig(snapshot.manifest.extensions));
  const insurance = netOfInsurance(insuranceSpec(snapshot, model));
  const gross = new Float64Array(YEARS);
  const net = new Float64Array(YEARS);
  let occurrences = 0;
  const keep = (b: number, block: { aggregate_gross: Float64Array; aggregate_net: Float64Array; occurrences: number }) => {
    gross.set(block.aggregate_gross, b * BLOCK_YEARS);
    net.set(block.aggregate_net, b * BLOCK_YEARS);
    occurrences += block.occurrences;
  };
  if (WORKERS === 0) {
    const kernel = makeKernel(model);
    for (let b = 0; b < blockCount(YEARS); b++) keep(b, simulateBlock(kernel, SEED, b, Math.min(BLOCK_YEARS, YEARS - b * BLOCK_YEARS), insurance));
  } else {
    (await runBlocks(model, insuranceSpec(snapshot, model), { years: YEARS, seed: SEED, workers: WORKERS })).forEach((block, b) => keep(b, block));
  }
  // Its figures, as its own run computes them (the sector computes the same for each member).
  const levels = confidenceLevels(0.99);
  const figures = { gross: lossFigures(gross, levels).figures, net: lossFigures(net, levels).figures };
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { seconds, cpu: cpuSeconds() - cpu_started, expected: Number(figures.net.expected_minor), events_per_year: occurrences / YEARS };
}

async function sectorRun(members: Snapshot[]): Promise<{ seconds: number; cpu: number; expected: number; p_two: number }> {
  const started = process.hrtime.bigint();
  const cpu_started = cpuSeconds();
  const report = await runSector(
    members.map((snapshot, i) => ({ member_id: `m${i}`, member_name: `Member ${i}`, snapshot })),
    { years: YEARS, seed: SEED, workers: WORKERS },
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { seconds, cpu: cpuSeconds() - cpu_started, expected: Number(report.sector.net.expected_minor), p_two: report.sector.p_two_or_more_lose };
}

const MARKET = process.env.BENCH_MARKET ?? 'one';
if (MARKET !== 'one' && MARKET !== 'own') throw new Error(`BENCH_MARKET=${MARKET}: one or own`);
const market = MARKET === 'one' ? { market_seed: 1 } : {};
const members = Array.from({ length: MEMBERS }, (_, i) => insured(syntheticSnapshot({ wallets: WALLETS, price_days: 730, seed: 100 + i, ...market })));
const exchange = insured(syntheticSnapshot({ wallets: MEMBERS * WALLETS, price_days: 730, seed: 100, ...market }));

console.log(
  `association bench: ${MEMBERS} members × ${WALLETS} wallets vs one exchange of ${MEMBERS * WALLETS} wallets, ${MARKET === 'one' ? 'one market' : 'a market of its own each'}, ${YEARS.toLocaleString('en')} years, seed ${SEED}, ${WORKERS === 0 ? 'one thread each' : `${WORKERS} worker thread(s) each besides the main thread`}, Node ${process.version}`,
);
// The two workloads, alike: the models' loss events a year (own breaches and shared causes) and the shared causes' sizes.
{
  const rate = (r: Float64Array) => r.reduce((sum, x) => sum + x, 0);
  const e = compileModel(exchange, riskModelConfig(exchange.manifest.extensions));
  const s = compileSector(members.map((snapshot, i) => ({ member_id: `m${i}`, member_name: `Member ${i}`, snapshot })));
  console.log(`  workload: exchange ${rate(e.source_rate).toFixed(1)} events a year, shared causes of ${e.groups.map((g) => g.members.length).join(', ')} wallets; sector ${rate(s.source_rate).toFixed(1)} events a year, shared causes of ${s.groups.map((g) => g.wallets.length).join(', ')} wallets`);
}
// Alternate the two, best of ROUNDS each, so that a busy moment of a shared machine hits both alike.
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const ONLY = process.env.BENCH_ONLY;
if (ONLY !== undefined && ONLY !== 'exchange' && ONLY !== 'sector') throw new Error(`BENCH_ONLY=${ONLY}: exchange or sector`);
const best = { exchange: { wall: Infinity, cpu: Infinity }, sector: { wall: Infinity, cpu: Infinity } };
for (let round = 0; round < ROUNDS; round++) {
  if (ONLY !== 'sector') {
    const e = await exchangeRun(exchange);
    best.exchange = { wall: Math.min(best.exchange.wall, e.seconds), cpu: Math.min(best.exchange.cpu, e.cpu) };
    console.log(`  exchange: ${e.seconds.toFixed(2)} s wall, ${e.cpu.toFixed(2)} s CPU (${e.events_per_year.toFixed(1)} loss events a year, expected net loss ${(e.expected / 1e6).toFixed(1)} M JPY)`);
  }
  if (ONLY === 'exchange') continue;
  const s = await sectorRun(members);
  best.sector = { wall: Math.min(best.sector.wall, s.seconds), cpu: Math.min(best.sector.cpu, s.cpu) };
  console.log(`  sector:   ${s.seconds.toFixed(2)} s wall, ${s.cpu.toFixed(2)} s CPU (expected net loss ${(s.expected / 1e6).toFixed(1)} M JPY, P(two or more members lose in a year) ${(s.p_two * 100).toFixed(2)}%)`);
}
console.log(`best wall: exchange ${best.exchange.wall.toFixed(2)} s, sector ${best.sector.wall.toFixed(2)} s, ratio ${(best.sector.wall / best.exchange.wall).toFixed(3)}`);
console.log(`best CPU:  exchange ${best.exchange.cpu.toFixed(2)} s, sector ${best.sector.cpu.toFixed(2)} s, ratio ${(best.sector.cpu / best.exchange.cpu).toFixed(3)} (target ≤ 1.2)`);
