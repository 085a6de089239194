// prices.csv: price history and trades, in the base currency.

import type { IssueCollector } from '../../errors.ts';
import type { TextEncoding } from '../../input/text.ts';
import { sortPrices } from '../prices.ts';
import type { AssetSpec, PriceRow } from '../types.ts';
import { FileContext } from '../../input/context.ts';
import { checkHeader } from '../../input/csv-header.ts';
import { CsvSyntaxError, readCsvLineBatches } from '../../input/csv.ts';
import { readDecimal, readIdentifier, readTimestamp } from '../../input/values.ts';

/** Price files are history, not ledgers: a bound keeps them in memory comfortably. */
export const PRICE_ROWS_MAX = 5_000_000;

const HEADERS = [
  ['time', 'asset', 'price'],
  ['time', 'asset', 'price', 'volume'],
  ['time', 'asset', 'price', 'volume', 'venue'],
];

export async function parsePrices(path: string, file: string, assets: ReadonlyMap<string, AssetSpec>, base_currency: string, issues: IssueCollector, encoding: TextEncoding = 'utf-8'): Promise<PriceRow[]> {
  const context = new FileContext(file, issues);
  const rows: PriceRow[] = [];
  let columns: string[] | undefined;
  try {
    for await (const batch of readCsvLineBatches(path, encoding)) {
      for (const { line, fields } of batch) {
        if (line === 1) {
          columns = checkHeader(context, fields, HEADERS);
          if (columns === undefined) return [];
          continue;
        }
        if (fields.length === 0) continue;
        if (fields.length !== columns!.length) {
          context.atLine(line, undefined, 'csv.field_count', { found: fields.length, expected: columns!.length });
          continue;
        }
        if (rows.length >= PRICE_ROWS_MAX) {
          context.atLine(line, undefined, 'snapshot.too_many', { max: PRICE_ROWS_MAX });
          return rows;
        }
        const [time, asset, price_text, volume_text, venue_text] = fields as [string, string, string, string?, string?];
        const time_ms = readTimestamp(time, (code, params) => context.atLine(line, 'time', code, params));
        let asset_ok = true;
        if (!assets.has(asset)) {
          context.atLine(line, 'asset', 'snapshot.unknown_asset', { asset });
          asset_ok = false;
        } else if (asset === base_currency) {
          context.atLine(line, 'asset', 'snapshot.base_price_row', { asset });
          asset_ok = false;
        }
        const price = readDecimal(price_text, (code, params) => context.atLine(line, 'price', code, params));
        if (price !== undefined && price.coef === 0n) context.atLine(line, 'price', 'snapshot.price_zero', {});
        const volume = volume_text === undefined || volume_text === '' ? undefined : readDecimal(volume_text, (code, params) => context.atLine(line, 'volume', code, params));
        const venue = venue_text === undefined || venue_text === '' ? undefined : readIdentifier(venue_text, (code, params) => context.atLine(line, 'venue', code, params));
        if (time_ms === undefined || !asset_ok || price === undefined || price.coef === 0n) continue;
        if (volume_text !== undefined && volume_text !== '' && volume === undefined) continue;
        rows.push({ time, time_ms, asset, price, ...(volume === undefined ? {} : { volume }), ...(venue === undefined ? {} : { venue }) });
      }
    }
  } catch (error) {
    if (error instanceof CsvSyntaxError) {
      context.atLine(error.line, error.fieldOf(columns ?? HEADERS[HEADERS.length - 1]!), error.code, error.params);
      return rows;
    }
    throw error;
  }
  if (columns === undefined) checkHeader(context, undefined, HEADERS);
  return sortPrices(rows);
}
