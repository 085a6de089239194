// payouts.csv: one line per payout row, exact decimal strings, written as rows stream in. The file
// appears under its final name only once complete (written to a temporary name, then renamed).

import { createWriteStream, type WriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import type { PayoutRow, PayoutSink } from './types.ts';

export const PAYOUTS_FILE = 'payouts.csv';
export const PAYOUTS_HEADER = 'account_id,asset,balance,loss,paid_in_kind,paid_fiat,iou,unpaid_claim,rounding_residue';

/** Quotes a field only when it must be (comma, quote, line break), doubling quotes inside. */
export function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * coef / 10^scale as the canonical decimal string formatAmount and formatDecimal write ("1.5",
 * "0", "-0.005"), without their checks and regular expressions: this runs 7 times a row.
 */
export function decimalText(coef: bigint, scale: number): string {
  if (coef === 0n) return '0';
  const negative = coef < 0n;
  let digits = (negative ? -coef : coef).toString();
  if (scale > 0) {
    if (digits.length <= scale) digits = '0'.repeat(scale - digits.length + 1) + digits;
    const point = digits.length - scale;
    let end = digits.length;
    while (end > point && digits.charCodeAt(end - 1) === 48) end -= 1;
    digits = end === point ? digits.slice(0, point) : digits.slice(0, point) + '.' + digits.slice(point, end);
  }
  return negative ? '-' + digits : digits;
}

export function payoutLine(row: PayoutRow, asset_decimals: number, base_decimals: number): string {
  return (
    csvField(row.account_id) + ',' + csvField(row.asset) + ',' +
    decimalText(row.balance_minor, asset_decimals) + ',' +
    decimalText(row.loss_minor, asset_decimals) + ',' +
    decimalText(row.paid_in_kind_minor, asset_decimals) + ',' +
    decimalText(row.paid_fiat_minor, base_decimals) + ',' +
    decimalText(row.iou_minor, base_decimals) + ',' +
    decimalText(row.unpaid_claim_minor, asset_decimals) + ',' +
    decimalText(row.rounding_residue.coef, row.rounding_residue.scale)
  );
}

export interface PayoutFile {
  sink: PayoutSink;
  /** Flushes, closes and moves the file to its final name. */
  finish(): Promise<void>;
  /** Removes the partial file (after an error). */
  abandon(): Promise<void>;
}

export function openPayoutFile(path: string, decimalsOf: (asset: string) => number, base_decimals: number): PayoutFile {
  const temporary = `${path}.partial`;
  const stream: WriteStream = createWriteStream(temporary, { encoding: 'utf8' });
  let failure: Error | null = null;
  let wake: (() => void) | null = null;
  stream.on('error', (error) => {
    failure = error;
    wake?.();
  });
  stream.on('drain', () => wake?.());
  const write = async (text: string): Promise<void> => {
    if (failure !== null) throw failure;
    if (!stream.write(text)) {
      await new Promise<void>((resolve) => (wake = resolve));
      wake = null;
    }
    if (failure !== null) throw failure;
  };
  const header = write(PAYOUTS_HEADER + '\n');
  return {
    async sink(rows) {
      await header;
      let text = '';
      for (const row of rows) text += payoutLine(row, decimalsOf(row.asset), base_decimals) + '\n';
      await write(text);
    },
    async finish() {
      await header;
      await new Promise<void>((resolve, reject) => stream.end((error?: Error | null) => (error ? reject(error) : resolve())));
      if (failure !== null) throw failure;
      await rename(temporary, path);
    },
    async abandon() {
      stream.destroy();
      await rm(temporary, { force: true });
    },
  };
}
