// The thread that turns payout batches into payouts.csv bytes and writes them (payout-file.ts):
// encoding is a third of a compensation's work, and here it runs beside the engine.

import { writeSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { forEachPayout, type PayoutColumns } from './payout-columns.ts';
import { PayoutEncoder, type PayoutAssets } from './payout-encoder.ts';

export type WriterRequest =
  /** `fd`: the file, opened (and closed) by the main thread, so that a stopped worker leaks nothing. */
  | { type: 'open'; fd: number; assets: PayoutAssets; header: string }
  | { type: 'rows'; batch: PayoutColumns }
  | { type: 'finish' };

export type WriterReply = { type: 'written' } | { type: 'finished' } | { type: 'error'; message: string };

const port = parentPort!;
let fd = -1;
let encoder: PayoutEncoder | null = null;

function write(bytes: Buffer): void {
  let offset = 0;
  while (offset < bytes.length) offset += writeSync(fd, bytes, offset, bytes.length - offset);
}

port.on('message', (request: WriterRequest) => {
  try {
    switch (request.type) {
      case 'open':
        fd = request.fd;
        encoder = new PayoutEncoder(request.assets, write);
        encoder.text(request.header);
        return;
      case 'rows': {
        const e = encoder!;
        forEachPayout(request.batch, (id, asset, balance, loss, in_kind, fiat, iou, unpaid, residue, scale) => e.row(id, asset, balance, loss, in_kind, fiat, iou, unpaid, residue, scale));
        port.postMessage({ type: 'written' } satisfies WriterReply);
        return;
      }
      case 'finish':
        encoder!.flush();
        fd = -1;
        port.postMessage({ type: 'finished' } satisfies WriterReply);
        return;
    }
  } catch (error) {
    port.postMessage({ type: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies WriterReply);
  }
});
