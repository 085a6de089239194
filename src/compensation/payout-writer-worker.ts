// The thread that turns payout batches into payouts.csv bytes and writes them (payout-file.ts):
// encoding is a third of a compensation's work, and here it runs beside the engine.

import { writeSync } from 'node:fs';
import { serveSink } from '../threads/serve.ts';
import { forEachPayout, type PayoutColumns } from './payout-columns.ts';
import { PayoutEncoder, type PayoutAssets } from './payout-encoder.ts';

export interface WriterData {
  /** The file, opened (and closed) by the main thread, so that a stopped worker leaks nothing. */
  fd: number;
  assets: PayoutAssets;
  header: string;
}

serveSink<WriterData, PayoutColumns>(({ fd, assets, header }) => {
  const write = (bytes: Buffer): void => {
    let offset = 0;
    while (offset < bytes.length) offset += writeSync(fd, bytes, offset, bytes.length - offset);
  };
  const encoder = new PayoutEncoder(assets, write);
  encoder.text(header);
  return {
    take(batch) {
      forEachPayout(batch, (id, asset, balance, loss, in_kind, fiat, iou, unpaid, residue, scale) => encoder.row(id, asset, balance, loss, in_kind, fiat, iou, unpaid, residue, scale));
    },
    end() {
      encoder.flush();
    },
  };
});
