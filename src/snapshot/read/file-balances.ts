// balances.csv re-read for the engines, after validateBalances accepted it: no checks, file order.

import { emptyBatch, BALANCE_BATCH_ROWS_DEFAULT } from '../memory.ts';
import type { AssetSpec, BalanceBatch, BalanceScanOptions, BalanceSource } from '../types.ts';
import { minorDigits } from './balances.ts';
import { readLineChunks } from './chunks.ts';
import { splitCsvLine } from './csv.ts';

/** Balances re-read from a file that validateBalances accepted: no checks, same order. */
export function fileBalances(path: string, assets: ReadonlyMap<string, AssetSpec>): BalanceSource {
  const decimals_by_symbol = new Map([...assets.values()].map((a) => [a.symbol, a.decimals]));
  return {
    async *scan(options: BalanceScanOptions = {}): AsyncIterable<BalanceBatch> {
      const batch_rows = options.batch_rows ?? BALANCE_BATCH_ROWS_DEFAULT;
      const wanted = options.assets === undefined ? null : new Set(options.assets);
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
            let amount: string;
            if (next_quote !== -1 && next_quote < end) {
              [account_id, asset, amount] = splitCsvLine(text.slice(position, end), 0) as [string, string, string];
            } else {
              const comma1 = text.indexOf(',', position);
              const comma2 = text.indexOf(',', comma1 + 1);
              account_id = text.slice(position, comma1);
              asset = text.slice(comma1 + 1, comma2);
              amount = text.slice(comma2 + 1, end);
            }
            if (wanted === null || wanted.has(asset)) {
              const decimals = decimals_by_symbol.get(asset)!;
              batch.account_id.push(account_id);
              batch.asset.push(asset);
              batch.amount_minor.push(BigInt(minorDigits(amount, decimals)!));
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
