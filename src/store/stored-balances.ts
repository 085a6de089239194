// A stored snapshot's balances, streamed in line order from its partition of balances
// (schema.ts). The import wrote the partition once, by COPY in line order, so its physical order
// is line order: pages of heap blocks (TID-range scans, which unlike sequential scans never start
// mid-table to follow another scan) need neither an index nor a sort. Each page goes through COPY,
// which takes literals, not parameters. Every line must exceed the one before; should one not
// (rows rewritten in place by hand), an ordered read takes over from the last line handed on,
// provided every row up to it was handed on. On PostgreSQL a large packed scan reads its pages
// in a thread of its own (balance-reader-worker.ts), beside the engine that consumes them.

import { UserError } from '../errors.ts';
import { workerStream } from '../threads/channel.ts';
import { BALANCE_BATCH_ROWS_DEFAULT } from '../snapshot/memory.ts';
import { BalancePacker, type PackedBalances } from '../snapshot/packed-balances.ts';
import type { BalanceBatch, BalanceScanOptions, BalanceSource } from '../snapshot/types.ts';
import type { SqlRunner } from './adapter.ts';
import { parseBalancePage, type BalancePage } from './balance-page.ts';
import type { ReaderOutcome, ReaderWorkerData } from './balance-reader-worker.ts';
import { balancePartition } from './partition.ts';
import { int } from './values.ts';

/** A scan asking for more rows per batch gets this many: one batch must fit in memory easily. */
export const BALANCE_BATCH_ROWS_MAX = 1_048_576;
/** Rows per page of the ordered read that takes over if physical order ever is not line order. */
const ORDERED_PAGE_ROWS_MIN = 262_144;
/** Below this many rows, starting a thread (it loads its own sources) does not pay. */
export const READER_THREAD_ROWS_MIN = 500_000;
const COLUMNS = 'line, account_id, asset, amount_minor';

/** What a physical-order read of one partition asks for, page by page. */
export interface PagePlan {
  partition: string;
  /** `AND asset IN (…)`, or empty. */
  asset_filter: string;
  blocks: number;
  page_blocks: number;
  batch_rows: number;
}

/**
 * The partition's pages in physical order, parsed; the last one yielded may be out of order, and
 * then nothing follows. The next page is asked for before this one is parsed: the server reads
 * it meanwhile.
 */
export async function* physicalPages(copyOut: (select: string) => Promise<string>, plan: PagePlan): AsyncGenerator<BalancePage> {
  const pageAt = (first: number): Promise<string> | null => {
    if (first >= plan.blocks) return null;
    const text = copyOut(`SELECT ${COLUMNS} FROM ${plan.partition} WHERE ctid >= '(${first},0)' AND ctid < '(${first + plan.page_blocks},0)'${plan.asset_filter}`);
    // Awaited below, or abandoned with the scan: never an unhandled rejection.
    text.catch(() => {});
    return text;
  };
  let last_line = 0;
  let next = pageAt(0);
  for (let first = 0; next !== null; first += plan.page_blocks) {
    const text = await next;
    next = pageAt(first + plan.page_blocks);
    const page = parseBalancePage(text, last_line, plan.batch_rows);
    yield page;
    if (!page.in_order) return;
    last_line = page.last_line;
  }
}

