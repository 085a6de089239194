// payouts.csv, written as rows stream in: in this thread, or for large runs by a worker thread
// that encodes beside the engine. Either way the bytes are the same, and the file appears under
// its final name only once complete (written to a temporary name, then renamed).

import { closeSync, createWriteStream, openSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { workerSink } from '../threads/channel.ts';
import { PAYOUTS_HEADER } from './csv.ts';
import { PayoutColumnsBuilder, transferables, type PayoutColumns } from './payout-columns.ts';
import { PayoutEncoder, type PayoutAssets } from './payout-encoder.ts';
import type { WriterData } from './payout-writer-worker.ts';
import type { PayoutRow, PayoutSink } from './types.ts';

export const PAYOUTS_FILE = 'payouts.csv';
/** Below this many balance rows, starting a thread (it loads its own sources) does not pay. */
export const WRITER_THREAD_ROWS_MIN = 200_000;
/** Rows per batch handed to the writer thread. */
const BATCH_ROWS = 8192;
/** Batches on their way to the writer thread beyond which the engine waits. */
const BATCHES_IN_FLIGHT_MAX = 8;
/** Bytes queued for the file beyond which the engine waits for the disk (in-thread writing). */
const QUEUED_BYTES_MAX = 16 << 20;

export interface PayoutFile {
  sink: PayoutSink;
  /** Flushes, closes and moves the file to its final name. */
  finish(): Promise<void>;
  /** Removes the partial file (after an error). */
  abandon(): Promise<void>;
}

export interface PayoutFileOptions {
  /** Encode and write in a worker thread. */
  threaded: boolean;
}

export function openPayoutFile(path: string, assets: PayoutAssets, options: PayoutFileOptions): PayoutFile {
  return options.threaded ? threadedFile(path, assets) : inThreadFile(path, assets);
}

/** Asset index of a row's symbol, remembering the last one: rows come in runs of few assets. */
function assetIndexer(assets: PayoutAssets): (symbol: string) => number {
  const index = new Map(assets.symbols.map((s, i) => [s, i]));
  let last_symbol = '';
  let last_index = -1;
  return (symbol) => {
    if (symbol !== last_symbol) {
      const found = index.get(symbol);
      if (found === undefined) throw new Error(`payouts.csv: a row of an unknown asset ${symbol}`);
      last_symbol = symbol;
      last_index = found;
    }
    return last_index;
  };
}

function inThreadFile(path: string, assets: PayoutAssets): PayoutFile {
  const temporary = `${path}.partial`;
  const stream = createWriteStream(temporary, { highWaterMark: QUEUED_BYTES_MAX });
  let failure: Error | null = null;
  let wake: (() => void) | null = null;
  stream.on('error', (error) => {
    failure = error;
    wake?.();
  });
  stream.on('drain', () => wake?.());
  const encoder = new PayoutEncoder(assets, (bytes) => void stream.write(bytes));
  encoder.text(PAYOUTS_HEADER + '\n');
  const indexOf = assetIndexer(assets);
  return {
    sink: {
      row(row: PayoutRow) {
        encoder.row(row.account_id, indexOf(row.asset), row.balance_minor, row.loss_minor, row.paid_in_kind_minor, row.paid_fiat_minor, row.iou_minor, row.unpaid_claim_minor, row.rounding_residue.coef, row.rounding_residue.scale);
      },
      async flush() {
        if (failure !== null) throw failure;
        if (stream.writableLength < QUEUED_BYTES_MAX) return;
        await new Promise<void>((resolve) => (wake = resolve));
        wake = null;
        if (failure !== null) throw failure;
      },
    },
    async finish() {
      encoder.flush();
      await new Promise<void>((resolve, reject) => stream.end((error?: Error | null) => (error ? reject(error) : resolve())));
      if (failure !== null) throw failure;
      await rename(temporary, path);
    },
    async abandon() {
      // The file is opened asynchronously: removed before the stream has closed, it could be
      // created after the removal.
      if (!stream.closed) {
        const closed = new Promise<void>((resolve) => stream.once('close', () => resolve()));
        stream.destroy();
        await closed;
      }
      await rm(temporary, { force: true });
    },
  };
}

function threadedFile(path: string, assets: PayoutAssets): PayoutFile {
  const temporary = `${path}.partial`;
  const fd = openSync(temporary, 'w');
  const data: WriterData = { fd, assets: { symbols: [...assets.symbols], decimals: [...assets.decimals], base_decimals: assets.base_decimals }, header: PAYOUTS_HEADER + '\n' };
  const writer = workerSink<PayoutColumns>(new URL('./payout-writer-worker.ts', import.meta.url), { label: 'payouts.csv writer', data, in_flight_max: BATCHES_IN_FLIGHT_MAX });
  let open = true;
  const closeOnce = (): void => {
    if (open) closeSync(fd);
    open = false;
  };
  const builder = new PayoutColumnsBuilder(BATCH_ROWS);
  const post = (): void => {
    const batch = builder.take();
    writer.send(batch, transferables(batch));
  };
  const indexOf = assetIndexer(assets);
  return {
    sink: {
      row(row: PayoutRow) {
        builder.add(row, indexOf(row.asset));
        if (builder.full) post();
      },
      flush: () => writer.ready(),
    },
    async finish() {
      if (!builder.empty) post();
      try {
        await writer.close();
      } finally {
        closeOnce();
      }
      await rename(temporary, path);
    },
    async abandon() {
      await writer.abort();
      closeOnce();
      await rm(temporary, { force: true });
    },
  };
}
