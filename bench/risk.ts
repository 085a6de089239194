// Speed of the risk engine: 1,000,000 simulated years of 100 wallets with an insurance programme
// (target ≤ 30 s on 2 cores), and the same model vectorised in numpy on the same inputs (target:
// at least numpy's speed). Prints figures; never fails on time.
//
//   npx tsx bench/risk.ts            (BENCH_YEARS=200000 for a quicker look)
//
// numpy comes from Debian (python3-numpy, for /usr/bin/python3), installed here when missing.

import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { PERILS } from '../src/incident/types.ts';
import { walletCovered } from '../src/insurance/scope.ts';
import { riskModelConfig } from '../src/risk/config.ts';
import { insuranceSpec } from '../src/risk/programme.ts';
import { compileModel } from '../src/risk/model.ts';
import { OCCURRENCE_PERILS } from '../src/risk/net.ts';
import { defaultWorkers } from '../src/risk/pool.ts';
import { riskJson } from '../src/risk/report.ts';
import { runRisk, type RiskReport } from '../src/risk/service.ts';
import { syntheticSnapshot } from '../src/risk/synthetic.ts';
import { COLD_POLICY, ONLINE_POLICY, insured } from '../src/risk/synthetic-policies.ts';
import type { Snapshot } from '../src/snapshot/types.ts';

const YEARS = Number(process.env.BENCH_YEARS ?? 1_000_000);
const WALLETS = 100;
const SEED = 1;
const PYTHON = '/usr/bin/python3';


/** Hot and warm wallets against hacks, everything against vendor compromise; cold wallets on a second policy. */
const POLICIES = [ONLINE_POLICY, COLD_POLICY];

function benchSnapshot(): Snapshot {
  return insured(syntheticSnapshot({ wallets: WALLETS, price_days: 730 }), POLICIES);
}

