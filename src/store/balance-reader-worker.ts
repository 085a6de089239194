// The thread that reads a stored snapshot's balances for storedBalances().scanPacked() on
// PostgreSQL, with a connection of its own: fetching and parsing pages is most of a first pass
// over a stored snapshot, and here it runs beside the engine. Batches go out packed, their
// buffers transferred, through a channel that bounds how many are on their way.

import pg from 'pg';
import { serveStream } from '../threads/serve.ts';
import { BalancePacker, packedTransferables, type PackedBalances } from '../snapshot/packed-balances.ts';
import { copyOutText } from './pg-copy-out.ts';
import { physicalPages, type PagePlan } from './stored-balances.ts';

export interface ReaderWorkerData {
  connection: { url: string; schema?: string };
  plan: PagePlan;
}

/** How far physical order held: the rows handed on, the last line, whether every page was in order. */
export interface ReaderOutcome {
  handed: number;
  last_line: number;
  in_order: boolean;
}

await serveStream<ReaderWorkerData, PackedBalances, ReaderOutcome>(async ({ connection, plan }, send) => {
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
        const packed = packer.pack(batch);
        await send(packed, packedTransferables(packed));
      }
      handed += page.rows;
      last_line = page.last_line;
    }
    return { handed, last_line, in_order };
  } finally {
    await client.end().catch(() => {});
  }
});
