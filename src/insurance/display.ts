// Amounts as people read them in reports and reasons: "1,234,567 JPY" (grouped digits, exact).

import { formatAmount } from '../money/index.ts';

export function displayMoney(minor: bigint, decimals: number, currency: string): string {
  const [integer = '', fraction] = formatAmount(minor, decimals).split('.');
  return `${integer.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${fraction === undefined ? '' : '.' + fraction} ${currency}`;
}
