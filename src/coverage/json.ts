// The JSON form of a report (`hozen check --json`, and what is stored per regime in `runs`).
// Numbers are exact decimal strings in units of `unit` (never minor units, never floats); ratios
// are decimal strings ("0.05"); messages and references are rendered in the chosen language.
// The keys are documented in docs/formats/coverage.md; keep them.

import { formatDecimal, type Decimal } from '../money/decimal.ts';
import type { Translator } from '../i18n/i18n.ts';
import type { CheckRunResult } from './runs.ts';
import type { Check, CoverageReport, RegimeResult } from './types.ts';

export interface CheckJson {
  id: string;
  status: string;
  asset: string | null;
  required: string | null;
  /** "ceil" when `required` is a base-currency requirement rounded up; null when exact. */
  required_rounding: string | null;
  held: string | null;
  shortfall: string | null;
  unit: string;
  bound: string | null;
  reference: string;
  message: string;
  message_code: string;
}

export interface RegimeJson {
  id: string;
  compliant: boolean;
  checks: CheckJson[];
  assignments: Array<{ source_kind: string; source_id: string; check_id: string; asset: string | null; unit: string; counted: string; applied: string }>;
  excluded: Array<{ source_kind: string; source_id: string; reason: string; reason_code: string }>;
  notes: Array<{ code: string; text: string }>;
  params: Record<string, unknown>;
}

export interface CoverageReportJson {
  snapshot: string;
  exchange: string;
  as_of: string;
  base_currency: string;
  compliant: boolean;
  drained: string[];
  regimes: RegimeJson[];
}

function decimalOrNull(value: Decimal | null): string | null {
  return value === null ? null : formatDecimal(value);
}

export function checkJson(check: Check, t: Translator): CheckJson {
  return {
    id: check.id,
    status: check.status,
    asset: check.asset,
    required: decimalOrNull(check.required),
    required_rounding: check.required_rounding,
    held: decimalOrNull(check.held),
    shortfall: decimalOrNull(check.shortfall),
    unit: check.unit,
    bound: check.bound,
    reference: t.t(check.reference),
    message: t.t(check.message.code, check.message.params),
    message_code: check.message.code,
  };
}

export function regimeJson(regime: RegimeResult, t: Translator): RegimeJson {
  return {
    id: regime.id,
    compliant: regime.compliant,
    checks: regime.checks.map((c) => checkJson(c, t)),
    assignments: regime.assignments.map((a) => ({
      source_kind: a.source_kind,
      source_id: a.source_id,
      check_id: a.check_id,
      asset: a.asset,
      unit: a.unit,
      counted: formatDecimal(a.counted),
      applied: formatDecimal(a.applied),
    })),
    excluded: regime.excluded.map((e) => ({
      source_kind: e.source_kind,
      source_id: e.source_id,
      reason: t.t(e.reason.code, e.reason.params),
      reason_code: e.reason.code,
    })),
    notes: regime.notes.map((n) => ({ code: n.code, text: t.t(n.code, n.params) })),
    params: regime.params,
  };
}

export function reportJson(report: CoverageReport, t: Translator): CoverageReportJson {
  return {
    snapshot: report.snapshot_id,
    exchange: report.exchange_name,
    as_of: report.as_of,
    base_currency: report.base_currency,
    compliant: report.compliant,
    drained: report.drained,
    regimes: report.regimes.map((r) => regimeJson(r, t)),
  };
}

/**
 * A stored check run (format 2) rendered as the report's regime was: the same JSON a live check
 * gives, in the reader's language, so a page or an API read of a stored check never recomputes.
 */
export function storedRegimeJson(run: CheckRunResult, t: Translator): RegimeJson {
  return {
    id: run.regime,
    compliant: run.compliant,
    checks: run.checks.map((c) => ({
      id: c.id,
      status: c.status,
      asset: c.asset,
      required: c.required,
      required_rounding: c.required_rounding ?? null,
      held: c.held,
      shortfall: c.shortfall,
      unit: c.unit,
      bound: c.bound,
      reference: t.t(c.reference_code),
      message: t.t(c.message_code, c.message_params),
      message_code: c.message_code,
    })),
    assignments: run.assignments,
    excluded: run.excluded.map((e) => ({ source_kind: e.source_kind, source_id: e.source_id, reason: t.t(e.reason_code, e.reason_params ?? {}), reason_code: e.reason_code })),
    notes: run.notes.map((n) => (typeof n === 'string' ? { code: n, text: t.t(n) } : { code: n.code, text: t.t(n.code, n.params) })),
    params: run.params ?? {},
  };
}
