// Shared by sg-mas and bh-cbb: at least 90% of customer crypto in cold wallets. The limit is the
// rule's, not a parameter; neither regime takes parameters (a `coverage.<id>` section must be empty).

import { z } from 'zod';
import { formatAmount } from '../../money/amount.ts';
import type { Decimal } from '../../money/decimal.ts';
import { extensionAt, parseSection } from '../params.ts';
import type { CoverageFacts } from '../facts.ts';
import { withUnit } from '../checks.ts';

export const COLD_SHARE_MIN: Decimal = { coef: 9n, scale: 1 };

export function readNoParams(facts: CoverageFacts, regime_id: string): Record<string, never> {
  const path = ['coverage', regime_id];
  const raw = extensionAt(facts.extensions, path);
  if (raw !== undefined) parseSection(z.strictObject({}), raw, path);
  return {};
}

export function quantity(amount_minor: bigint, decimals: number, asset: string): string {
  return withUnit(formatAmount(amount_minor, decimals), asset);
}
