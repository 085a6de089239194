// A risk run split across workers: the job of a risk run asked with `split: n` (n ≥ 2) puts n
// `risk_part` jobs in the queue, one per range of blocks (risk/split.ts), which any `hozen worker`
// on any machine reaching the same database takes like any other job. The run's own worker takes
// parts of its run too while any is left (so one worker alone finishes it), then waits for the
// others, renewing its lease, and merges: the blocks in index order are exactly those one process
// simulates, so the summary, the run id and the stored run are the same, bit for bit.
//
// A part's job is named after the run's (`<job id>-part-<i>`), so a run taken over by another
// worker after its own died finds the parts already queued or done, and does not queue them twice.

import { UserError } from '../errors.ts';
import { blockCount, runBlocks, type RunOptions } from '../risk/pool.ts';
import { prepareModel, type RiskParams } from '../risk/service.ts';
import { decodeBlock, encodeBlock, mergeParts, partRanges, type EncodedBlock } from '../risk/split.ts';
import type { JobRecord } from '../store/jobs.ts';
import { JOB_LEASE_MS_DEFAULT } from '../store/jobs.ts';
import type { StoreHandle } from '../store/types.ts';
import type { AppDeps } from './deps.ts';
import type { RiskRequest } from './risk.ts';
import { scopeTiers } from './risk.ts';
import { resolveSnapshot } from './resolve-snapshot.ts';

export interface RiskPartRequest {
  /** The job of the run this is a part of. */
  parent: string;
  snapshot: { id: string };
  years: number;
  seed: number;
  tiers?: string[];
  /** Blocks [from, to). */
  from: number;
  to: number;
  workers?: number;
}

export interface RiskPartResult {
  verdict: 'ok';
  /** What the job shows (both languages): which blocks. */
  json: Record<string, { from: number; to: number; years: number }>;
  blocks: EncodedBlock[];
}

/** Simulates a part's blocks, from the snapshot in the store (the model is built as the run's is). */
export async function riskPart(deps: AppDeps, request: RiskPartRequest): Promise<RiskPartResult> {
  const { snapshot } = await resolveSnapshot(deps, { id: request.snapshot.id });
  const scope = request.tiers === undefined ? {} : { tiers: scopeTiers(request.tiers) };
  const { model, insurance_spec } = prepareModel(snapshot, scope);
  const blocks = await runBlocks(model, insurance_spec, {
    years: request.years,
    seed: request.seed,
    blocks: { from: request.from, to: request.to },
    ...(request.workers === undefined ? {} : { workers: request.workers }),
    ...(deps.on_progress === undefined ? {} : { on_progress: (done: number, total: number) => deps.on_progress!({ phase: 'risk', done, total }) }),
  });
  const years = blocks.reduce((n, b) => n + b.years, 0);
  const summary = { from: request.from, to: request.to, years };
  return { verdict: 'ok', json: { en: summary, ja: summary }, blocks: blocks.map(encodeBlock) };
}

export interface SplitContext {
  handle: StoreHandle;
  /** The run: its parts are named after `id` and belong to its tenant and actor. A run's own job, or `hozen risk --split`'s run (no job of its own). */
  run: Pick<JobRecord, 'id' | 'tenant_id' | 'actor'>;
  /** Renews the run's own job's lease with its progress; false when the job is no longer this worker's. Absent when the run has no job. */
  renew?: (progress: { phase: string; done: number; total: number }) => Promise<boolean>;
  worker_id: string;
  /** Runs a job this worker claimed to its end (app/jobs.ts runJob). */
  runClaimed(job: JobRecord): Promise<unknown>;
  lease_ms?: number;
  poll_ms?: number;
  now_ms?: () => number;
}

/** The `run_blocks` of a split run: queue the parts, work on them, wait for the rest, merge. */
export function splitBlocks(context: SplitContext, request: RiskRequest, parts: number): NonNullable<RiskParams['run_blocks']> {
  const { handle, run: job, worker_id } = context;
  const now_ms = context.now_ms ?? Date.now;
  const lease_ms = context.lease_ms ?? JOB_LEASE_MS_DEFAULT;
  const poll_ms = context.poll_ms ?? 200;
  return async (_model, _spec, options: RunOptions) => {
    const ranges = partRanges(options.years, parts);
    const snapshot_id = (request.snapshot as { id?: string }).id;
    if (snapshot_id === undefined) throw new Error('a split risk run names its snapshot by id');
    for (const [i, range] of ranges.entries()) {
      const part: RiskPartRequest = {
        parent: job.id,
        snapshot: { id: snapshot_id },
        years: options.years,
        seed: options.seed,
        ...(request.tiers === undefined ? {} : { tiers: [...request.tiers] }),
        ...range,
        ...(options.workers === undefined ? {} : { workers: options.workers }),
      };
      await handle.jobs.enqueueOnce(job.tenant_id, `${job.id}-part-${i}`, 'risk_part', part, job.actor);
    }
    const total_blocks = blockCount(options.years);
    // The run's lease is renewed while this worker simulates a part or waits for others.
    let lost = false;
    let done_blocks = 0;
    const renew = async () => {
      const held = await (context.renew?.({ phase: 'risk_parts', done: done_blocks, total: total_blocks }) ?? Promise.resolve(true)).catch(() => true);
      if (!held) lost = true;
    };
    const timer = setInterval(() => void renew(), Math.max(50, Math.floor(lease_ms / 3)));
    try {
      for (;;) {
        if (lost) throw new Error(`risk run ${job.id}: its lease was taken over`);
        const mine = await handle.jobs.claim(worker_id, now_ms(), lease_ms, ['risk_part'], job.id);
        if (mine !== null) {
          await context.runClaimed(mine);
          continue;
        }
        const children = await handle.jobs.children(job.tenant_id, job.id);
        const failed = children.find((c) => c.state === 'failed');
        if (failed !== undefined) throw new UserError(failed.error?.code ?? 'server.internal', (failed.error?.params ?? {}) as ConstructorParameters<typeof UserError>[1]);
        done_blocks = children.filter((c) => c.state === 'succeeded').reduce((n, c) => n + (c.request as RiskPartRequest).to - (c.request as RiskPartRequest).from, 0);
        options.on_progress?.(Math.min(options.years, done_blocks * (options.years / total_blocks)), options.years);
        if (children.length === ranges.length && children.every((c) => c.state === 'succeeded')) {
          return mergeParts(options.years, children.map((c) => (c.result as RiskPartResult).blocks.map(decodeBlock)));
        }
        await new Promise((resolve) => setTimeout(resolve, poll_ms));
      }
    } finally {
      clearInterval(timer);
    }
  };
}
