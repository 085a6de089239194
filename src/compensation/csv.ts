// payouts.csv's line format, as strings: the definition the byte encoder (payout-encoder.ts) is
// tested against.

import type { PayoutRow } from './types.ts';

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
