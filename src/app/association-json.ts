// The association's results as JSON for `--json` and the API: exact decimals (shares) as decimal
// strings, amounts in base-currency minor units as strings (their names end in _minor), every
// other value as it is. The same function serves every association use case.

import { formatDecimal, type Decimal } from '../money/decimal.ts';

function isDecimal(value: unknown): value is Decimal {
  if (typeof value !== 'object' || value === null) return false;
  const keys = Object.keys(value);
  return keys.length === 2 && typeof (value as Decimal).coef === 'bigint' && typeof (value as Decimal).scale === 'number';
}

export function associationJson(value: unknown): unknown {
  if (isDecimal(value)) return formatDecimal(value);
  if (Array.isArray(value)) return value.map(associationJson);
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, associationJson(v)]));
  return value;
}
