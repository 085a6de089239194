// exchange.json `customer_money` (docs/formats.md): the balance of the customer trust account
// (顧客分別金信託) at as_of, which the customers' yen must not exceed. Validated by the snapshot
// reader; read here for the check and for the daily segregation records.

import { parseAmount } from '../money/amount.ts';

export interface CustomerMoney {
  trust_balance_minor: bigint;
  trustee: string | null;
}

export function customerMoney(extensions: Record<string, unknown>, base_decimals: number): CustomerMoney | null {
  const section = extensions.customer_money as { trust_balance?: unknown; trustee?: unknown } | undefined;
  if (section === undefined || typeof section.trust_balance !== 'string') return null;
  return { trust_balance_minor: parseAmount(section.trust_balance, base_decimals), trustee: typeof section.trustee === 'string' ? section.trustee : null };
}
