// The risk report as JSON (docs/formats/risk.md: money as decimal strings of the base currency)
// and as readable text in the user's language.

import type { Translator } from '../i18n/i18n.ts';
import { formatAmount } from '../money/amount.ts';
import { renderTable } from '../text/table.ts';
import { groupDigits } from '../i18n/numbers.ts';
import type { LossFigures, ReturnPeriodRow, RiskReport, StressRow } from './service.ts';

export const RISK_FORMAT = 'hozen-risk/1';
/** The text report lists this many wallets; JSON lists all. */
const WALLETS_SHOWN = 10;

function levelMap(figures: LossFigures, pick: 'var_minor' | 'tvar_minor', money: (m: bigint) => string): Record<string, string> {
  return Object.fromEntries(figures.levels.map((l) => [l.level, money(l[pick])]));
}

export function riskJson(report: RiskReport): Record<string, unknown> {
  const money = (minor: bigint): string => formatAmount(minor, report.base_decimals);
  const periods = (rows: ReturnPeriodRow[]) => rows.map((r) => ({ return_period: r.return_period, gross: money(r.gross_minor), net: money(r.net_minor) }));
  const stress = (s: StressRow) => ({
    kind: s.kind,
    id: s.id,
    wallet_ids: s.wallet_ids,
    value: money(s.value_minor),
    gross_needed: s.gross_needed_minor === null ? null : money(s.gross_needed_minor),
    fraction_needed: s.fraction_needed,
    limit_must_fail: s.limit_must_fail,
  });
  return {
    format: RISK_FORMAT,
    snapshot_id: report.snapshot_id,
    exchange: report.exchange_name,
    as_of: report.as_of,
    base_currency: report.base_currency,
    years: report.years,
    seed: report.seed,
    confidence: report.confidence,
    expected_loss: money(report.gross.expected_minor),
    expected_loss_stderr: money(report.gross.expected_stderr_minor),
    var: levelMap(report.gross, 'var_minor', money),
    tvar: levelMap(report.gross, 'tvar_minor', money),
    net: {
      expected_loss: money(report.net.expected_minor),
      expected_loss_stderr: money(report.net.expected_stderr_minor),
      var: levelMap(report.net, 'var_minor', money),
      tvar: levelMap(report.net, 'tvar_minor', money),
    },
    cover: report.cover === null ? null : { amount: money(report.cover.amount_minor), source: report.cover.source, contract_ids: report.cover.contract_ids },
    p_exceed_cover: report.p_exceed_cover,
    aep: periods(report.aep),
    oep: periods(report.oep),
    by_wallet: report.by_wallet.map((w) => ({
      wallet_id: w.wallet_id,
      tier: w.tier,
      purpose: w.purpose,
      asset: w.asset,
      value: money(w.value_minor),
      annual_rate: w.annual_rate,
      rate_source: w.rate_source,
      rate_factors: w.rate_factors,
      expected_loss: money(w.expected_loss_minor),
      expected_loss_net: money(w.expected_loss_net_minor),
      tvar_contribution: money(w.tvar_contribution_minor),
    })),
    by_cause: report.by_cause.map((c) => ({
      cause: c.cause,
      annual_rate: c.annual_rate,
      wallet_ids: c.wallet_ids,
      expected_loss: money(c.expected_loss_minor),
      tvar_contribution: money(c.tvar_contribution_minor),
    })),
    reverse_stress:
      report.reverse_stress === null
        ? null
        : {
            cover: money(report.reverse_stress.cover_minor),
            smallest: report.reverse_stress.smallest === null ? null : stress(report.reverse_stress.smallest),
            scenarios: report.reverse_stress.scenarios.map(stress),
          },
    model: {
      block_years: report.block_years,
      scope: report.scope,
      insurance: report.insurance,
      insurance_policies: report.insurance_policies,
      prices: report.prices,
      annual_event_rate: report.annual_event_rate,
      occurrences: report.occurrences,
      wallet_hits: report.wallet_hits,
      config: report.config,
    },
  };
}

function percent(p: number): string {
  // 0.995 → "99.5%": up to 4 significant decimals, no float noise.
  return `${Number((p * 100).toPrecision(6))}%`;
}

