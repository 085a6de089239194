// balances.csv: the exchange's liabilities to its customers, one row per account and asset.
// Tens of millions of rows: validated in one streaming pass, handed on in batches, never held whole.

import type { IssueCollector } from '../../errors.ts';
import { emptyBatch, BALANCE_BATCH_ROWS_DEFAULT } from '../memory.ts';
import type { AssetSpec, BalanceBatch, BalanceScanOptions, BalanceSource, BalanceTotal } from '../types.ts';
import { FileContext } from './context.ts';
import { checkHeader } from './csv-header.ts';
import { CsvSyntaxError, readCsvLineBatches } from './csv.ts';
import { readAmount, readIdentifier } from './values.ts';
import { parseAmount } from '../../money/index.ts';

const HEADER = ['account_id', 'asset', 'amount'];
/** A bound on one snapshot: 10M accounts × 10 assets, with room. */
export const BALANCE_ROWS_MAX = 200_000_000;

export interface BalanceValidationResult {
  totals: BalanceTotal[];
  rows: number;
}

export interface BalanceValidationOptions {
  /** Receives each batch of valid rows while the file has no error so far; a store writes them. */
  sink?: (batch: BalanceBatch, first_line: number) => Promise<void>;
  on_progress?: (rows: number) => void;
}

/**
 * V8 keeps a substring of 13+ characters as a view into its parent chunk; kept as a Map key it
 * would pin every 1 MiB chunk of the file. A flat copy keeps memory proportional to accounts.
 */
function ownedString(text: string): string {
  return text.length < 13 ? text : Buffer.from(text, 'utf8').toString('utf8');
}

/** Remembers which (account, asset) pairs were seen: a bitmask per account when assets ≤ 31. */
class PairSet {
  private readonly masks = new Map<string, number>();
  private readonly pairs = new Set<string>();
  constructor(private readonly use_masks: boolean) {}

  /** Adds the pair; false when it was already there. */
  add(account_id: string, asset_index: number): boolean {
    if (this.use_masks) {
      const bit = 1 << asset_index;
      const mask = this.masks.get(account_id);
      if (mask === undefined) {
        this.masks.set(ownedString(account_id), bit);
        return true;
      }
      if ((mask & bit) !== 0) return false;
      this.masks.set(account_id, mask | bit);
      return true;
    }
    const key = `${asset_index}\u0001${account_id}`;
    if (this.pairs.has(key)) return false;
    this.pairs.add(ownedString(key));
    return true;
  }
}

export async function validateBalances(
  path: string,
  file: string,
  assets: readonly AssetSpec[],
  issues: IssueCollector,
  options: BalanceValidationOptions = {},
): Promise<BalanceValidationResult> {
  const context = new FileContext(file, issues);
  const index_by_symbol = new Map(assets.map((a, i) => [a.symbol, i]));
  const totals = assets.map((a) => ({ asset: a.symbol, total_minor: 0n, accounts: 0 }));
  const seen = new PairSet(assets.length <= 31);
  let rows = 0;
  let header_seen = false;
  let batch = emptyBatch();
  let batch_first_line = 0;
  const flush = async (): Promise<void> => {
    if (batch.length > 0 && issues.empty && options.sink !== undefined) await options.sink(batch, batch_first_line);
    batch = emptyBatch();
  };
  try {
    for await (const lines of readCsvLineBatches(path)) {
      for (const { line, fields } of lines) {
        if (line === 1) {
          header_seen = true;
          if (checkHeader(context, fields, [HEADER]) === undefined) return { totals, rows: 0 };
          continue;
        }
        if (fields.length === 0) continue;
        if (fields.length !== 3) {
          context.atLine(line, undefined, 'csv.field_count', { found: fields.length, expected: 3 });
          continue;
        }
        const [account_text, asset, amount_text] = fields as [string, string, string];
        const account_id = readIdentifier(account_text, (code, params) => context.atLine(line, 'account_id', code, params));
        const asset_index = index_by_symbol.get(asset);
        if (asset_index === undefined) context.atLine(line, 'asset', 'snapshot.unknown_asset', { asset });
        const spec = asset_index === undefined ? undefined : assets[asset_index]!;
        const amount_minor = spec === undefined ? undefined : readAmount(amount_text, spec.decimals, spec.symbol, (code, params) => context.atLine(line, 'amount', code, params));
        if (account_id === undefined || asset_index === undefined || amount_minor === undefined) continue;
        if (!seen.add(account_id, asset_index)) {
          context.atLine(line, 'account_id', 'snapshot.balance_duplicate', { account: account_id, asset });
          continue;
        }
        rows += 1;
        if (rows > BALANCE_ROWS_MAX) {
          context.atLine(line, undefined, 'snapshot.too_many', { max: BALANCE_ROWS_MAX });
          return { totals, rows };
        }
        const total = totals[asset_index]!;
        total.total_minor += amount_minor;
        total.accounts += 1;
        if (batch.length === 0) batch_first_line = line;
        batch.account_id.push(account_id);
        batch.asset.push(asset);
        batch.amount_minor.push(amount_minor);
        batch.length += 1;
        if (batch.length >= BALANCE_BATCH_ROWS_DEFAULT) await flush();
      }
      options.on_progress?.(rows);
    }
  } catch (error) {
    if (error instanceof CsvSyntaxError) {
      context.atLine(error.line, undefined, `csv.${error.reason}`);
      return { totals, rows };
    }
    throw error;
  }
  if (!header_seen) checkHeader(context, undefined, [HEADER]);
  await flush();
  return { totals, rows };
}

/** Balances re-read from a file that validateBalances accepted: no checks, same order. */
export function fileBalances(path: string, assets: ReadonlyMap<string, AssetSpec>): BalanceSource {
  return {
    async *scan(options: BalanceScanOptions = {}): AsyncIterable<BalanceBatch> {
      const batch_rows = options.batch_rows ?? BALANCE_BATCH_ROWS_DEFAULT;
      const wanted = options.assets === undefined ? null : new Set(options.assets);
      let batch = emptyBatch();
      for await (const lines of readCsvLineBatches(path)) {
        for (const { line, fields } of lines) {
          if (line === 1 || fields.length === 0) continue;
          const asset = fields[1]!;
          if (wanted !== null && !wanted.has(asset)) continue;
          batch.account_id.push(fields[0]!);
          batch.asset.push(asset);
          batch.amount_minor.push(parseAmount(fields[2]!, assets.get(asset)!.decimals));
          batch.length += 1;
          if (batch.length >= batch_rows) {
            yield batch;
            batch = emptyBatch();
          }
        }
      }
      if (batch.length > 0) yield batch;
    },
  };
}
