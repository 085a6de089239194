// Speed of the proof-of-liabilities tree (src/proof), against the physical limit: node:crypto
// hashing the same number of bytes, in the same number of SHA-256 calls, in the same run.
//
//   npx tsx bench/prove.ts [customers] [assets]       (default 1,000,000 customers × 10 assets)
//
// Balances come from an in-memory source that packs synthetic rows batch by batch
// (bench/support/synthetic-balances.ts, shared with bench/proof-serve.ts --tree-customers); the
// time that source takes alone is measured in a pass of its own and printed. Then: the build (tree
// written level by level to a temporary directory), the comparators (digests taken as Buffers and
// as 'binary' strings, in one thread and in the build's threads), the build again and the strictest
// comparator again (each reading printed with the load average), the peak RSS of the process,
// the stored tree's size, deriving 1,000 random customers' proofs from the files, their size as
// the CLI writes them, and verifying them with the TypeScript verifier and the standalone one.

import { hash } from 'node:crypto';
import { loadavg, tmpdir } from 'node:os';
import { Worker } from 'node:worker_threads';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { buildTree } from '../src/proof/build.ts';
import { deriveProof, liabilitiesJson, ProofTree, proofText, TREE_DIR } from '../src/proof/derive.ts';
import { verifyProof } from '../src/proof/verify.ts';
import type { BalanceSource } from '../src/snapshot/types.ts';
import { syntheticAccountId, syntheticAssets, syntheticBalances } from './support/synthetic-balances.ts';
// @ts-expect-error: plain ESM without types, as customers download it.
import { verifyProof as verifyStandalone } from '../src/proof/verifier/verify.mjs';

const args = process.argv.slice(2).filter((a) => /^\d+$/.test(a)).map(Number);
const customers = args[0] ?? 1_000_000;
const asset_count = args[1] ?? 10;
const assets = syntheticAssets(asset_count);
const idOf = syntheticAccountId;
const source = (): BalanceSource => syntheticBalances(customers, assets);

const cpuMs = (usage: NodeJS.CpuUsage): number => (usage.user + usage.system) / 1000;
const s = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
const dirBytes = (dir: string): number => readdirSync(dir).reduce((n, f) => n + statSync(join(dir, f)).size, 0);

console.log(`bench/prove: ${customers.toLocaleString('en')} customers × ${asset_count} assets, Node ${process.version}`);

let t = performance.now();
let rows = 0;
for await (const batch of source().scanPacked!()) rows += batch.length;
const source_ms = performance.now() - t;
console.log(`source alone (generate and pack ${rows.toLocaleString('en')} rows): ${s(source_ms)}`);

// The comparator: SHA-256 calls over messages of the build's mean length, as many as the build
// made, taking each digest as a Buffer (a backing store per call) and as a 'binary' string (as
// the build does: a call then costs a quarter to two fifths of the CPU). `threads` shares the calls out.
async function hashing(calls: number, message_bytes: number, output: 'buffer' | 'binary', threads: number): Promise<{ ms: number; cpu_ms: number }> {
  const t = performance.now();
  const cpu = process.cpuUsage();
  if (threads === 1) {
    const message = Buffer.alloc(message_bytes, 1);
    for (let i = 0; i < calls; i++) hash('sha256', message, output as 'buffer');
  } else {
    await Promise.all(
      Array.from({ length: threads }, (_, w) => {
        const share = Math.floor(calls / threads) + (w < calls % threads ? 1 : 0);
        const worker = new Worker(`const { hash } = require('node:crypto'); const m = Buffer.alloc(${message_bytes}, 1); for (let i = 0; i < ${share}; i++) hash('sha256', m, '${output}');`, { eval: true });
        return new Promise((resolve, reject) => worker.once('exit', resolve).once('error', reject));
      }),
    );
  }
  return { ms: performance.now() - t, cpu_ms: cpuMs(process.cpuUsage(cpu)) };
}
const load = (): string => loadavg().map((l) => l.toFixed(1)).join(' ');
const mean = (values: number[]): number => values.reduce((a, b) => a + b, 0) / values.length;

