// The stress test's attempts: a failed job gives way to a fresh attempt, within a bound.

import { describe, expect, it } from 'vitest';
import type { JobRecord, JobStore } from '../store/jobs.ts';
import { STRESS_ATTEMPTS_MAX, startAssociationStress } from './association-stress.ts';

const ACTOR = { type: 'cli' as const, id: 'stress-attempts-test', role: null, tenant: null };

/** A job store whose every job has failed: only enqueueOnce is called. */
function failingJobs(ids: string[]): JobStore {
  const failed = (id: string): JobRecord => ({ id, state: 'failed' }) as JobRecord;
  return {
    enqueueOnce: async (_tenant: string, id: string) => {
      ids.push(id);
      return { job: failed(id), created: false };
    },
  } as unknown as JobStore;
}

describe('startAssociationStress', () => {
  it('stops after STRESS_ATTEMPTS_MAX failed attempts at one test, answering the last, each attempt an id of its own', async () => {
    const ids: string[] = [];
    const { job } = await startAssociationStress({ members: [] }, failingJobs(ids), { years: 1000 }, ACTOR);
    expect(ids.length).toBe(STRESS_ATTEMPTS_MAX);
    expect(new Set(ids).size).toBe(STRESS_ATTEMPTS_MAX);
    expect(job.id).toBe(ids.at(-1));
    for (const id of ids) expect(id).toMatch(/^job-[0-9a-f]{24}$/);
  });
});
