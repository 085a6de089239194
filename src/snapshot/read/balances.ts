// balances.csv: the exchange's liabilities to its customers, one row per account and asset.
// Tens of millions of rows: validated in one streaming pass, handed on in batches, never held whole.
// This string path is the reference: the import reads the file's bytes (balance-bytes.ts), which
// must accept exactly the rows accepted here, and sends every row it does not accept itself to
// explainBalanceRow below, so that both report the same issues.

import type { IssueCollector } from '../../errors.ts';
import { BALANCE_BATCH_ROWS_DEFAULT } from '../memory.ts';
import type { AssetSpec, BalanceImportBatch, BalanceTotal } from '../types.ts';
import { FileContext } from '../../input/context.ts';
import { checkHeader } from '../../input/csv-header.ts';
import { CsvSyntaxError, splitCsvLine } from '../../input/csv.ts';
import { readLineChunks } from '../../input/chunks.ts';
import { readAmount, readIdentifier } from '../../input/values.ts';
import { AMOUNT_DIGITS_MAX, ExactSum, minorUnitDigits } from '../../money/index.ts';

export const BALANCES_HEADER = ['account_id', 'asset', 'amount'];
/** A bound on one snapshot: 10M accounts × 10 assets, with room. */
export const BALANCE_ROWS_MAX = 200_000_000;

export interface BalanceValidationResult {
  totals: BalanceTotal[];
  rows: number;
}

