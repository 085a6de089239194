// What a coverage check keeps of each regime's result: language-neutral (message codes and
// parameters, not prose), whole enough that the stored run renders as the report it was
// (storedRegimeJson in json.ts) and history shows the headline figures in either language. The
// use case (src/app/check.ts) stores one run per snapshot and regime.
//
// Format 2 keeps every message's parameters (notes, exclusion reasons) and each requirement's
// rounding; format 1 (earlier stores) kept codes only: its headline figures still show in history.

import { formatDecimal, type Decimal } from '../money/decimal.ts';
import type { Check, CoverageReport, Message, RegimeResult } from './types.ts';

export const CHECK_RUN_KIND = 'check';
export const CHECK_RUN_FORMAT = 'hozen-check-run/2';
/** Earlier runs, still read by history. */
export const CHECK_RUN_FORMATS_READ: readonly string[] = ['hozen-check-run/1', CHECK_RUN_FORMAT];

export type StoredParams = Record<string, string | number | boolean | null>;

export interface StoredCheck {
  id: string;
  status: string;
  asset: string | null;
  required: string | null;
  /** How a base-currency requirement was rounded ("ceil"), null when it was not (format 2). */
  required_rounding?: string | null;
  held: string | null;
  shortfall: string | null;
  unit: string;
  bound: string | null;
  reference_code: string;
  message_code: string;
  message_params: StoredParams;
}

/** The `result` of a check run. */
export interface CheckRunResult {
  format: string;
  snapshot: string;
  exchange: string;
  as_of: string;
  as_of_ms: number;
  base_currency: string;
  regime: string;
  compliant: boolean;
  failed_checks: number;
  /** The regime's judged aggregate checks (no asset): its headline figures. */
  headline: StoredCheck[];
  checks: StoredCheck[];
  assignments: Array<{ source_kind: string; source_id: string; check_id: string; asset: string | null; unit: string; counted: string; applied: string }>;
  excluded: Array<{ source_kind: string; source_id: string; reason_code: string; reason_params?: StoredParams }>;
  /** Format 2: {code, params}; format 1: codes only. */
  notes: Array<{ code: string; params: StoredParams }> | string[];
  /** The regime's parameters as the check used them (format 2). */
  params?: Record<string, unknown>;
}

function text(d: Decimal | null): string | null {
  return d === null ? null : formatDecimal(d);
}

function storedParams(message_params: Message['params']): StoredParams {
  const params: StoredParams = {};
  for (const [key, value] of Object.entries(message_params)) params[key] = typeof value === 'bigint' ? value.toString() : (value ?? null);
  return params;
}

function storedCheck(check: Check): StoredCheck {
  const params = storedParams(check.message.params);
  return {
    id: check.id,
    status: check.status,
    asset: check.asset,
    required: text(check.required),
    required_rounding: check.required_rounding,
    held: text(check.held),
    shortfall: text(check.shortfall),
    unit: check.unit,
    bound: check.bound,
    reference_code: check.reference,
    message_code: check.message.code,
    message_params: params,
  };
}

export function checkRunResult(report: CoverageReport, as_of_ms: number, regime: RegimeResult): CheckRunResult {
  const checks = regime.checks.map(storedCheck);
  return {
    format: CHECK_RUN_FORMAT,
    snapshot: report.snapshot_id,
    exchange: report.exchange_name,
    as_of: report.as_of,
    as_of_ms,
    base_currency: report.base_currency,
    regime: regime.id,
    compliant: regime.compliant,
    failed_checks: regime.checks.filter((c) => c.status === 'fail').length,
    headline: checks.filter((c) => c.asset === null && (c.status === 'pass' || c.status === 'fail')),
    checks,
    assignments: regime.assignments.map((a) => ({
      source_kind: a.source_kind,
      source_id: a.source_id,
      check_id: a.check_id,
      asset: a.asset,
      unit: a.unit,
      counted: formatDecimal(a.counted),
      applied: formatDecimal(a.applied),
    })),
    excluded: regime.excluded.map((e) => ({ source_kind: e.source_kind, source_id: e.source_id, reason_code: e.reason.code, reason_params: storedParams(e.reason.params) })),
    notes: regime.notes.map((n) => ({ code: n.code, params: storedParams(n.params) })),
    params: regime.params,
  };
}
