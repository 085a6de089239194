// The thread that re-reads balances.csv for fileBalances().scanPacked(): parsing the file is most
// of a first pass's cost, and here it runs beside the engine that consumes the rows. Batches go
// out packed, their buffers transferred, through a channel that bounds how many are on their way.

import { serveStream } from '../../threads/serve.ts';
import { BalancePacker, packedTransferables, type PackedBalances } from '../packed-balances.ts';
import type { AssetSpec, BalanceScanOptions } from '../types.ts';
import { fileBalances } from './file-balances.ts';

export interface ScanWorkerData {
  path: string;
  assets: AssetSpec[];
  options: BalanceScanOptions;
}

await serveStream<ScanWorkerData, PackedBalances>(async ({ path, assets, options }, send) => {
  const packer = new BalancePacker();
  // In this thread the file is read in place: no thread of its own.
  const source = fileBalances(path, new Map(assets.map((a) => [a.symbol, a])), 0);
  for await (const batch of source.scan(options)) {
    const packed = packer.pack(batch);
    await send(packed, packedTransferables(packed));
  }
});
