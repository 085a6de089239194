// Speed of the proof-of-liabilities tree (src/proof), against the physical limit: node:crypto
// hashing the same number of bytes, in the same number of SHA-256 calls, in the same run.
//
//   npx tsx bench/prove.ts [customers] [assets]       (default 1,000,000 customers × 10 assets)
//
// Balances come from an in-memory source that packs synthetic rows batch by batch
// (bench/support/synthetic-balances.ts, shared with bench/proof-serve.ts --tree-customers); the
// time that source takes alone is measured in a pass of its own and printed. Then: the build (tree
// written level by level to a temporary directory), the comparator, the peak RSS of the process,
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

const work = mkdtempSync(join(tmpdir(), 'hozen-bench-prove-'));
try {
  const master = new Uint8Array(32).fill(42);
  const sha = new Uint8Array(32).fill(7);
  const header = { exchange: { id: 'bench', name: 'Bench K.K.' }, as_of: '2026-11-25T00:00:00+09:00' };
  t = performance.now();
  const cpu_before = process.cpuUsage();
  const built = await buildTree({ snapshot_id: '0707070707070707', snapshot_sha256: sha, ...header, assets, balances: source(), master_secret: master, min_height: 16, dir: join(work, TREE_DIR) });
  const build_ms = performance.now() - t;
  const build_cpu_ms = cpuMs(process.cpuUsage(cpu_before));
  const peak_mb = process.resourceUsage().maxRSS / 1024;
  const liabilities = liabilitiesJson(built.meta, built.top_hash, built.totals_minor);

  // The comparator: as many SHA-256 calls over as many bytes (the mean message length).
  const message_bytes = Math.round(built.hashed_bytes / built.hash_calls);
  const message = Buffer.alloc(message_bytes, 1);
  t = performance.now();
  const hash_cpu_before = process.cpuUsage();
  for (let i = 0; i < built.hash_calls; i++) hash('sha256', message, 'buffer');
  const hash_ms = performance.now() - t;
  const hash_cpu_ms = cpuMs(process.cpuUsage(hash_cpu_before));
  // The same calls shared by as many threads as the build used: what the cores can do at best.
  t = performance.now();
  await Promise.all(
    Array.from({ length: built.threads }, (_, w) => {
      const calls = Math.floor(built.hash_calls / built.threads) + (w < built.hash_calls % built.threads ? 1 : 0);
      const worker = new Worker(`const { hash } = require('node:crypto'); const m = Buffer.alloc(${message_bytes}, 1); for (let i = 0; i < ${calls}; i++) hash('sha256', m, 'buffer');`, { eval: true });
      return new Promise((resolve, reject) => worker.once('exit', resolve).once('error', reject));
    }),
  );
  const hash_parallel_ms = performance.now() - t;

  const tree_bytes = dirBytes(join(work, TREE_DIR));
  console.log(`tree: 2^${built.meta.height} = ${(2 ** built.meta.height).toLocaleString('en')} leaves, ${built.hash_calls.toLocaleString('en')} SHA-256 calls over ${(built.hashed_bytes / 1e6).toFixed(0)} MB`);
  console.log(`build (group, shuffle, leaves, ${built.meta.height} levels to disk, ${built.threads} threads): ${s(build_ms)} (${Math.round(customers / (build_ms / 1000)).toLocaleString('en')} customers/s)`);
  const { phases_ms: ph } = built;
  console.log(`  phases: group ${s(ph.group)} (the source included), shuffle ${s(ph.shuffle)}, blocks ${s(ph.blocks)}, finish ${s(ph.finish)}`);
  console.log(`node:crypto hashing the same bytes in as many calls: ${s(hash_ms)} in one thread, ${s(hash_parallel_ms)} in ${built.threads} threads`);
  console.log(`ratio build / hashing in one thread: ${(build_ms / hash_ms).toFixed(2)}× (build less the source alone: ${((build_ms - source_ms) / hash_ms).toFixed(2)}×); build / hashing in ${built.threads} threads: ${(build_ms / hash_parallel_ms).toFixed(2)}×`);
  console.log(`CPU time (all threads): build ${s(build_cpu_ms)}, hashing ${s(hash_cpu_ms)}: ${(build_cpu_ms / hash_cpu_ms).toFixed(2)}×; load average at the end ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
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
