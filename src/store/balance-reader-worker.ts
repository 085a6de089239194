// The thread that reads a stored snapshot's balances for storedBalances().scanPacked() on
// PostgreSQL, with a connection of its own: fetching and parsing pages is most of a first pass
// over a stored snapshot, and here it runs beside the engine. Batches go out packed, their
// buffers transferred; at most BATCHES_AHEAD_MAX are out before the reader waits for the consumer.

import pg from 'pg';
import { parentPort, workerData } from 'node:worker_threads';
import { BalancePacker, packedTransferables, type PackedBalances } from '../snapshot/packed-balances.ts';
import { copyOutText } from './pg-copy-out.ts';
import { physicalPages, type PagePlan } from './stored-balances.ts';

export interface ReaderWorkerData {
  connection: { url: string; schema?: string };
  plan: PagePlan;
}

export type ReaderRequest = { type: 'more' };
export type ReaderReply =
  | { type: 'batch'; packed: PackedBalances }
  /** How far physical order held: the rows handed on, the last line, whether every page was in order. */
  | { type: 'end'; handed: number; last_line: number; in_order: boolean }
  | { type: 'error'; message: string };

const BATCHES_AHEAD_MAX = 16;

const port = parentPort!;
const { connection, plan } = workerData as ReaderWorkerData;
let credit = BATCHES_AHEAD_MAX;
let wake: (() => void) | null = null;
port.on('message', (request: ReaderRequest) => {
  if (request.type === 'more') {
    credit += 1;
    wake?.();
  }
});

const client = new pg.Client({ connectionString: connection.url, application_name: 'hozen-reader', ...(connection.schema === undefined ? {} : { options: `-c search_path=${connection.schema}` }) });
try {
  await client.connect();
  const packer = new BalancePacker();
  let handed = 0;
  let last_line = 0;
  let in_order = true;
  for await (const page of physicalPages((select) => copyOutText(client, select), plan)) {
    if (!page.in_order) {
      in_order = false;
      break;
    }
    for (const batch of page.batches) {
      while (credit === 0) {
        await new Promise<void>((resolve) => (wake = resolve));
        wake = null;
      }
      credit -= 1;
      const packed = packer.pack(batch);
      port.postMessage({ type: 'batch', packed } satisfies ReaderReply, packedTransferables(packed));
    }
    handed += page.rows;
    last_line = page.last_line;
  }
  port.postMessage({ type: 'end', handed, last_line, in_order } satisfies ReaderReply);
} catch (error) {
  port.postMessage({ type: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies ReaderReply);
} finally {
  await client.end().catch(() => {});
}
