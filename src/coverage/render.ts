// The readable report: per regime, each check with its requirement, what is held, the surplus or
// shortfall, the message and the rule; then the cover counted, what was not counted and why, and
// the regime's notes. Figures are the exact ones of the JSON, digits grouped for reading.

import type { Translator } from '../i18n/i18n.ts';
import { compareDecimal, formatDecimal, subDecimal, type Decimal } from '../money/decimal.ts';
import { groupDigits, moneyText } from '../i18n/numbers.ts';
import type { Lang } from '../i18n/i18n.ts';
import { padEndToWidth } from '../text/width.ts';
import { PERCENT_PLACES, percent } from './checks.ts';
import { RATIO_UNIT, type Check, type CoverageReport, type RegimeResult } from './types.ts';

/** A check's figure: a percentage, or the amount with its unit (円 in Japanese). */
export function figure(value: Decimal, unit: string, places?: number, lang: Lang = 'en'): string {
  return unit === RATIO_UNIT ? percent(value, places) : moneyText(groupDigits(formatDecimal(value)), unit, lang);
}

/**
 * Places for a check's percentages: two, or as many more as it takes to tell the requirement and
 * what is held apart when they differ (4.9999% under a 5% limit is not shown as 5.00%).
 */
export function ratioPlaces(check: Pick<Check, 'unit' | 'required' | 'held'>): number {
  if (check.unit !== RATIO_UNIT || check.required === null || check.held === null) return PERCENT_PLACES;
  if (compareDecimal(check.required, check.held) === 0) return PERCENT_PLACES;
  let places = PERCENT_PLACES;
  while (places < 18 && percent(check.required, places) === percent(check.held, places)) places += 1;
  return places;
}

/** Columns of the widest status label ("[不適合]" is 8: wide characters take two). */
const STATUS_WIDTH = 8;

function statusLabel(check: Check, t: Translator): string {
  const label = `[${t.t(`coverage.report.status.${check.status}`)}]`;
  return padEndToWidth(label, STATUS_WIDTH) + ' ';
}

const figureOf = figure;

/** "required ≥ X · held Y · shortfall Z" (or surplus / margin), as far as the check has figures. */
function figuresLine(check: Check, t: Translator): string {
  const parts: string[] = [];
  const places = ratioPlaces(check);
  const figure = (value: Decimal, unit: string): string => figureOf(value, unit, places, t.lang);
  if (check.required !== null) {
    const label = check.bound === 'max' ? t.t('coverage.report.required_max') : check.unit === RATIO_UNIT ? t.t('coverage.report.required_min') : t.t('coverage.report.required');
    const required = figure(check.required, check.unit);
    // A requirement rounded up says so where it is shown (docs/formats/valuation.md).
    const shown = check.required_rounding === 'ceil' ? t.t('coverage.report.rounded_figure', { figure: required, rounding: t.t('valuation.rounded_up') }) : required;
    parts.push(`${label} ${shown}`);
  }
  if (check.held !== null) parts.push(`${t.t('coverage.report.held')} ${figure(check.held, check.unit)}`);
  if (check.required !== null && check.held !== null && check.shortfall !== null) {
    if (check.shortfall.coef !== 0n) {
      parts.push(`${t.t(check.bound === 'max' ? 'coverage.report.excess' : 'coverage.report.shortfall')} ${figure(check.shortfall, check.unit)}`);
    } else {
      const room = check.bound === 'max' ? subDecimal(check.required, check.held) : subDecimal(check.held, check.required);
      if (compareDecimal(room, { coef: 0n, scale: 0 }) > 0) {
        parts.push(`${t.t(check.unit === RATIO_UNIT ? 'coverage.report.margin' : 'coverage.report.surplus')} ${figure(room, check.unit)}`);
      }
    }
  }
  return parts.join(' · ');
}

function checkLine(check: Check, t: Translator): string {
  const name = check.asset === null ? check.id : `${check.id} ${check.asset}`;
  const figures = figuresLine(check, t);
  return `  ${statusLabel(check, t)}${name}${figures === '' ? '' : `  ${figures}`}`;
}

