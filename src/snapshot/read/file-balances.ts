// balances.csv re-read for the engines, after validateBalances accepted it: no checks, file order.
// Packed scans of a large file are parsed in a worker thread (balance-scan-worker.ts).

import { workerStream } from '../../threads/channel.ts';
import { emptyBatch, BALANCE_BATCH_ROWS_DEFAULT } from '../memory.ts';
import { BalancePacker, type PackedBalances } from '../packed-balances.ts';
import type { AssetSpec, BalanceBatch, BalanceScanOptions, BalanceSource } from '../types.ts';
import type { ScanWorkerData } from './balance-scan-worker.ts';
import { minorDigits } from './balances.ts';
import { readLineChunks } from './chunks.ts';
import { splitCsvLine } from './csv.ts';

/** Below this many rows, starting a thread (it loads its own sources) does not pay. */
export const SCAN_THREAD_ROWS_MIN = 500_000;

/**
 * Balances re-read from a file that validateBalances accepted: no checks, same order. `rows` is
 * how many the file holds: packed scans of SCAN_THREAD_ROWS_MIN rows or more run in a worker.
 */
export function fileBalances(path: string, assets: ReadonlyMap<string, AssetSpec>, rows: number): BalanceSource {
  const decimals_by_symbol = new Map([...assets.values()].map((a) => [a.symbol, a.decimals]));
  return {
    async *scanPacked(options: BalanceScanOptions = {}): AsyncIterable<PackedBalances> {
      if (options.reader_thread ?? rows >= SCAN_THREAD_ROWS_MIN) {
        const { reader_thread: _, ...scan_options } = options;
        yield* scanInWorker({ path, assets: [...assets.values()], options: scan_options });
        return;
      }
      const packer = new BalancePacker();
      for await (const batch of this.scan(options)) yield packer.pack(batch);
    },
    async *scan(options: BalanceScanOptions = {}): AsyncIterable<BalanceBatch> {
      const batch_rows = options.batch_rows ?? BALANCE_BATCH_ROWS_DEFAULT;
      // One lookup per row: the decimals of a wanted asset, undefined for the others.
      const wanted_decimals = options.assets === undefined ? decimals_by_symbol : new Map(options.assets.map((a) => [a, decimals_by_symbol.get(a)!] as const));
      let batch = emptyBatch();
      for await (const { text, first_line } of readLineChunks(path)) {
        let position = 0;
        // The header is line 1 of the first chunk.
        if (first_line === 1) position = text.indexOf('\n') + 1;
        let next_quote = text.indexOf('"');
        while (position < text.length) {
          let end = text.indexOf('\n', position);
          const next = end + 1;
          if (end > position && text.charCodeAt(end - 1) === 13) end -= 1;
          if (end > position) {
            if (next_quote !== -1 && next_quote < position) next_quote = text.indexOf('"', position);
            let account_id: string;
            let asset: string;
            let amount_text: string | null = null;
            let amount_start = 0;
            if (next_quote !== -1 && next_quote < end) {
              [account_id, asset, amount_text] = splitCsvLine(text.slice(position, end), 0) as [string, string, string];
            } else {
              const comma1 = text.indexOf(',', position);
              const comma2 = text.indexOf(',', comma1 + 1);
              account_id = text.slice(position, comma1);
              asset = text.slice(comma1 + 1, comma2);
              amount_start = comma2 + 1;
            }
            const decimals = wanted_decimals.get(asset);
            if (decimals !== undefined) {
              batch.account_id.push(account_id);
              batch.asset.push(asset);
              batch.amount_minor.push(amount_text === null ? amountMinorAt(text, amount_start, end, decimals) : amountMinorOf(amount_text, decimals));
              batch.length += 1;
              if (batch.length >= batch_rows) {
                yield batch;
                batch = emptyBatch();
              }
            }
          }
          position = next;
        }
      }
      if (batch.length > 0) yield batch;
    },
  };
}

/** Powers of ten that doubles hold exactly. */
const POW10 = Array.from({ length: 16 }, (_, i) => 10 ** i);
/** Up to 15 digits, an integer is below 2^53: exact in a double. */
const DOUBLE_DIGITS_MAX = 15;

/**
 * The amount text[start, end) in minor units. Most amounts have at most 15 digits once scaled and
 * are read as a double, exactly, with no string made; longer ones go through minorDigits.
 */
export function amountMinorAt(text: string, start: number, end: number, decimals: number): bigint {
  let value = 0;
  let dot = -1;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) value = value * 10 + (c - 48);
    else if (c === 46 && dot === -1) dot = i;
    else return amountMinorOf(text.slice(start, end), decimals);
  }
  if (start === end) return amountMinorOf('', decimals);
  const fraction_digits = dot === -1 ? 0 : end - dot - 1;
  const digits = end - start - (dot === -1 ? 0 : 1) + decimals - fraction_digits;
  if (digits <= DOUBLE_DIGITS_MAX && fraction_digits <= decimals) return BigInt(value * POW10[decimals - fraction_digits]!);
  return amountMinorOf(text.slice(start, end), decimals);
}

function amountMinorOf(text: string, decimals: number): bigint {
  const digits = minorDigits(text, decimals);
  // validateBalances accepted this file; an amount it would refuse means the file changed since.
  if (digits === null) throw new Error(`balances.csv changed after validation: amount '${text}'`);
  return BigInt(digits);
}

/** Batches on their way from the reader thread beyond which it waits for the consumer. */
const BATCHES_AHEAD_MAX = 16;

/** The packed batches of a worker's scan, in order; the worker stops when the consumer does. */
function scanInWorker(data: ScanWorkerData): AsyncIterable<PackedBalances> {
  return workerStream<PackedBalances>(new URL('./balance-scan-worker.ts', import.meta.url), { label: 'balances.csv reader thread', data, ahead_max: BATCHES_AHEAD_MAX });
}
