// `association stress`: the sector stress test over every member's latest snapshot (association/
// sector.ts), with the reverse stress test by shared cause. The verdict fails when a single shared
// cause, drained in full, would leave any customer unpaid.
//
// The service runs it as a job (kind association_stress) kept under the association's own scope
// (store/types.ts ASSOCIATION_SCOPE), never under a member: `startAssociationStress` queues it,
// a worker runs `associationStress` (app/jobs.ts), the job row keeps its progress in simulated
// years and its result. The job's id is made from what decides the result — the members' latest
// snapshots, years, seed, confidence and the alias list — so asking again for the same answers the
// job already there (queued, running or succeeded) instead of simulating it twice; after a
// failure, asking again starts a fresh attempt (the attempt's number joins the key). The CLI runs
// the use case directly.

import { createHash } from 'node:crypto';
import { runSector, type SectorReport } from '../association/sector.ts';
import { canonicalJson } from '../encoding/json.ts';
import { jobIdOfKey, type JobRecord, type JobStore } from '../store/jobs.ts';
import { ASSOCIATION_SCOPE, type Actor } from '../store/types.ts';
import type { AssociationDeps } from './association-deps.ts';
import { latestSnapshotIds, memberInputs } from './association-inputs.ts';
import type { NamedText, Verdict } from './deps.ts';

export const SECTOR_YEARS_DEFAULT = 100_000;

export interface StressRequest {
  years?: number;
  seed?: number;
  confidence?: number;
  aliases?: NamedText;
  /** Worker threads besides this one (default: by the years, as `hozen risk`). Not part of a job's key: the result is the same whatever the count. */
  workers?: number;
}

export interface StressResult {
  verdict: Verdict;
  report: SectorReport;
  skipped: string[];
}

export async function associationStress(deps: AssociationDeps, request: StressRequest = {}): Promise<StressResult> {
  const inputs = await memberInputs(deps, request.aliases);
  const report = await runSector(inputs.members, {
    years: request.years ?? SECTOR_YEARS_DEFAULT,
    ...(request.seed === undefined ? {} : { seed: request.seed }),
    ...(request.confidence === undefined ? {} : { confidence: request.confidence }),
    ...(request.workers === undefined ? {} : { workers: request.workers }),
    aliases: inputs.aliases,
    ...(deps.on_progress === undefined ? {} : { on_progress: (done: number, total: number) => deps.on_progress!({ phase: 'risk', done, total }) }),
  });
  return { verdict: report.reverse_stress.some((r) => r.unpaid_minor > 0n) ? 'failed' : 'ok', report, skipped: inputs.skipped };
}

/**
 * Attempts at one test (the same request over the same snapshots) that start afresh after a
 * failure: each POST after a failure walks the attempts from the first, so this bounds its
 * look-ups; past it the last failed attempt is the answer.
 */
export const STRESS_ATTEMPTS_MAX = 100;

/**
 * Queues the sector stress test for the association, or answers the same test's job already
 * there while it is queued, running or done. A failed job is not the answer for ever: the next
 * request for the same test starts a fresh attempt, whose id is made from the same key and the
 * attempt's number (the first attempt's id is the key's alone), so two requests after the same
 * failure still share one new job.
 */
export async function startAssociationStress(deps: AssociationDeps, jobs: JobStore, request: StressRequest, actor: Actor): Promise<{ job: JobRecord; created: boolean }> {
  const key = {
    members: await latestSnapshotIds(deps),
    years: request.years ?? SECTOR_YEARS_DEFAULT,
    seed: request.seed ?? null,
    confidence: request.confidence ?? null,
    aliases: request.aliases === undefined ? null : createHash('sha256').update(request.aliases.text).digest('hex'),
  };
  let answer: { job: JobRecord; created: boolean } | null = null;
  for (let attempt = 0; attempt < STRESS_ATTEMPTS_MAX; attempt++) {
    const id = jobIdOfKey('association_stress', canonicalJson(attempt === 0 ? key : { ...key, attempt }));
    answer = await jobs.enqueueOnce(ASSOCIATION_SCOPE, id, 'association_stress', request, actor);
    if (answer.job.state !== 'failed') return answer;
  }
  return answer!;
}

/** One of the association's stress jobs; null when there is none of that id. */
export function associationStressJob(jobs: JobStore, id: string): Promise<JobRecord | null> {
  return jobs.get(ASSOCIATION_SCOPE, id);
}

/** The association's latest stress job, and the latest that succeeded (whose result the pages show). */
export async function latestAssociationStress(jobs: JobStore): Promise<{ latest: JobRecord | null; succeeded: JobRecord | null }> {
  const list = (await jobs.list(ASSOCIATION_SCOPE, 100)).filter((j) => j.kind === 'association_stress');
  return { latest: list[0] ?? null, succeeded: list.find((j) => j.state === 'succeeded') ?? null };
}

/** The stress result a succeeded job keeps (app/jobs.ts stores it beside the JSON, amounts as bigints). */
export function storedStress(job: JobRecord): StressResult | null {
  if (job.state !== 'succeeded') return null;
  return ((job.result as { value?: StressResult } | null)?.value ?? null) as StressResult | null;
}