export interface BalanceValidationOptions {
  /** Receives each batch of valid rows while the file has no error so far (the byte reader's tests compare them with its own). */
  sink?: (batch: BalanceImportBatch) => Promise<void>;
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
export class PairSet {
  /** Per account, a bit per asset index; the byte reader reads and writes it directly. */
  readonly masks = new Map<string, number>();
  private readonly pairs = new Set<string>();
  constructor(readonly use_masks: boolean) {}

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

function emptyImportBatch(): BalanceImportBatch {
  return { length: 0, line: [], account_id: [], asset: [], amount_minor_digits: [] };
}

const ACCOUNT_ID_PATTERN = /^[^\s\u0000-\u001f\u007f](?:[^\u0000-\u001f\u007f]{0,126}[^\s\u0000-\u001f\u007f])?$/;

/** The reader's bound on top of minorUnitDigits: at most AMOUNT_DIGITS_MAX digits in minor units. */
export function minorDigits(text: string, decimals: number): string | null {
  if (text.length > 80) return null;
  const digits = minorUnitDigits(text, decimals);
  return digits === null || digits.length > AMOUNT_DIGITS_MAX ? null : digits;
}

export interface ExplainedRow {
  account_id: string;
  asset: string;
  /** The asset's index in the manifest. */
  index: number;
  /** The amount in minor units, decimal digits without leading zeros. */
  digits: string;
}

/**
 * Reports what is wrong with one row (`raw`, without its line end), field by field; or returns
 * its values when it is valid after unquoting. Duplicates are the caller's to find.
 */
export function explainBalanceRow(context: FileContext, assets: readonly AssetSpec[], asset_index: ReadonlyMap<string, number>, line: number, raw: string): ExplainedRow | undefined {
  let fields: string[];
  try {
    fields = splitCsvLine(raw, line);
  } catch (error) {
    if (error instanceof CsvSyntaxError) {
      context.atLine(line, undefined, error.code, error.params);
      return undefined;
    }
    throw error;
  }
  if (fields.length !== 3) {
    context.atLine(line, undefined, 'csv.field_count', { found: fields.length, expected: 3 });
    return undefined;
  }
  const [account_text, asset, amount_text] = fields as [string, string, string];
  const account_id = readIdentifier(account_text, (code, params) => context.atLine(line, 'account_id', code, params));
  const index = asset_index.get(asset);
  if (index === undefined) context.atLine(line, 'asset', 'snapshot.unknown_asset', { asset });
  const spec = index === undefined ? undefined : assets[index]!;
  const amount_minor = spec === undefined ? undefined : readAmount(amount_text, spec.decimals, spec.symbol, (code, params) => context.atLine(line, 'amount', code, params));
  if (account_id === undefined || index === undefined || amount_minor === undefined) return undefined;
  return { account_id, asset, index, digits: amount_minor.toString() };
}

export async function validateBalances(
  path: string,
  file: string,
  assets: readonly AssetSpec[],
  issues: IssueCollector,
  options: BalanceValidationOptions = {},
): Promise<BalanceValidationResult> {
  const context = new FileContext(file, issues);
  const asset_index = new Map(assets.map((a, i) => [a.symbol, i]));
  const sums = assets.map(() => new ExactSum());
  const accounts = assets.map(() => 0);
  const seen = new PairSet(assets.length <= 31);
  let rows = 0;
  let header_seen = false;
  let batch = emptyImportBatch();
  const flush = async (): Promise<void> => {
    if (batch.length > 0 && issues.empty && options.sink !== undefined) await options.sink(batch);
    batch = emptyImportBatch();
  };
  const totalsNow = (): BalanceTotal[] => assets.map((a, i) => ({ asset: a.symbol, total_minor: sums[i]!.total, accounts: accounts[i]! }));

  // The slow, precise path: explains what is wrong with a row the fast path refused.
  const explain = (line: number, raw: string): void => {
    const row = explainBalanceRow(context, assets, asset_index, line, raw);
    if (row !== undefined) accept(line, row.account_id, row.asset, row.index, row.digits);
  };

  const accept = (line: number, account_id: string, asset: string, index: number, digits: string): void => {
    if (!seen.add(account_id, index)) {
      context.atLine(line, 'account_id', 'snapshot.balance_duplicate', { account: account_id, asset });
      return;
    }
    rows += 1;
    sums[index]!.add(digits);
    accounts[index]! += 1;
    batch.line.push(line);
    batch.account_id.push(account_id);
    batch.asset.push(asset);
    batch.amount_minor_digits.push(digits);
    batch.length += 1;
  };

  try {
    for await (const { text, first_line } of readLineChunks(path)) {
      let line = first_line;
      let position = 0;
      const length = text.length;
      // Quotes are rare: find the next one once, not once per row (which would be quadratic).
      let next_quote = text.indexOf('"');
      while (position < length) {
        let end = text.indexOf('\n', position);
        const next = end + 1;
        if (end > position && text.charCodeAt(end - 1) === 13) end -= 1;
        if (line === 1) {
          header_seen = true;
          const header = text.slice(position, end);
          if (checkHeader(context, header === '' ? [] : splitCsvLine(header, 1), [BALANCES_HEADER]) === undefined) return { totals: totalsNow(), rows: 0 };
        } else if (end > position) {
          const comma1 = text.indexOf(',', position);
          const comma2 = comma1 === -1 || comma1 >= end ? -1 : text.indexOf(',', comma1 + 1);
          if (next_quote !== -1 && next_quote < position) next_quote = text.indexOf('"', position);
          const quote = next_quote;
          const comma3 = comma2 === -1 || comma2 >= end ? -1 : text.indexOf(',', comma2 + 1);
          if (comma2 === -1 || comma2 >= end || (comma3 !== -1 && comma3 < end) || (quote !== -1 && quote < end)) {
            explain(line, text.slice(position, end));
          } else {
            const account_id = text.slice(position, comma1);
            const asset = text.slice(comma1 + 1, comma2);
            const amount = text.slice(comma2 + 1, end);
            const index = asset_index.get(asset);
            const digits = index === undefined ? null : minorDigits(amount, assets[index]!.decimals);
            if (index === undefined || digits === null || !ACCOUNT_ID_PATTERN.test(account_id)) explain(line, text.slice(position, end));
            else accept(line, account_id, asset, index, digits);
          }
          if (rows > BALANCE_ROWS_MAX) {
            context.atLine(line, undefined, 'snapshot.too_many', { max: BALANCE_ROWS_MAX });
            return { totals: totalsNow(), rows };
          }
          if (batch.length >= BALANCE_BATCH_ROWS_DEFAULT) await flush();
        }
        position = next;
        line += 1;
      }
      options.on_progress?.(rows);
    }
  } catch (error) {
    if (error instanceof CsvSyntaxError) {
      context.atLine(error.line, undefined, error.code, error.params);
      return { totals: totalsNow(), rows };
    }
    throw error;
  }
  if (!header_seen) checkHeader(context, undefined, [BALANCES_HEADER]);
  await flush();
  return { totals: totalsNow(), rows };
}