export function storedBalances(db: SqlRunner, id: string, key: number, balance_rows: number): BalanceSource {
  const partition = balancePartition(key);

  const planOf = async (options: BalanceScanOptions): Promise<PagePlan | null> => {
    if (options.assets !== undefined && options.assets.length === 0) return null;
    const batch_rows = Math.min(Math.max(1, Math.floor(options.batch_rows ?? BALANCE_BATCH_ROWS_DEFAULT)), BALANCE_BATCH_ROWS_MAX);
    const asset_filter = options.assets === undefined ? '' : ` AND asset IN (${options.assets.map(sqlLiteral).join(', ')})`;
    const [size] = await db.query(`SELECT pg_relation_size('${partition}') / current_setting('block_size')::int AS blocks`);
    const blocks = int(size!.blocks);
    const page_blocks = Math.max(1, Math.floor((batch_rows * Math.max(1, blocks)) / Math.max(1, balance_rows)));
    return { partition, asset_filter, blocks, page_blocks, batch_rows };
  };

  /** The rows after `last_line`, by line, once physical order failed with `handed` rows handed on. */
  async function* orderedRest(plan: PagePlan, handed: number, last_line: number): AsyncGenerator<BalanceBatch> {
    if (handed > 0) {
      const [before] = await db.query(`SELECT count(*) AS rows FROM ${partition} WHERE line <= $1${plan.asset_filter}`, [last_line]);
      if (int(before!.rows) !== handed) throw new Error(`store: balances of snapshot ${id} are not stored in line order, and ${handed} rows were handed on before it showed`);
    }
    const page_rows = Math.max(plan.batch_rows, ORDERED_PAGE_ROWS_MIN);
    for (;;) {
      const page = parseBalancePage(await db.copyOut(`SELECT ${COLUMNS} FROM ${partition} WHERE line > ${last_line}${plan.asset_filter} ORDER BY line LIMIT ${page_rows}`), last_line, plan.batch_rows);
      if (!page.in_order) throw new Error(`store: balances of snapshot ${id} read by line come out of order`);
      if (page.rows === 0) return;
      yield* page.batches;
      last_line = page.last_line;
      if (page.rows < page_rows) return;
    }
  }

  const checkCount = (options: BalanceScanOptions, handed: number): void => {
    if (options.assets === undefined && handed !== balance_rows) throw new Error(`store: snapshot ${id} has ${balance_rows} balance rows, ${handed} were read`);
  };

  return {
    async *scan(options: BalanceScanOptions = {}): AsyncIterable<BalanceBatch> {
      const plan = await planOf(options);
      if (plan === null) return;
      let handed = 0;
      let last_line = 0;
      let in_order = true;
      for await (const page of physicalPages((select) => db.copyOut(select), plan)) {
        in_order = page.in_order;
        if (!in_order) break;
        yield* page.batches;
        handed += page.rows;
        last_line = page.last_line;
      }
      if (!in_order) {
        for await (const batch of orderedRest(plan, handed, last_line)) {
          handed += batch.length;
          yield batch;
        }
      }
      checkCount(options, handed);
    },

    async *scanPacked(options: BalanceScanOptions = {}): AsyncIterable<PackedBalances> {
      const { reader_thread, ...scan_options } = options;
      const packer = new BalancePacker();
      const connection = db.reader_connection;
      if (connection === undefined || !(reader_thread ?? balance_rows >= READER_THREAD_ROWS_MIN)) {
        for await (const batch of this.scan(scan_options)) yield packer.pack(batch);
        return;
      }
      const plan = await planOf(scan_options);
      if (plan === null) return;
      const outcome = yield* readInWorker({ connection, plan });
      let handed = outcome.handed;
      if (!outcome.in_order) {
        for await (const batch of orderedRest(plan, outcome.handed, outcome.last_line)) {
          handed += batch.length;
          yield packer.pack(batch);
        }
      }
      checkCount(scan_options, handed);
    },
  };
}

/** Batches on their way from the reader thread beyond which it waits for the consumer. */
const BATCHES_AHEAD_MAX = 16;

/** The packed batches a reader thread reads, in order; then how far it got in physical order. */
function readInWorker(data: ReaderWorkerData): AsyncGenerator<PackedBalances, ReaderOutcome> {
  return workerStream<PackedBalances, ReaderOutcome>(new URL('./balance-reader-worker.ts', import.meta.url), { label: 'balances reader thread', data, ahead_max: BATCHES_AHEAD_MAX });
}

/** An escape-string literal: E'' reads backslashes the same whatever standard_conforming_strings says. */
function sqlLiteral(text: string): string {
  if (text.includes('\u0000')) throw new UserError('store.nul_character', { where: `asset ${JSON.stringify(text)}` });
  return `E'${text.replaceAll('\\', '\\\\').replaceAll("'", "''")}'`;
}

