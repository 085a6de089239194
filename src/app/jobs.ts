// Running jobs: a worker takes the next job from the store's queue, runs its use case on the
// tenant's store acting as whoever asked for it (so the audit log names them, not the worker),
// reports progress (which renews its lease), and records the outcome: the use case's verdict and
// JSON in both languages, or the user error as code + params + located issues. A worker that
// dies leaves its job to be taken over when the lease ends; the use cases store runs by input
// hash, so the second attempt stores the same run.

import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { rm } from 'node:fs/promises';
import { InputError, UserError } from '../errors.ts';
import { translator } from '../i18n/catalogs.ts';
import { LANGS } from '../i18n/i18n.ts';
import type { JobKind, JobRecord } from '../store/jobs.ts';
import type { StoreHandle } from '../store/types.ts';
import type { AppDeps, ProgressEvent, Verdict } from './deps.ts';
import { USE_CASES } from './use-cases.ts';
import { riskPart, splitBlocks, type RiskPartRequest } from './risk-split.ts';
import { riskRunWith, type RiskRequest, type RiskResult } from './risk.ts';
import { importSnapshot } from './import.ts';
import { memberHandles } from './association-deps.ts';
import { associationJson } from './association-json.ts';
import { associationStress, type StressRequest } from './association-stress.ts';

/** What a finished job answers, per language; the reader's is picked when it is shown. */
export interface JobResult {
  verdict: Verdict;
  json: Record<string, unknown>;
  /** A risk part's simulated blocks, for its run to merge (risk-split.ts). */
  blocks?: unknown[];
  /** The use case's result itself (amounts as bigints), for the pages that render it again: the sector stress test's. */
  value?: unknown;
}

export interface JobError {
  code: string;
  params: Record<string, unknown>;
  issues?: unknown[];
  issue_count?: number;
}

export interface WorkerOptions {
  /** Names the worker in the job row: host, process, and a number. */
  worker_id?: string;
  /** Only these kinds (a worker without the service's data directory takes only `risk`). */
  kinds?: readonly JobKind[];
  poll_ms?: number;
  /** How long a claimed job stays this worker's without a progress report (default JOB_LEASE_MS_DEFAULT). */
  lease_ms?: number;
  /** Progress is written at most this often: a row update per simulated block would be a write storm. */
  progress_interval_ms?: number;
  now_ms?: () => number;
  /** Called with defects (not user errors) a job ended with. */
  log_error?: (error: unknown) => void;
}

/** The request an import job keeps: the upload's directory, removed once imported or refused. */
export interface ImportJobRequest {
  dir: string;
}

export function defaultWorkerId(n = 0): string {
  return `${hostname()}:${process.pid}:${n}`;
}

/** Runs one job to its end (or until its lease is lost); resolves to the state it ended in. */
export async function runJob(handle: StoreHandle, job: JobRecord, worker_id: string, options: WorkerOptions = {}): Promise<'succeeded' | 'failed' | 'lost'> {
  const now_ms = options.now_ms ?? Date.now;
  const interval_ms = options.progress_interval_ms ?? 500;
  let last_ms = 0;
  let pending: Promise<unknown> = Promise.resolve();
  const last: { event: ProgressEvent | null } = { event: null };
  const on_progress = (event: ProgressEvent): void => {
    last.event = event;
    const t = now_ms();
    if (t - last_ms < interval_ms) return;
    last_ms = t;
    pending = pending.then(() => handle.jobs.progress(job, worker_id, { phase: event.phase, done: event.done, ...(event.total === undefined ? {} : { total: event.total }) }, t, options.lease_ms)).catch(() => {});
  };
  let outcome: { result: JobResult } | { error: JobError };
  try {
    if (job.kind === 'association_stress') {
      // The association's job: over every member's aggregates, acting as the association user; it belongs to no tenant.
      const result = await associationStress({ members: await memberHandles(handle, job.actor), on_progress }, job.request as StressRequest);
      const json = associationJson(result) as Record<string, unknown>;
      outcome = { result: { verdict: result.verdict, json: Object.fromEntries(LANGS.map((lang) => [lang, json])), value: result } };
    } else if (job.kind === 'risk_part') {
      const { close: _close, ...store } = await handle.forTenant(job.tenant_id, job.actor);
      outcome = { result: await riskPart({ store, on_progress }, job.request as RiskPartRequest) };
    } else {
      const { close: _close, ...store } = await handle.forTenant(job.tenant_id, job.actor);
      const deps: AppDeps = { store, on_progress };
      const definition = USE_CASES[job.kind] as unknown as { run(deps: AppDeps, request: unknown): Promise<unknown>; json(result: unknown, tr: unknown): unknown; verdict?(result: unknown): Verdict };
      const split = job.kind === 'risk' ? ((job.request as RiskRequest).split ?? 1) : 1;
      const result =
        split > 1
          ? await riskRunWith(
              deps,
              job.request as RiskRequest,
              splitBlocks(
                { handle, run: job, renew: (progress) => handle.jobs.progress(job, worker_id, progress, now_ms(), options.lease_ms), worker_id, runClaimed: (part) => runJob(handle, part, worker_id, options), ...leaseOptions(options) },
                job.request as RiskRequest,
                split,
              ),
            )
          : await definition.run(deps, job.request);
      const json = Object.fromEntries(LANGS.map((lang) => [lang, definition.json(result, translator(lang))]));
      outcome = { result: { verdict: definition.verdict?.(result) ?? 'ok', json } };
    }
  } catch (error) {
    if (!(error instanceof UserError)) options.log_error?.(error);
    outcome = { error: jobErrorOf(error) };
  }
  await pending;
  // The last report may have fallen between two writes: the finished job shows how far it got.
  const final = last.event;
  if (final !== null) await handle.jobs.progress(job, worker_id, { phase: final.phase, done: final.done, ...(final.total === undefined ? {} : { total: final.total }) }, now_ms(), options.lease_ms);
  if (job.kind === 'import') await rm((job.request as ImportJobRequest).dir, { recursive: true, force: true });
  return (await handle.jobs.finish(job, worker_id, outcome)) ? ('result' in outcome ? 'succeeded' : 'failed') : 'lost';
}

