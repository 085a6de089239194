// Every use case by name, with the JSON any front end answers for it. A front end that dispatches
// by name (the HTTP API) and the front-end conformance suite read this table; the CLI calls the
// use cases directly, one per command.

import type { Translator } from '../i18n/i18n.ts';
import { alertsJson, listAlerts, type AlertsRequest } from './alerts.ts';
import { anchorAudit, anchorJson, type AnchorRequest } from './anchor.ts';
import { associationDrawJson, associationProofDraw, type AssociationDrawRequest } from './association-draw.ts';
import { auditLog, auditLogJson, auditVerifyJson, verifyAuditLog, type AuditVerifyRequest } from './audit.ts';
import { checkJson, checkSnapshot, latestCheck, latestCheckJson, type CheckRequest, type LatestCheckRequest } from './check.ts';
import { claimIncident, claimJson, type ClaimRequest } from './claim.ts';
import { compensateIncident, compensateJson, type CompensateRequest } from './compensate.ts';
import { dailyJson, dailyRun, type DailyRequest } from './daily.ts';
import { segregationJson, segregationRecords, type SegregationRequest } from './segregation.ts';
import { statementsJob, statementsJson, type StatementsRequest } from './statements.ts';
import type { AppDeps, Verdict } from './deps.ts';
import { checkHistory, historyJson, type HistoryRequest } from './history.ts';
import { importJson, importSnapshot, type ImportRequest } from './import.ts';
import { policyRenderJson, renderPolicyDocument, type PolicyRenderRequest } from './policy-render.ts';
import { proofFor, proveJson, proveSnapshot, verifyProofDocument, verifyProofJson, type ProofForRequest, type ProveRequest, type VerifyProofRequest } from './prove.ts';
import { reservesJson, reservesReport, type ReservesRequest } from './reserves.ts';
import { riskResultJson, riskRun, type RiskRequest } from './risk.ts';
import { showJson, showSnapshot, type ShowRequest } from './show.ts';
import { snapshotVerifyJson, verifySnapshotRows, type SnapshotVerifyRequest } from './snapshot-verify.ts';
import { listSnapshots, snapshotsJson } from './snapshots.ts';

export interface UseCase<Request, Result> {
  run(deps: AppDeps, request: Request): Promise<Result>;
  /** The JSON every front end answers, in the reader's language. */
  json(result: Result, tr: Translator): unknown;
  /** Absent: the use case always answers ok. */
  verdict?(result: Result): Verdict;
}

function useCase<Request, Result>(definition: UseCase<Request, Result>): UseCase<Request, Result> {
  return definition;
}

const verdictOf = (result: { verdict: Verdict }): Verdict => result.verdict;

export const USE_CASES = {
  import: useCase({ run: (deps, request: ImportRequest) => importSnapshot(deps, request), json: importJson }),
  snapshots: useCase({ run: (deps, _request: Record<string, never>) => listSnapshots(deps), json: snapshotsJson }),
  show: useCase({ run: (deps, request: ShowRequest) => showSnapshot(deps, request), json: showJson }),
  check: useCase({ run: (deps, request: CheckRequest) => checkSnapshot(deps, request), json: checkJson, verdict: verdictOf }),
  latest_check: useCase({ run: (deps, request: LatestCheckRequest) => latestCheck(deps, request), json: latestCheckJson, verdict: verdictOf }),
  alerts: useCase({ run: (deps, request: AlertsRequest) => listAlerts(deps, request), json: alertsJson, verdict: verdictOf }),
  history: useCase({ run: (deps, request: HistoryRequest) => checkHistory(deps, request), json: historyJson }),
  claim: useCase({ run: (deps, request: ClaimRequest) => claimIncident(deps, request), json: claimJson }),
  compensate: useCase({ run: (deps, request: CompensateRequest) => compensateIncident(deps, request), json: compensateJson, verdict: verdictOf }),
  risk: useCase({ run: (deps, request: RiskRequest) => riskRun(deps, request), json: riskResultJson }),
  policy_render: useCase({ run: (deps, request: PolicyRenderRequest) => renderPolicyDocument(request, deps), json: policyRenderJson }),
  prove: useCase({ run: (deps, request: ProveRequest) => proveSnapshot(deps, request), json: proveJson }),
  proof: useCase({ run: (deps, request: ProofForRequest) => proofFor(deps, request), json: (proof) => proof }),
  /** The association's draw on a member's store: counts and pseudonymous numbers, no account (association-draw.ts). */
  association_draw: useCase({ run: (deps, request: AssociationDrawRequest) => associationProofDraw(deps, request), json: associationDrawJson, verdict: verdictOf }),
  verify_proof: useCase({ run: async (_deps, request: VerifyProofRequest) => verifyProofDocument(request), json: verifyProofJson, verdict: verdictOf }),
  reserves: useCase({ run: (deps, request: ReservesRequest) => reservesReport(deps, request), json: reservesJson, verdict: verdictOf }),
  snapshot_verify: useCase({ run: (deps, request: SnapshotVerifyRequest) => verifySnapshotRows(deps, request), json: snapshotVerifyJson, verdict: verdictOf }),
  audit_verify: useCase({ run: (deps, request: AuditVerifyRequest) => verifyAuditLog(deps, request), json: auditVerifyJson, verdict: verdictOf }),
  audit_anchor: useCase({ run: (deps, request: AnchorRequest) => anchorAudit(deps, request), json: anchorJson, verdict: verdictOf }),
  audit_log: useCase({ run: (deps, _request: Record<string, never>) => auditLog(deps), json: auditLogJson }),
  daily: useCase({ run: (deps, request: DailyRequest) => dailyRun(deps, request), json: dailyJson, verdict: verdictOf }),
  segregation: useCase({ run: (deps, request: SegregationRequest) => segregationRecords(deps, request), json: segregationJson, verdict: verdictOf }),
  statements: useCase({ run: (deps, request: StatementsRequest) => statementsJob(deps, request), json: statementsJson }),
} as const;

export type UseCaseName = keyof typeof USE_CASES;
export type RequestOf<N extends UseCaseName> = Parameters<(typeof USE_CASES)[N]['run']>[1];
