// A sector simulation worker: builds the sector kernel once from the sources it is sent (the
// members' compiled models and insurance specs, sector-model.ts `sectorSources`), then simulates
// the blocks the main thread hands it, returning each with its buffers transferred. An error is
// not caught: thrown out of the worker, it reaches the pool whole.

import { parentPort } from 'node:worker_threads';
import type { SectorWorkerReply, SectorWorkerRequest } from './sector-pool.ts';
import { makeSectorKernel, simulateSectorBlock, type SectorKernel } from './sector-simulate.ts';

const port = parentPort;
if (port === null) throw new Error('sector-worker.ts must run in a worker thread');

let state: { kernel: SectorKernel; seed: number } | null = null;

port.on('message', (request: SectorWorkerRequest) => {
  if (request.type === 'init') {
    state = { kernel: makeSectorKernel(request.sources), seed: request.seed };
    return;
  }
  if (state === null) throw new Error('block before init');
  const block = simulateSectorBlock(state.kernel, state.seed, request.block_index, request.years);
  const reply: SectorWorkerReply = { type: 'block', block_index: request.block_index, block };
  // Every array is freshly allocated for this block, so moving them is safe.
  port.postMessage(reply, [block.member_gross, block.member_net, block.cause_gross, block.cause_net].map((a) => a.buffer as ArrayBuffer));
});
