// Blocks of a seeded simulation shared between this thread and worker threads, taken off one
// counter: each worker is sent `init` once, then block requests, a few ahead so that it never
// waits for this thread; this thread simulates too, yielding to the event loop between its
// blocks, so that workers still starting cost nothing, idle ones are fed promptly and a service
// keeps answering. Every block is seeded from (seed, block index) alone, so a block is the same
// whichever thread simulates it: results reach `record` as blocks end, in any order, and the
// caller keeps them by index. The first failure (a worker's error or exit, or `record` throwing)
// stops the dispatch and is thrown once every worker is terminated. risk/pool.ts runs one
// exchange's blocks this way, association/sector-pool.ts a sector's.

import type { Worker } from 'node:worker_threads';
import { spawnWorker } from './spawn.ts';

/** Blocks queued per worker, so that a worker never waits for the main thread to hand it the next one. */
const BLOCKS_IN_FLIGHT = 2;

export interface SharedBlocks<R, Reply> {
  /** Block indices [from, to). */
  from: number;
  to: number;
  /** Worker threads besides this one (0: this thread alone). */
  worker_count: number;
  /** The worker module (a `*-worker.ts`, threads/spawn.ts). */
  worker: URL;
  /** Names the worker in the error of an unexpected exit, e.g. 'risk worker'. */
  label: string;
  /** The first message each worker gets; made only when there are workers. */
  init: () => unknown;
  /** The message asking a worker for one block. */
  request: (block_index: number) => unknown;
  /** A worker's reply as the block's index and result. */
  fromReply: (reply: Reply) => { block_index: number; result: R };
  /** This thread's simulation of one block; made once, after the workers are started. */
  here: () => (block_index: number) => R;
  record: (block_index: number, result: R) => void;
}

export async function shareBlocks<R, Reply>(work: SharedBlocks<R, Reply>): Promise<void> {
  const blocks = work.to - work.from;
  let next_block = work.from;
  let finished = 0;
  let failure: Error | null = null;
  let settle!: () => void;
  const all_done = new Promise<void>((resolve) => (settle = resolve));
  const record = (block_index: number, result: R): void => {
    work.record(block_index, result);
    finished++;
    if (finished === blocks) settle();
  };
  const fail = (error: Error): void => {
    failure ??= error;
    settle();
  };
  const dispatch = (worker: Worker): void => {
    if (next_block >= work.to || failure !== null) return;
    worker.postMessage(work.request(next_block++));
  };

  const threads: Worker[] = [];
  try {
    if (work.worker_count > 0) {
      const init = work.init();
      for (let i = 0; i < work.worker_count; i++) {
        const worker = spawnWorker(work.worker);
        threads.push(worker);
        worker.on('message', (reply: Reply) => {
          if (failure !== null) return;
          try {
            const { block_index, result } = work.fromReply(reply);
            record(block_index, result);
          } catch (error) {
            fail(error as Error);
            return;
          }
          dispatch(worker);
        });
        worker.on('error', fail);
        worker.on('exit', (code) => {
          if (failure === null && finished < blocks) fail(new Error(`${work.label} exited with code ${code}`));
        });
        worker.postMessage(init);
        for (let k = 0; k < BLOCKS_IN_FLIGHT; k++) dispatch(worker);
      }
    }
    const simulate = work.here();
    while (failure === null && next_block < work.to) {
      const block_index = next_block++;
      record(block_index, simulate(block_index));
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    if (blocks > 0) await all_done;
  } finally {
    await Promise.all(threads.map((w) => w.terminate()));
  }
  if (failure !== null) throw failure;
}
