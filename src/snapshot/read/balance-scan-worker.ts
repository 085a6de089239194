// The thread that re-reads balances.csv for fileBalances().scanPacked(): parsing the file is most
// of a first pass's cost, and here it runs beside the engine that consumes the rows. Batches go
// out packed, their buffers transferred; at most BATCHES_AHEAD_MAX are out before the reader
// waits for the consumer, so memory stays bounded when the consumer is the slower one.

import { parentPort, workerData } from 'node:worker_threads';
import { BalancePacker, packedTransferables, type PackedBalances } from '../packed-balances.ts';
import type { AssetSpec, BalanceScanOptions } from '../types.ts';
import { fileBalances } from './file-balances.ts';

export interface ScanWorkerData {
  path: string;
  assets: AssetSpec[];
  options: BalanceScanOptions;
}

export type ScanRequest = { type: 'more' };
export type ScanReply = { type: 'batch'; packed: PackedBalances } | { type: 'end' } | { type: 'error'; message: string };

export const BATCHES_AHEAD_MAX = 16;

const port = parentPort!;
const { path, assets, options } = workerData as ScanWorkerData;
let credit = BATCHES_AHEAD_MAX;
let wake: (() => void) | null = null;
port.on('message', (request: ScanRequest) => {
  if (request.type === 'more') {
    credit += 1;
    wake?.();
  }
});

try {
  const packer = new BalancePacker();
  // In this thread the file is read in place: no thread of its own.
  const source = fileBalances(path, new Map(assets.map((a) => [a.symbol, a])), 0);
  for await (const batch of source.scan(options)) {
    while (credit === 0) {
      await new Promise<void>((resolve) => (wake = resolve));
      wake = null;
    }
    credit -= 1;
    const packed = packer.pack(batch);
    port.postMessage({ type: 'batch', packed } satisfies ScanReply, packedTransferables(packed));
  }
  port.postMessage({ type: 'end' } satisfies ScanReply);
} catch (error) {
  port.postMessage({ type: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies ScanReply);
}
