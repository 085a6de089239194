// A simulation worker: builds the kernel and the insurance programme once, then simulates the
// blocks the main thread hands it, returning each result with its buffers transferred. An error is
// not caught: thrown out of the worker, it reaches the pool whole.

import { parentPort } from 'node:worker_threads';
import { netOfInsurance } from './insurance-spec.ts';
import type { WorkerReply, WorkerRequest } from './pool.ts';
import { makeKernel, simulateBlock, type Kernel } from './simulate.ts';
import type { NetOfInsurance } from './net.ts';

const port = parentPort;
if (port === null) throw new Error('simulation-worker.ts must run in a worker thread');

let state: { kernel: Kernel; insurance: NetOfInsurance; seed: number } | null = null;

port.on('message', (request: WorkerRequest) => {
  if (request.type === 'init') {
    state = { kernel: makeKernel(request.model), insurance: netOfInsurance(request.insurance), seed: request.seed };
    return;
  }
  if (state === null) throw new Error('block before init');
  const result = simulateBlock(state.kernel, state.seed, request.block_index, request.years, state.insurance);
  const reply: WorkerReply = { type: 'block', result };
  const arrays = [
    result.aggregate_gross,
    result.aggregate_net,
    result.occurrence_max_gross,
    result.occurrence_max_net,
    result.hit_year,
    result.hit_wallet,
    result.hit_cause,
    result.hit_gross,
    result.hit_net,
  ];
  // Every array owns its own ArrayBuffer (sliced or freshly allocated), so moving them is safe.
  port.postMessage(reply, arrays.map((a) => a.buffer as ArrayBuffer));
});
