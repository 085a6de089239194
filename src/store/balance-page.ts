// One page of a snapshot's balances, as COPY TO writes `line, account_id, asset, amount_minor`,
// read into batches with no array per row and no string for the line or a short amount: reading
// balances back is a compensation's first pass over a stored snapshot. parseCopyText (copy.ts)
// is the plain reading this one is tested against.

import type { BalanceBatch } from '../snapshot/types.ts';
import { unescapeField } from '../encoding/copy-text.ts';

export interface BalancePage {
  batches: BalanceBatch[];
  rows: number;
  /** The page's last line (after_line when it is empty). */
  last_line: number;
  /** Every line exceeds the one before it, the first exceeds after_line. */
  in_order: boolean;
}

/** Up to 15 digits, an integer is below 2^53: exact in a double. */
const DOUBLE_DIGITS_MAX = 15;

/** The rows of `text`, batch_rows to a batch; a page out of order stops at the first line that is. */
export function parseBalancePage(text: string, after_line: number, batch_rows: number): BalancePage {
  const batches: BalanceBatch[] = [];
  let batch = newBatch(batch_rows);
  let rows = 0;
  let last_line = after_line;
  let position = 0;
  const length = text.length;
  if (length > 0 && text.charCodeAt(length - 1) !== 10) throw new Error('store: COPY output does not end with a newline');
  while (position < length) {
    const end = text.indexOf('\n', position);
    const tab1 = text.indexOf('\t', position);
    const tab2 = text.indexOf('\t', tab1 + 1);
    const tab3 = text.indexOf('\t', tab2 + 1);
    const tab4 = tab3 === -1 ? -1 : text.indexOf('\t', tab3 + 1);
    if (tab1 === -1 || tab3 === -1 || tab3 > end || (tab4 !== -1 && tab4 < end)) {
      throw new Error('store: a balances row in COPY output does not have 4 fields');
    }
    const line = digitsValue(text, position, tab1);
    if (line <= last_line) return { batches, rows, last_line, in_order: false };
    last_line = line;
    const raw_id = text.slice(tab1 + 1, tab2);
    const account_id = raw_id.includes('\\') ? unescapeField(raw_id) : raw_id;
    if (account_id === null) throw new Error('store: a balances row has no account id');
    const i = batch.length++;
    batch.account_id[i] = account_id;
    batch.asset[i] = text.slice(tab2 + 1, tab3);
    batch.amount_minor[i] = end - tab3 - 1 <= DOUBLE_DIGITS_MAX ? BigInt(digitsValue(text, tab3 + 1, end)) : BigInt(checkedDigits(text, tab3 + 1, end));
    rows += 1;
    if (batch.length === batch_rows) {
      batches.push(batch);
      batch = newBatch(batch_rows);
    }
    position = end + 1;
  }
  if (batch.length > 0) batches.push(trimmed(batch));
  return { batches, rows, last_line, in_order: true };
}

function newBatch(rows: number): BalanceBatch {
  return { length: 0, account_id: new Array<string>(rows), asset: new Array<string>(rows), amount_minor: new Array<bigint>(rows) };
}

function trimmed(batch: BalanceBatch): BalanceBatch {
  batch.account_id.length = batch.length;
  batch.asset.length = batch.length;
  batch.amount_minor.length = batch.length;
  return batch;
}

/** The non-negative integer text[start, end), at most 15 digits. */
function digitsValue(text: string, start: number, end: number): number {
  if (end === start || end - start > DOUBLE_DIGITS_MAX) throw new Error(`store: '${text.slice(start, end)}' in COPY output is not a short integer`);
  let value = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) throw new Error(`store: '${text.slice(start, end)}' in COPY output is not an integer`);
    value = value * 10 + c;
  }
  return value;
}

function checkedDigits(text: string, start: number, end: number): string {
  const digits = text.slice(start, end);
  if (!/^\d+$/.test(digits)) throw new Error(`store: '${digits}' in COPY output is not an integer`);
  return digits;
}
