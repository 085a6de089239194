// Runs the blocks of a sector stress test, in this thread alone or together with worker threads,
// as risk/pool.ts runs one exchange's. Each block is seeded from (seed, block index) alone, so a
// block is the same whichever thread simulates it; blocks are handed to `on_block` as they end,
// in any order, and the caller keeps them by index (sector.ts adds the blocks' sums in index order).

import type { Worker } from 'node:worker_threads';
import { spawnWorker } from '../threads/spawn.ts';
import { blockCount, blockYears, WORKERS_MAX } from '../risk/pool.ts';
import { sectorSources, type SectorSources } from './sector-model.ts';
import { makeSectorKernel, simulateSectorBlock, type SectorBlock } from './sector-simulate.ts';

export type SectorWorkerRequest = { type: 'init'; sources: SectorSources; seed: number } | { type: 'block'; block_index: number; years: number };
export type SectorWorkerReply = { type: 'block'; block_index: number; block: SectorBlock };

/** Blocks queued per worker, so that a worker never waits for the main thread to hand it the next one. */
const BLOCKS_IN_FLIGHT = 2;

export interface SectorRunOptions {
  years: number;
  seed: number;
  /** Worker threads besides this thread, which simulates too (0: this thread alone). */
  workers: number;
  on_block: (block_index: number, block: SectorBlock) => void;
}

export async function runSectorBlocks(sector: SectorSources, options: SectorRunOptions): Promise<void> {
  const blocks = blockCount(options.years);
  const worker_count = Math.min(Math.max(0, Math.floor(options.workers)), WORKERS_MAX, Math.max(0, blocks - 1));
  let next_block = 0;
  let finished = 0;
  let failure: Error | null = null;
  let settle!: () => void;
  const all_done = new Promise<void>((resolve) => (settle = resolve));
  const record = (block_index: number, block: SectorBlock): void => {
    options.on_block(block_index, block);
    finished++;
    if (finished === blocks) settle();
  };
  const fail = (error: Error): void => {
    failure ??= error;
    settle();
  };
  const dispatch = (worker: Worker): void => {
    if (next_block >= blocks || failure !== null) return;
    const block_index = next_block++;
    const request: SectorWorkerRequest = { type: 'block', block_index, years: blockYears(options.years, block_index) };
    worker.postMessage(request);
  };

  const threads: Worker[] = [];
  try {
    if (worker_count > 0) {
      const sources = sectorSources(sector);
      for (let i = 0; i < worker_count; i++) {
        const worker = spawnWorker(new URL('./sector-worker.ts', import.meta.url));
        threads.push(worker);
        worker.on('message', (reply: SectorWorkerReply) => {
          if (failure !== null) return;
          try {
            record(reply.block_index, reply.block);
          } catch (error) {
            fail(error as Error);
            return;
          }
          dispatch(worker);
        });
        worker.on('error', fail);
        worker.on('exit', (code) => {
          if (failure === null && finished < blocks) fail(new Error(`sector worker exited with code ${code}`));
        });
        const init: SectorWorkerRequest = { type: 'init', sources, seed: options.seed };
        worker.postMessage(init);
        for (let k = 0; k < BLOCKS_IN_FLIGHT; k++) dispatch(worker);
      }
    }
    // This thread simulates too, yielding between its blocks so that workers are fed promptly
    // and a service keeps answering.
    const kernel = makeSectorKernel(sector);
    while (failure === null && next_block < blocks) {
      const block_index = next_block++;
      record(block_index, simulateSectorBlock(kernel, options.seed, block_index, blockYears(options.years, block_index)));
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    if (blocks > 0) await all_done;
  } finally {
    await Promise.all(threads.map((w) => w.terminate()));
  }
  if (failure !== null) throw failure;
}