const work = mkdtempSync(join(tmpdir(), 'hozen-bench-prove-'));
try {
  const master = new Uint8Array(32).fill(42);
  const sha = new Uint8Array(32).fill(7);
  const header = { exchange: { id: 'bench', name: 'Bench K.K.' }, as_of: '2026-11-25T00:00:00+09:00' };
  const buildOnce = (dir: string) => buildTree({ snapshot_id: '0707070707070707', snapshot_sha256: sha, ...header, assets, balances: source(), master_secret: master, min_height: 16, dir });
  // The build, the comparators, the build again, the strictest comparator again: neighbours' load
  // then weighs on both sides, and each reading is printed with the load average.
  const load_before = load();
  t = performance.now();
  const cpu_before = process.cpuUsage();
  const built = await buildOnce(join(work, TREE_DIR));
  const build_ms = performance.now() - t;
  const build_cpu_ms = cpuMs(process.cpuUsage(cpu_before));
  const peak_mb = process.resourceUsage().maxRSS / 1024;
  const liabilities = liabilitiesJson(built.meta, built.top_hash, built.totals_minor);

  const message_bytes = Math.round(built.hashed_bytes / built.hash_calls);
  const one_buffer = await hashing(built.hash_calls, message_bytes, 'buffer', 1);
  const one_binary = await hashing(built.hash_calls, message_bytes, 'binary', 1);
  const parallel_binary = [await hashing(built.hash_calls, message_bytes, 'binary', built.threads)];
  const parallel_buffer = await hashing(built.hash_calls, message_bytes, 'buffer', built.threads);
  rmSync(join(work, TREE_DIR), { recursive: true, force: true });
  const load_second = load();
  t = performance.now();
  const second_cpu = process.cpuUsage();
  const second = await buildOnce(join(work, TREE_DIR));
  const builds_ms = [build_ms, performance.now() - t];
  const builds_cpu_ms = [build_cpu_ms, cpuMs(process.cpuUsage(second_cpu))];
  if (!Buffer.from(second.top_hash).equals(Buffer.from(built.top_hash))) throw new Error('two builds of the same input differ');
  parallel_binary.push(await hashing(built.hash_calls, message_bytes, 'binary', built.threads));

  const tree_bytes = dirBytes(join(work, TREE_DIR));
  console.log(`tree: 2^${built.meta.height} = ${(2 ** built.meta.height).toLocaleString('en')} leaves, ${built.hash_calls.toLocaleString('en')} SHA-256 calls over ${(built.hashed_bytes / 1e6).toFixed(0)} MB`);
  console.log(`build (group, shuffle, leaves, ${built.meta.height} levels to disk, ${built.threads} threads): ${s(build_ms)} (${Math.round(customers / (build_ms / 1000)).toLocaleString('en')} customers/s)`);
  const { phases_ms: ph } = built;
  console.log(`  phases: group ${s(ph.group)} (the source included), shuffle ${s(ph.shuffle)}, blocks ${s(ph.blocks)}, finish ${s(ph.finish)}`);
  console.log(`second build: ${s(builds_ms[1]!)} (CPU ${s(builds_cpu_ms[1]!)}; phases ${s(second.phases_ms.group)}, ${s(second.phases_ms.shuffle)}, ${s(second.phases_ms.blocks)}, ${s(second.phases_ms.finish)}); CPU of the first ${s(builds_cpu_ms[0]!)}; load average before the builds ${load_before}, before the second ${load_second}`);
  console.log(`node:crypto hashing the same bytes in as many calls, digest as a Buffer: ${s(one_buffer.ms)} in one thread (CPU ${s(one_buffer.cpu_ms)}), ${s(parallel_buffer.ms)} in ${built.threads} threads`);
  console.log(`  digest as a 'binary' string (as the build takes it): ${s(one_binary.ms)} in one thread (CPU ${s(one_binary.cpu_ms)}); in ${built.threads} threads: ${parallel_binary.map((r) => s(r.ms)).join(' after the first build, ')} after the second`);
  const build_mean_ms = mean(builds_ms);
  const build_cpu_mean_ms = mean(builds_cpu_ms);
  console.log(`ratio build / hashing (mean of the two builds, ${s(build_mean_ms)}): one thread ${(build_mean_ms / one_buffer.ms).toFixed(2)}× (Buffer digests), ${(build_mean_ms / one_binary.ms).toFixed(2)}× ('binary'); ${built.threads} threads ${(build_mean_ms / parallel_buffer.ms).toFixed(2)}× (Buffer), ${(build_mean_ms / mean(parallel_binary.map((r) => r.ms))).toFixed(2)}× ('binary', mean of the two readings; ${((build_mean_ms - source_ms) / mean(parallel_binary.map((r) => r.ms))).toFixed(2)}× less the source alone)`);
  console.log(`CPU time (all threads): build ${s(build_cpu_mean_ms)}, hashing in one thread ${s(one_buffer.cpu_ms)} (Buffer) / ${s(one_binary.cpu_ms)} ('binary'): ${(build_cpu_mean_ms / one_buffer.cpu_ms).toFixed(2)}× / ${(build_cpu_mean_ms / one_binary.cpu_ms).toFixed(2)}×; load average at the end ${load()}`);
  console.log(`peak RSS: ${peak_mb.toFixed(0)} MB; stored tree: ${(tree_bytes / 1e6).toFixed(0)} MB (${built.meta.record_bytes} B per node)`);

  let state = 99;
  const pick = (): string => idOf((state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0) % customers);
  const picks = Array.from({ length: 1000 }, pick);
  t = performance.now();
  let cpu = process.cpuUsage();
  const tree = new ProofTree(work);
  const proofs = picks.map((account) => tree.proof(master, account));
  const derive_ms = (performance.now() - t) / picks.length;
  const derive_cpu_ms = cpuMs(process.cpuUsage(cpu)) / picks.length;
  tree.close();
  t = performance.now();
  for (const account of picks.slice(0, 200)) deriveProof(work, master, account);
  const derive_open_ms = (performance.now() - t) / 200;
  const sizes = proofs.map((p) => Buffer.byteLength(proofText(p)));
  console.log(`proof derivation from the files: ${derive_ms.toFixed(3)} ms per proof (CPU ${derive_cpu_ms.toFixed(3)} ms) from the tree opened once, as the service keeps it; ${derive_open_ms.toFixed(3)} ms opening the tree for each (1,000 and 200 random customers)`);
  console.log(`proof size: ${Math.min(...sizes).toLocaleString('en')}–${Math.max(...sizes).toLocaleString('en')} bytes (JSON as written; ${built.meta.height} siblings × ${asset_count} sums)`);
  // As a customer's verifier does: the files' text parsed, then verified.
  const texts = proofs.map(proofText);
  const liabilities_text = JSON.stringify(liabilities);
  t = performance.now();
  cpu = process.cpuUsage();
  for (const text of texts) if (!verifyProof({ proof: JSON.parse(text), proof_file: 'p', liabilities: JSON.parse(liabilities_text) }).ok) throw new Error('a proof failed');
  const verify_ms = (performance.now() - t) / texts.length;
  const verify_cpu_ms = cpuMs(process.cpuUsage(cpu)) / texts.length;
  t = performance.now();
  for (const text of texts) if (!(await verifyStandalone(JSON.parse(text), { liabilities: JSON.parse(liabilities_text) })).ok) throw new Error('a proof failed (standalone)');
  const standalone_ms = (performance.now() - t) / texts.length;
  console.log(`verify one proof against liabilities.json, both parsed from their text: ${verify_ms.toFixed(3)} ms (CPU ${verify_cpu_ms.toFixed(3)} ms; TypeScript, node:crypto), ${standalone_ms.toFixed(3)} ms (standalone, WebCrypto in Node); load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