function ensureNumpy(): boolean {
  const probe = spawnSync(PYTHON, ['-c', 'import numpy'], { stdio: 'ignore' });
  if (probe.status === 0) return true;
  console.log('numpy missing for /usr/bin/python3: installing Debian python3-numpy …');
  const install = (args: string[]) => spawnSync('apt-get', args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  if (install(['install', '-y', 'python3-numpy']).status !== 0) {
    install(['update']);
    install(['install', '-y', 'python3-numpy']);
  }
  return spawnSync(PYTHON, ['-c', 'import numpy'], { stdio: 'ignore' }).status === 0;
}

/** The compiled model and the programme's terms as plain JSON for risk_numpy.py. */
function numpyInput(snapshot: Snapshot): unknown {
  const model = compileModel(snapshot, riskModelConfig(snapshot.manifest.extensions));
  const spec = insuranceSpec(snapshot, model);
  if (spec.kind !== 'programme') throw new Error('bench needs an insurance programme');
  const policies = spec.programme.policies.map((policy) => {
    if (policy.reinstatements.length > 0 || policy.peril_sublimits.length > 0 || policy.asset_sublimits.length > 0 || policy.per_customer !== null) {
      throw new Error('risk_numpy.py implements deductible, co-insurance, occurrence and aggregate limits only');
    }
    return {
      id: policy.id,
      // in_scope[peril][wallet] for our two occurrence perils.
      in_scope: OCCURRENCE_PERILS.map((peril) => spec.wallets.map((w) => (walletCovered(policy, peril, w) ? 1 : 0))),
      deductible: Number(policy.deductible_minor),
      insurer_share: [Number(policy.coinsurance.coef), 10 ** policy.coinsurance.scale],
      occurrence_limit: policy.occurrence_limit_minor === null ? null : Number(policy.occurrence_limit_minor),
      aggregate_limit: policy.aggregate_limit_minor === null ? null : Number(policy.aggregate_limit_minor),
    };
  });
  if (!PERILS.includes('vendor_compromise')) throw new Error('peril vocabulary changed');
  return {
    years: YEARS,
    seed: SEED,
    wallet_value: [...model.wallet_value],
    wallet_cap: [...model.wallet_cap].map((c) => (Number.isFinite(c) ? c : null)),
    wallet_column: [...model.wallet_column],
    wallet_severity_fixed: [...model.wallet_severity_fixed],
    wallet_severity_a: [...model.wallet_severity_a],
    wallet_severity_b: [...model.wallet_severity_b],
    wallet_full_probability: [...model.wallet_full_probability],
    source_rate: [...model.source_rate],
    groups: model.groups.map((g) => g.members),
    member_hit_probability: model.member_hit_probability,
    limit_bypass_probability: model.limit_bypass_probability,
    limit_bypass_probability_common: model.limit_bypass_probability_common,
    prices: { mode: model.prices.mode, horizon_days: model.prices.horizon_days, columns: model.prices.assets.length, days: model.prices.history_days, returns: [...model.prices.returns] },
    policies,
  };
}

function millions(minor: bigint): string {
  return (Number(minor) / 1e6).toFixed(1).padStart(12);
}

function figures(label: string, report: RiskReport, seconds: number): void {
  const level = (l: string, which: 'gross' | 'net') => report[which].levels.find((x) => x.level === l)!;
  console.log(`${label}: ${seconds.toFixed(2)} s, ${Math.round(report.years / seconds).toLocaleString('en')} years/s, ${report.occurrences.toLocaleString('en')} events, ${report.wallet_hits.toLocaleString('en')} wallet hits`);
  console.log(`  expected loss (M JPY) gross ${millions(report.gross.expected_minor)}  net ${millions(report.net.expected_minor)}`);
  for (const l of ['0.99', '0.995', '0.999']) {
    console.log(`  VaR ${l.padEnd(5)} gross ${millions(level(l, 'gross').var_minor)}  net ${millions(level(l, 'net').var_minor)}   TVaR gross ${millions(level(l, 'gross').tvar_minor)}  net ${millions(level(l, 'net').tvar_minor)}`);
  }
}

async function timed(workers: number | undefined, snapshot: Snapshot): Promise<{ report: RiskReport; seconds: number }> {
  const started = process.hrtime.bigint();
  const report = await runRisk(snapshot, { years: YEARS, seed: SEED, ...(workers === undefined ? {} : { workers }) });
  return { report, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

/** Best of ROUNDS, alternating the two set-ups, after a warm-up: the machine may be shared. */
const ROUNDS = 2;

async function best(workers: number | undefined, snapshot: Snapshot, previous: { report: RiskReport; seconds: number } | null) {
  const run = await timed(workers, snapshot);
  return previous === null || run.seconds < previous.seconds ? run : previous;
}

const snapshot = benchSnapshot();
console.log(`risk bench: ${YEARS.toLocaleString('en')} years × ${WALLETS} wallets, insurance: ${POLICIES.map((p) => p.id).join(', ')}; ${availableParallelism()} cores; best of ${ROUNDS}`);
await runRisk(snapshot, { years: 50_000, seed: SEED, workers: 0 });
let parallel: { report: RiskReport; seconds: number } | null = null;
let single: { report: RiskReport; seconds: number } | null = null;
for (let round = 0; round < ROUNDS; round++) {
  parallel = await best(undefined, snapshot, parallel);
  single = await best(0, snapshot, single);
}
figures(`hozen, main thread + ${defaultWorkers(YEARS)} worker(s)`, parallel!.report, parallel!.seconds);
figures('hozen, 1 thread', single!.report, single!.seconds);
const same = JSON.stringify(riskJson(parallel!.report)) === JSON.stringify(riskJson(single!.report));
console.log(`  same results with and without workers: ${same}`);
console.log(`  target: ≤ 30 s → ${parallel!.seconds <= 30 ? 'met' : 'MISSED'}`);

if (!ensureNumpy()) {
  console.log('numpy: not available, comparison skipped');
} else {
  const dir = mkdtempSync(join(tmpdir(), 'hozen-bench-risk-'));
  try {
    const input = join(dir, 'input.json');
    writeFileSync(input, JSON.stringify(numpyInput(snapshot)));
    const output = join(dir, 'output.json');
    execFileSync(PYTHON, [join(import.meta.dirname, 'risk_numpy.py'), input, output], { stdio: 'inherit' });
    const numpy = JSON.parse(readFileSync(output, 'utf8')) as { seconds: number; expected_loss: number; expected_loss_net: number; var: Record<string, number>; net_var: Record<string, number>; tvar: Record<string, number> };
    console.log(`numpy: ${numpy.seconds.toFixed(2)} s (one core, as numpy runs)`);
    const m = (x: number) => (x / 1e6).toFixed(1).padStart(12);
    console.log(`  expected loss (M JPY) gross ${m(numpy.expected_loss)}  net ${m(numpy.expected_loss_net)}`);
    for (const l of ['0.99', '0.995', '0.999']) console.log(`  VaR ${l.padEnd(5)} gross ${m(numpy.var[l]!)}  net ${m(numpy.net_var[l]!)}   TVaR gross ${m(numpy.tvar[l]!)}`);
    const gross_ratio = Number(parallel!.report.gross.expected_minor) / numpy.expected_loss;
    console.log(`  hozen / numpy expected loss: ${gross_ratio.toFixed(4)} (independent random streams: agreement within sampling error is the check)`);
    console.log(`speed ratio (numpy time / hozen time): ${(numpy.seconds / parallel!.seconds).toFixed(2)}× with workers, ${(numpy.seconds / single!.seconds).toFixed(2)}× in one thread; target ≥ 1×`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