export function renderRiskText(report: RiskReport, tr: Translator): string {
  const t = tr.t.bind(tr);
  const money = (minor: bigint): string => groupDigits(formatAmount(minor, report.base_decimals));
  const base = report.base_currency;
  const out: string[] = [];
  out.push(t('risk.text.title', { name: report.exchange_name, as_of: report.as_of, snapshot: report.snapshot_id }));
  out.push(
    t('risk.text.run', {
      years: groupDigits(String(report.years)),
      seed: report.seed,
      rate: report.annual_event_rate.toFixed(3),
      occurrences: groupDigits(String(report.occurrences)),
    }),
  );
  const p = report.prices;
  out.push(
    p.mode === 'bootstrap'
      ? t('risk.text.prices_bootstrap', { days: p.history_days, horizon: p.horizon_days })
      : p.mode === 'fallback'
        ? t('risk.text.prices_fallback', { days: p.history_days, horizon: p.horizon_days, volatility: percent(report.config.prices.fallback_volatility_annual) })
        : t('risk.text.prices_static', {}),
  );
  out.push(t(`risk.text.insurance_${report.insurance}`, { policies: report.insurance_policies.join(', ') }));
  out.push('');

  const rows: string[][] = [[t('risk.text.expected_loss'), money(report.gross.expected_minor), money(report.net.expected_minor)]];
  report.gross.levels.forEach((level, i) => {
    const net = report.net.levels[i]!;
    rows.push([t('risk.text.var', { level: percent(Number(level.level)) }), money(level.var_minor), money(net.var_minor)]);
    rows.push([t('risk.text.tvar', { level: percent(Number(level.level)) }), money(level.tvar_minor), money(net.tvar_minor)]);
  });
  out.push(renderTable([t('risk.text.col_measure', { base }), t('risk.text.col_gross'), t('risk.text.col_net')], rows, ['left', 'right', 'right']));
  out.push(t('risk.text.stderr', { stderr: money(report.gross.expected_stderr_minor), base }));
  out.push('');

  if (report.cover !== null && report.p_exceed_cover !== null) {
    const source = report.cover.contract_ids.length > 0 ? report.cover.contract_ids.join(', ') : t(`risk.text.cover_source_${report.cover.source}`, {});
    out.push(t('risk.text.cover', { cover: money(report.cover.amount_minor), base, source, p: percent(report.p_exceed_cover) }));
  } else out.push(t('risk.text.no_cover', {}));
  out.push('');

  if (report.aep.length > 0) {
    out.push(t('risk.text.return_periods', { base }));
    out.push(
      renderTable(
        [t('risk.text.col_return_period'), t('risk.text.col_aep_gross'), t('risk.text.col_aep_net'), t('risk.text.col_oep_gross'), t('risk.text.col_oep_net')],
        report.aep.map((row, i) => {
          const oep = report.oep[i]!;
          return [groupDigits(String(row.return_period)), money(row.gross_minor), money(row.net_minor), money(oep.gross_minor), money(oep.net_minor)];
        }),
        ['right', 'right', 'right', 'right', 'right'],
      ),
    );
  }

  const top = [...report.by_wallet].sort((a, b) => (b.expected_loss_minor > a.expected_loss_minor ? 1 : b.expected_loss_minor < a.expected_loss_minor ? -1 : 0)).slice(0, WALLETS_SHOWN);
  out.push(t('risk.text.by_wallet', { shown: top.length, total: report.by_wallet.length, level: percent(report.confidence), base }));
  out.push(
    renderTable(
      [t('risk.text.col_wallet'), t('risk.text.col_tier'), t('risk.text.col_asset'), t('risk.text.col_value'), t('risk.text.col_rate'), t('risk.text.col_expected'), t('risk.text.col_tvar_share')],
      top.map((w) => [
        w.wallet_id,
        w.tier,
        w.asset,
        money(w.value_minor),
        `${w.annual_rate.toFixed(4)}${w.rate_source === 'override' ? '*' : ''}`,
        money(w.expected_loss_minor),
        money(w.tvar_contribution_minor),
      ]),
      ['left', 'left', 'left', 'right', 'right', 'right', 'right'],
    ),
  );
  out.push(t('risk.text.rate_note', {}));
  out.push('');
  out.push(t('risk.text.by_cause', { level: percent(report.confidence), base }));
  out.push(
    renderTable(
      [t('risk.text.col_cause'), t('risk.text.col_rate'), t('risk.text.col_wallets'), t('risk.text.col_expected'), t('risk.text.col_tvar_share')],
      report.by_cause.map((c) => [
        c.cause === 'own' ? t('risk.text.cause_own', {}) : c.cause,
        c.annual_rate === null ? '—' : c.annual_rate.toFixed(4),
        String(c.wallet_ids.length),
        money(c.expected_loss_minor),
        money(c.tvar_contribution_minor),
      ]),
      ['left', 'right', 'right', 'right', 'right'],
    ),
  );

  const stress = report.reverse_stress;
  if (stress !== null) {
    const s = stress.smallest;
    if (s === null) out.push(t('risk.text.stress_none', { cover: money(stress.cover_minor), base }));
    else {
      out.push(
        t(s.kind === 'wallet' ? 'risk.text.stress_wallet' : 'risk.text.stress_group', {
          cover: money(stress.cover_minor),
          base,
          id: s.id,
          wallets: s.wallet_ids.length,
          gross: money(s.gross_needed_minor!),
          fraction: percent(s.fraction_needed!),
        }),
      );
      if (s.limit_must_fail) out.push(t('risk.text.stress_limit', {}));
    }
    const feasible = stress.scenarios.filter((x) => x.gross_needed_minor !== null).length;
    out.push(t('risk.text.stress_count', { feasible, total: stress.scenarios.length }));
  }
  return out.join('\n') + '\n';
}
