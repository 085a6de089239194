// The service: one snapshot, the regimes that apply (exchange.json `regimes` or a chosen list),
// optionally some wallets drained, and the providers for risk and insurance → a CoverageReport.
// Pure and synchronous; storing and printing are elsewhere.

import { InputError, UserError, type InputIssue } from '../errors.ts';
import type { Snapshot } from '../snapshot/types.ts';
import { coverageFacts } from './facts.ts';
import type { InsuranceCreditProvider } from './insurance.ts';
import { insuranceEngineCredit } from './insurance-engine.ts';
import { checkCoverageSection, EXCHANGE_FILE, expiryWarningDays, formatParamPath } from './params.ts';
import { REGIME_IDS, regimeById } from './registry.ts';
import { shareOfValueRisk, type RiskAmountProvider } from './risk.ts';
import type { CoverageReport } from './types.ts';

export interface CheckOptions {
  /** Regime ids; default: exchange.json `regimes`. */
  regimes?: readonly string[];
  /** Wallet ids treated as emptied at as_of. */
  drain?: readonly string[];
  /** Default: a configured share of value; `var`/`tvar` need the risk engine's provider (hozen check passes riskEngineProvider). */
  risk?: RiskAmountProvider;
  /** Default: the insurance engine on a total loss of the wallets in scope. */
  insurance?: InsuranceCreditProvider;
}

/** Regimes in the order asked, each once. */
export function selectedRegimes(snapshot: Snapshot, options: CheckOptions): string[] {
  const asked = options.regimes !== undefined && options.regimes.length > 0 ? options.regimes : snapshot.manifest.regimes;
  if (asked.length === 0) throw new UserError('coverage.regime.none', {});
  const unique = [...new Set(asked)];
  for (const id of unique) {
    if (regimeById(id) === undefined) throw new UserError('coverage.regime.unknown', { regime: id, known: REGIME_IDS.join(', ') });
  }
  return unique;
}

export function checkCoverage(snapshot: Snapshot, options: CheckOptions = {}): CoverageReport {
  const regime_ids = selectedRegimes(snapshot, options);
  const drained = [...new Set(options.drain ?? [])];
  const wallet_ids = new Set(snapshot.wallets.map((w) => w.id));
  for (const id of drained) if (!wallet_ids.has(id)) throw new UserError('coverage.drain.unknown_wallet', { wallet: id });
  checkCoverageSection(snapshot.manifest.extensions, REGIME_IDS);
  const facts = coverageFacts(snapshot, drained);
  const insurance = options.insurance ?? insuranceEngineCredit;
  // Insurance sees the snapshot as the regimes do: drained wallets hold nothing to lose.
  const seen: Snapshot = drained.length === 0 ? snapshot : { ...snapshot, wallets: facts.wallets };
  const providers = {
    risk: options.risk ?? shareOfValueRisk,
    insurance: (scope: Parameters<InsuranceCreditProvider>[1]) => insurance(seen, scope),
  };
  const regimes = regime_ids.map((id) => regimeById(id)!.run(facts, providers));
  return {
    snapshot_id: snapshot.id,
    exchange_name: snapshot.manifest.exchange.name,
    as_of: snapshot.manifest.as_of,
    base_currency: snapshot.manifest.base_currency,
    compliant: regimes.every((r) => r.compliant),
    drained,
    regimes,
  };
}

/**
 * The coverage parameters of a snapshot checked as `hozen check` would read them, so that a
 * stored snapshot is always checkable: every listed regime known, the `coverage` section's keys
 * and shared settings, and the parameters of each regime listed or given a section.
 */
export function coverageParamIssues(snapshot: Snapshot): InputIssue[] {
  const issues: InputIssue[] = [];
  const collect = (fn: () => void, where: InputIssue): void => {
    try {
      fn();
    } catch (error) {
      if (error instanceof InputError) issues.push(...error.issues);
      else if (error instanceof UserError) issues.push({ ...where, code: error.code, params: error.params });
      else throw error;
    }
  };
  snapshot.manifest.regimes.forEach((id, i) => {
    if (regimeById(id) === undefined) issues.push({ file: EXCHANGE_FILE, path: `regimes[${i}]`, code: 'coverage.regime.unknown', params: { regime: id, known: REGIME_IDS.join(', ') } });
  });
  const extensions = snapshot.manifest.extensions;
  collect(() => checkCoverageSection(extensions, REGIME_IDS), { file: EXCHANGE_FILE, path: 'coverage', code: '', params: {} });
  collect(() => expiryWarningDays(extensions), { file: EXCHANGE_FILE, path: formatParamPath(['coverage', 'expiry_warning_days']), code: '', params: {} });
  if (issues.length > 0) return issues;
  const section = extensions.coverage;
  const with_section = typeof section === 'object' && section !== null ? Object.keys(section) : [];
  const ids = [...new Set([...snapshot.manifest.regimes, ...with_section])].filter((id) => regimeById(id) !== undefined);
  if (ids.length === 0) return issues;
  const facts = coverageFacts(snapshot, []);
  for (const id of ids) collect(() => regimeById(id)!.checkParams(facts), { file: EXCHANGE_FILE, path: `coverage.${id}`, code: '', params: {} });
  return issues;
}
