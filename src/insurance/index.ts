// Insurance and reinsurance: what the exchange's policies would really pay for a loss, exactly.
// Formats in docs/formats/insurance.md (policies.json) and docs/formats/incident.md.
//
// For other modules:
//
// Parsing (located errors, thrown as one InputError):
//   parsePolicies(json, context, file_name?) → PolicyProgramme   json: snapshot.documents.policies
//   parsePoliciesText(text, context, file_name?) → PolicyProgramme   (errors with line numbers)
//   snapshotProgramme(snapshot) → PolicyProgramme | null             null: no policies.json
//   `context` is anything with manifest {base_currency, as_of}, assets and wallets — a Snapshot.
//
// The exact engine (bigint minor units of the base currency; the reference for everything else):
//   applyProgramme(programme, events: LossEvent[], valuation: ValuationContext) → ProgrammeResult
//   valuationOf(snapshot) → ValuationContext   market prices at the time of loss
//   One call = one policy year: aggregates, sublimits and per-customer limits erode over the
//   events in time order. Per event and policy: covered loss, deductible, co-insurance, recovery,
//   reason (why zero or capped), aggregate remaining, reinstatement premium, each reinsurer's
//   amount, insurer net, and the recovery allocated to wallets, assets and customers (each list
//   sums exactly to the recovery). Per policy and contract: the year's totals.
//
// Incidents (compensation, `hozen claim`):
//   computeClaim(snapshot, incident) → Promise<ClaimResult>   incident: parseIncident() from
//     src/incident/parse.ts. The claim is on the net loss (lost − recovered, per asset); when the
//     incident lists accounts, each asset's loss is split over them as compensation charges it
//     (stated losses, the rest by balance, capped at balances), the rest of each wallet's loss —
//     a guarantee or own wallet's, or beyond balances — left unattributed (LossItem.unattributed_minor).
//     ClaimResult.result.recovery_minor is what insurance pays for the incident;
//     .result.allocation.by_asset / by_wallet / by_customer split it (base-currency minor units).
//   claimRunJson(claim, occurred_at) → ClaimRunJson   language-neutral: what the store keeps
//   claimReportJson(run, translator) → the --json shape; renderClaimText(run, translator)
//
// Coverage (insurance credit for a requirement):
//   recoverableForTotalLoss(snapshot, {peril, tiers, purposes?, time_ms?}) → InsuranceCredit
//     {loss_minor, recovery_minor, reason, policies[]}: every wallet of those tiers lost in one
//     occurrence at as_of, in a fresh policy year. Policies out of period at as_of pay 0.
//
// Risk (millions of simulated events): src/insurance/fast.ts, see its header.
//   compileFastProgramme(programme, {wallets}) → {apply(events, year_count)}

export { applyProgramme, EXACT_EVENTS_MAX, type ValuationContext } from './engine.ts';
export { parsePolicies, parsePoliciesText, UNLIMITED, type PolicyContext } from './parse.ts';
export { computeClaim, incidentLossEvent, snapshotProgramme, type ClaimResult } from './claim.ts';
export { CLAIM_FORMAT, claimReportJson, claimRunJson, reasonText, renderClaimText, type ClaimReportJson, type ClaimPolicyJson, type ClaimRunJson } from './report.ts';
export { recoverableForTotalLoss, type CreditScope, type InsuranceCredit } from './credit.ts';
export { compileFastProgramme, PERIL_INDEX, type FastEvents, type FastOptions, type FastProgramme, type FastResult, type FastWallet } from './fast.ts';
export { valuationOf } from './valuation.ts';
export * from './types.ts';
