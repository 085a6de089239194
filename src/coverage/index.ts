// The coverage engine's public surface: check a snapshot under its regimes, render or serialise
// the report, store it per regime and read the history back; the seams for risk and insurance.

export { checkCoverage, type CheckOptions } from './check.ts';
export { reportJson, storedRegimeJson, type CoverageReportJson } from './json.ts';
export { renderReport } from './render.ts';
export { checkRunResult, CHECK_RUN_FORMAT, CHECK_RUN_FORMATS_READ, CHECK_RUN_KIND, type CheckRunResult } from './runs.ts';
export { historyTable } from './history.ts';
export { REGIME_IDS } from './registry.ts';
export { insuranceNotWired, type InsuranceCreditProvider, type InsuranceScope, type InsuranceCredit } from './insurance.ts';
export { insuranceEngineCredit } from './insurance-engine.ts';
export { shareOfValueRisk, type RiskAmountProvider, type RiskScope, type RiskAmount } from './risk.ts';
export type { Check, CheckStatus, CoverageReport, RegimeResult, Assignment, Exclusion } from './types.ts';
export type { CoverageFacts, AssetFacts } from './facts.ts';
export type { RiskSpec } from './params.ts';
