// Runs the blocks of a simulation, in this thread alone or together with worker threads. Each
// block is seeded from (seed, block index) alone and results are kept by block index, so the
// outcome is the same for any number of workers and any order of completion.

import { availableParallelism } from 'node:os';
import { UserError } from '../errors.ts';
import { shareBlocks } from '../threads/share-blocks.ts';
import { expectedHitsPerYear, type CompiledModel } from './model.ts';
import type { NetOfInsurance } from './net.ts';
import { netOfInsurance, type InsuranceSpec } from './insurance-spec.ts';
import { BLOCK_YEARS, makeKernel, simulateBlock, type BlockResult } from './simulate.ts';

export type WorkerRequest =
  | { type: 'init'; model: CompiledModel; insurance: InsuranceSpec; seed: number }
  | { type: 'block'; block_index: number; years: number };

export type WorkerReply = { type: 'block'; result: BlockResult };

export const WORKERS_MAX = 64;
/** Below this many blocks, starting a worker (loading the sources in each thread) does not pay. */
export const WORKER_BLOCKS_MIN = 5;

export interface RunOptions {
  years: number;
  seed: number;
  /** Worker threads besides this thread, which simulates too; default defaultWorkers(years). */
  workers?: number;
  /** Called after each finished block with the number of years done so far. */
  on_progress?: (years_done: number, years_total: number) => void;
  /**
   * Runs without workers only: an insurance implementation to use instead of the spec's (tests
   * plug in programmes whose behaviour they know exactly).
   */
  insurance_override?: NetOfInsurance;
  /** Only blocks [from, to) of the run (a part of a run split across processes, risk/split.ts); default all. */
  blocks?: { from: number; to: number };
}

/** The blocks a run's options ask for. */
function blockRange(options: RunOptions): { from: number; to: number } {
  const all = blockCount(options.years);
  const range = options.blocks ?? { from: 0, to: all };
  if (!Number.isSafeInteger(range.from) || !Number.isSafeInteger(range.to) || range.from < 0 || range.to > all || range.from >= range.to) throw new Error(`bad block range [${range.from}, ${range.to}) of ${all}`);
  return range;
}

/** The years in blocks [from, to) of a run of `years`. */
export function rangeYears(years: number, range: { from: number; to: number }): number {
  return Math.min(years, range.to * BLOCK_YEARS) - range.from * BLOCK_YEARS;
}

export function blockCount(years: number): number {
  return Math.ceil(years / BLOCK_YEARS);
}

export function blockYears(years: number, block_index: number): number {
  return Math.min(BLOCK_YEARS, years - block_index * BLOCK_YEARS);
}

/** One worker per core besides this thread, for runs long enough to repay starting them. */
export function defaultWorkers(years: number): number {
  return blockCount(years) < WORKER_BLOCKS_MIN ? 0 : Math.min(availableParallelism() - 1, WORKERS_MAX);
}

/** Per-hit records take 28 bytes each: this bounds a run's memory to about a gigabyte. */
export const HITS_EXPECTED_MAX = 40_000_000;

/** The blocks (all, or options.blocks) in index order. */
export async function runBlocks(model: CompiledModel, insurance: InsuranceSpec, options: RunOptions): Promise<BlockResult[]> {
  checkRunSize(model, options.years);
  const range = blockRange(options);
  const blocks = range.to - range.from;
  const workers = Math.min(options.workers ?? defaultWorkers(blocks * BLOCK_YEARS), WORKERS_MAX, Math.max(0, blocks - 1));
  if (options.insurance_override !== undefined && workers > 0) throw new Error('insurance_override needs a run without workers (workers: 0)');
  const local = options.insurance_override ?? netOfInsurance(insurance);
  if (workers === 0) return runBlocksInThread(model, local, options);
  return runShared(model, insurance, local, options, range, workers);
}

export function checkRunSize(model: CompiledModel, years: number): void {
  const hits = expectedHitsPerYear(model) * years;
  if (hits > HITS_EXPECTED_MAX) {
    throw new UserError('risk.too_many_hits', { hits: Math.round(hits), max: HITS_EXPECTED_MAX, years_max: Math.floor(HITS_EXPECTED_MAX / expectedHitsPerYear(model)) });
  }
}

/** Synchronous, for callers that cannot wait (the coverage engine's providers are synchronous). */
export function runBlocksInThread(model: CompiledModel, insurance: NetOfInsurance, options: RunOptions): BlockResult[] {
  checkRunSize(model, options.years);
  const range = blockRange(options);
  const years_total = rangeYears(options.years, range);
  const kernel = makeKernel(model);
  const results: BlockResult[] = [];
  let done = 0;
  for (let b = range.from; b < range.to; b++) {
    const years = blockYears(options.years, b);
    results.push(simulateBlock(kernel, options.seed, b, years, insurance));
    done += years;
    options.on_progress?.(done, years_total);
  }
  return results;
}

/** This thread and `worker_count` workers take blocks from one counter (threads/share-blocks.ts). */
async function runShared(
  model: CompiledModel,
  spec: InsuranceSpec,
  local: NetOfInsurance,
  options: RunOptions,
  range: { from: number; to: number },
  worker_count: number,
): Promise<BlockResult[]> {
  const years_total = rangeYears(options.years, range);
  const results = new Array<BlockResult | undefined>(range.to - range.from);
  let years_done = 0;
  await shareBlocks<BlockResult, WorkerReply>({
    ...range,
    worker_count,
    worker: new URL('./simulation-worker.ts', import.meta.url),
    label: 'risk worker',
    init: (): WorkerRequest => ({ type: 'init', model, insurance: spec, seed: options.seed }),
    request: (block_index): WorkerRequest => ({ type: 'block', block_index, years: blockYears(options.years, block_index) }),
    fromReply: (reply) => ({ block_index: reply.result.block_index, result: reply.result }),
    here: () => {
      const kernel = makeKernel(model);
      return (block_index) => simulateBlock(kernel, options.seed, block_index, blockYears(options.years, block_index), local);
    },
    record: (block_index, result) => {
      results[block_index - range.from] = result;
      years_done += result.years;
      options.on_progress?.(years_done, years_total);
    },
  });
  return results as BlockResult[];
}