/** The failures and warnings of every regime, before the details: what needs acting on first. */
function attentionLines(report: CoverageReport, t: Translator): string[] {
  const checks = report.regimes.flatMap((r) => r.checks.filter((c) => c.status === 'fail' || c.status === 'warn'));
  if (checks.length === 0) return [];
  const fails = checks.filter((c) => c.status === 'fail').length;
  const indent = ' '.repeat(STATUS_WIDTH + 3);
  const lines = [t.t(fails > 0 ? 'coverage.report.attention_fail' : 'coverage.report.attention_warn', { fails, warnings: checks.length - fails })];
  // Failures before warnings, each with what to do.
  for (const check of [...checks.filter((c) => c.status === 'fail'), ...checks.filter((c) => c.status === 'warn')]) {
    lines.push(checkLine(check, t));
    lines.push(`${indent}${t.t(check.message.code, check.message.params)}`);
  }
  return lines;
}

function renderRegime(regime: RegimeResult, t: Translator): string[] {
  const lines: string[] = [];
  const verdict = t.t(regime.compliant ? 'coverage.report.compliant' : 'coverage.report.not_compliant');
  lines.push(t.t('coverage.report.regime', { regime: regime.id, verdict }));
  const cited = new Set<string>();
  const indent = ' '.repeat(STATUS_WIDTH + 3);
  for (const check of regime.checks) {
    lines.push(checkLine(check, t));
    lines.push(`${indent}${t.t(check.message.code, check.message.params)}`);
    if (!cited.has(check.reference)) {
      cited.add(check.reference);
      lines.push(`${indent}${t.t('coverage.report.labelled', { label: t.t('coverage.report.reference'), text: t.t(check.reference) })}`);
    }
  }
  if (regime.assignments.length > 0) {
    lines.push(`  ${t.t('coverage.report.heading', { label: t.t('coverage.report.assignments') })}`);
    for (const a of regime.assignments) {
      lines.push(
        `    - ${t.t('coverage.report.assignment', {
          source: t.t(`coverage.report.source.${a.source_kind}`, { id: a.source_id }),
          counted: figure(a.counted, a.unit, undefined, t.lang),
          check: a.check_id,
          asset: a.asset === null ? '' : ` ${a.asset}`,
          applied: figure(a.applied, a.unit, undefined, t.lang),
        })}`,
      );
    }
  }
  if (regime.excluded.length > 0) {
    lines.push(`  ${t.t('coverage.report.heading', { label: t.t('coverage.report.excluded') })}`);
    for (const e of regime.excluded) {
      lines.push(
        `    - ${t.t('coverage.report.exclusion', {
          source: t.t(`coverage.report.source.${e.source_kind}`, { id: e.source_id }),
          reason: t.t(e.reason.code, e.reason.params),
        })}`,
      );
    }
  }
  if (regime.notes.length > 0) {
    lines.push(`  ${t.t('coverage.report.heading', { label: t.t('coverage.report.notes') })}`);
    for (const note of regime.notes) lines.push(`    - ${t.t(note.code, note.params)}`);
  }
  return lines;
}

export function renderReport(report: CoverageReport, t: Translator): string {
  const lines: string[] = [
    t.t('coverage.report.title', { exchange: report.exchange_name }),
    t.t('coverage.report.snapshot', { snapshot: report.snapshot_id, as_of: report.as_of, base: report.base_currency }),
  ];
  if (report.drained.length > 0) lines.push(t.t('coverage.report.drained', { wallets: report.drained.join(', ') }));
  // The verdict first, then what needs acting on, then every regime in detail.
  lines.push('');
  lines.push(t.t('coverage.report.overall', { verdict: t.t(report.compliant ? 'coverage.report.compliant' : 'coverage.report.not_compliant') }));
  const attention = attentionLines(report, t);
  if (attention.length > 0) lines.push('', ...attention);
  for (const regime of report.regimes) {
    lines.push('');
    lines.push(...renderRegime(regime, t));
  }
  return `${lines.join('\n')}\n`;
}

