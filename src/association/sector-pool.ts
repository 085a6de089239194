// Runs the blocks of a sector stress test, in this thread alone or together with worker threads,
// as risk/pool.ts runs one exchange's (both through threads/share-blocks.ts). Each block is
// seeded from (seed, block index) alone, so a block is the same whichever thread simulates it;
// blocks are handed to `on_block` as they end, in any order, and the caller keeps them by index
// (sector.ts adds the blocks' sums in index order).

import { shareBlocks } from '../threads/share-blocks.ts';
import { blockCount, blockYears, WORKERS_MAX } from '../risk/pool.ts';
import { sectorSources, type SectorSources } from './sector-model.ts';
import { makeSectorKernel, simulateSectorBlock, type SectorBlock } from './sector-simulate.ts';

export type SectorWorkerRequest = { type: 'init'; sources: SectorSources; seed: number } | { type: 'block'; block_index: number; years: number };
export type SectorWorkerReply = { type: 'block'; block_index: number; block: SectorBlock };

export interface SectorRunOptions {
  years: number;
  seed: number;
  /** Worker threads besides this thread, which simulates too (0: this thread alone). */
  workers: number;
  on_block: (block_index: number, block: SectorBlock) => void;
}

export async function runSectorBlocks(sector: SectorSources, options: SectorRunOptions): Promise<void> {
  const blocks = blockCount(options.years);
  await shareBlocks<SectorBlock, SectorWorkerReply>({
    from: 0,
    to: blocks,
    worker_count: Math.min(Math.max(0, Math.floor(options.workers)), WORKERS_MAX, Math.max(0, blocks - 1)),
    worker: new URL('./sector-worker.ts', import.meta.url),
    label: 'sector worker',
    init: (): SectorWorkerRequest => ({ type: 'init', sources: sectorSources(sector), seed: options.seed }),
    request: (block_index): SectorWorkerRequest => ({ type: 'block', block_index, years: blockYears(options.years, block_index) }),
    fromReply: (reply) => ({ block_index: reply.block_index, result: reply.block }),
    here: () => {
      const kernel = makeSectorKernel(sector);
      return (block_index) => simulateSectorBlock(kernel, options.seed, block_index, blockYears(options.years, block_index));
    },
    record: options.on_block,
  });
}
