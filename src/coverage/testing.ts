// Test helpers: run one regime on a fixture and pick checks by id and asset, with figures as strings.

import { formatDecimal } from '../money/decimal.ts';
import type { Snapshot } from '../snapshot/types.ts';
import { checkCoverage, type CheckOptions } from './check.ts';
import type { Check, RegimeResult } from './types.ts';

export function runRegime(snapshot: Snapshot, regime: string, options: Omit<CheckOptions, 'regimes'> = {}): RegimeResult {
  const report = checkCoverage(snapshot, { ...options, regimes: [regime] });
  return report.regimes[0]!;
}

export function findCheck(result: RegimeResult, id: string, asset: string | null = null): Check {
  const found = result.checks.filter((c) => c.id === id && c.asset === asset);
  if (found.length !== 1) throw new Error(`expected one check ${id} ${asset}, found ${found.length}`);
  return found[0]!;
}

/** status, required, held, shortfall as exact strings. */
export function figures(check: Check): { status: string; required: string | null; held: string | null; shortfall: string | null } {
  const text = (d: Check['held']) => (d === null ? null : formatDecimal(d));
  return { status: check.status, required: text(check.required), held: text(check.held), shortfall: text(check.shortfall) };
}

export const AS_OF = '2026-11-25T00:00:00+09:00';
export const PRICE_TIME = '2026-11-24T12:00:00+09:00';