/**
 * `hozen risk --split n`: the run in n parts put in the queue as `risk_part` jobs, which any
 * `hozen worker` reaching the same database may take; this process takes parts too while any is
 * left (alone, it does them all), waits for the others, merges, and stores the run, which is the
 * one an unsplit run stores (risk-split.ts). The run itself is no job: this process holds it from
 * start to end, and a part whose worker dies is taken over as any job is.
 */
export async function riskRunSplit(handle: StoreHandle, deps: AppDeps, request: RiskRequest, parts: number, options: WorkerOptions = {}): Promise<RiskResult> {
  const worker_id = options.worker_id ?? defaultWorkerId();
  // Parts name their snapshot by its full id: a directory is imported first, as the unsplit run does.
  const imported = 'dir' in request.snapshot ? await importSnapshot(deps, { dir: request.snapshot.dir }) : null;
  const id = imported?.snapshot_id ?? (await deps.store.resolveSnapshotId((request.snapshot as { id: string }).id));
  if (id === null) throw new UserError('app.unknown_snapshot', { arg: (request.snapshot as { id: string }).id });
  const run = { id: `run-${randomBytes(12).toString('hex')}`, tenant_id: deps.store.tenant_id, actor: deps.store.actor };
  const by_id: RiskRequest = { ...request, snapshot: { id } };
  const result = await riskRunWith(deps, by_id, splitBlocks({ handle, run, worker_id, runClaimed: (part) => runJob(handle, part, worker_id, options), ...leaseOptions(options) }, by_id, parts));
  return { ...result, warnings: imported?.warnings ?? [] };
}

function leaseOptions(options: WorkerOptions): { lease_ms?: number; now_ms?: () => number } {
  return { ...(options.lease_ms === undefined ? {} : { lease_ms: options.lease_ms }), ...(options.now_ms === undefined ? {} : { now_ms: options.now_ms }) };
}

export function jobErrorOf(error: unknown): JobError {
  if (error instanceof InputError) return { code: error.code, params: { ...error.params }, issues: error.issues, issue_count: error.issue_count };
  if (error instanceof UserError) return { code: error.code, params: { ...error.params } };
  return { code: 'server.internal', params: {} };
}

/**
 * Takes jobs until `signal` aborts: one at a time, polling when the queue is empty. Resolves
 * after the job in hand (if any) has ended.
 */
export async function workJobs(handle: StoreHandle, signal: AbortSignal, options: WorkerOptions = {}): Promise<{ jobs: number }> {
  const worker_id = options.worker_id ?? defaultWorkerId();
  const now_ms = options.now_ms ?? Date.now;
  const poll_ms = options.poll_ms ?? 500;
  let jobs = 0;
  while (!signal.aborted) {
    const job = await handle.jobs.claim(worker_id, now_ms(), options.lease_ms, options.kinds);
    if (job === null) {
      await sleep(poll_ms, signal);
      continue;
    }
    jobs += 1;
    await runJob(handle, job, worker_id, options);
  }
  return { jobs };
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
