import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../store/testing.ts';
import type { Actor, StoreHandle } from '../store/types.ts';
import { toJson } from '../text/json.ts';
import { associationCapacity } from './association-capacity.ts';
import { aggregatesOnly, BalanceReadRefused, memberHandles, type MemberHandle } from './association-deps.ts';
import { associationDependencies } from './association-dependencies.ts';
import { associationStress } from './association-stress.ts';
import { fixtureAccountIds, guardedMembers, SECRET_ACCOUNT, seedMembers } from './association-testing.ts';
import { associationMembers } from './association.ts';

const ASSOCIATION: Actor = { type: 'user', id: 'u-assoc', role: 'association', tenant: null };

let database: TestDatabase;
let handle: StoreHandle;
let members: MemberHandle[];
const reads = { count: 0 };

beforeAll(async () => {
  database = await createTestDatabase('pglite');
  handle = await database.openHandle();
  await seedMembers(handle);
  members = guardedMembers(await memberHandles(handle, ASSOCIATION), reads);
}, 60_000);
afterAll(async () => {
  await database.dispose();
});

function expectNoAccountId(json: string): void {
  expect(json).not.toContain(SECRET_ACCOUNT);
  for (const id of fixtureAccountIds()) expect(json).not.toContain(`"${id}"`);
}

describe('the association’s use cases', () => {
  it('members: each one’s verdicts, headroom, alerts and runs, tightest headroom first, with no balance row read', async () => {
    const result = await associationMembers({ members });
    expect(reads.count).toBe(0);
    // Tightest first: A's hot wallets are 33.33% of its customers' assets against a 5% limit
    // (headroom −28.33 points, −5.666667 of the limit); B, C and D hold everything hot (−19). The
    // store's own tenant has no snapshot: last.
    expect(result.members.map((m) => [m.member_id, m.verdict, m.headroom_share_min])).toEqual([
      ['b', 'not_compliant', '-19'],
      ['c', 'not_compliant', '-19'],
      ['d', 'not_compliant', '-19'],
      ['a', 'not_compliant', '-5.666667'],
      ['local', 'no_snapshot', null],
    ]);
    expect(result.members.map((m) => m.member_id).sort()).toEqual(['a', 'b', 'c', 'd', 'local']);
    for (const m of result.members.filter((x) => x.member_id !== 'local')) {
      expect(m.snapshot!.balance_rows).toBeGreaterThan(0);
      expect(m.regimes.map((r) => r.regime)).toEqual(['jp-psa-2020']);
      expect(m.claims).toEqual([expect.objectContaining({ incident: 'inc-1', gross_loss: '1000', total_recovery: '900' })]);
    }
    // A: 1 BTC hot (10,000,000) of 3 BTC held; the worked example's members are ordered by their tightest headroom.
    const a = result.members.find((m) => m.member_id === 'a')!;
    expect(a.snapshot!.wallets).toEqual({ hot_minor: 10_000_000n, warm_minor: 0n, cold_minor: 20_000_000n });
    expectNoAccountId(toJson(result));
  });

  it('dependencies, stress and capacity read no balance row and name no account', async () => {
    const deps = await associationDependencies({ members });
    const acme = deps.map.dependencies[0]!;
    expect(acme.members.map((m) => m.member_id)).toEqual(['a', 'b', 'c']);
    // 45,000,000 of 60,000,000 online behind Acme: over half, so the verdict fails.
    expect(deps.verdict).toBe('failed');
    const stress = await associationStress({ members }, { years: 10_000, seed: 2 });
    expect(stress.report.reverse_stress[0]!.unpaid_minor).toBe(15_000_000n);
    expect(stress.verdict).toBe('failed');
    const capacity = await associationCapacity({ members });
    expect(capacity.causes[0]!.shortfall_minor).toBe(15_000_000n);
    expect(reads.count).toBe(0);
    for (const r of [deps, stress, capacity]) expectNoAccountId(toJson(r));
  });

  it('the use cases’ own view refuses a balance read, whatever store it is given', async () => {
    const raw = await memberHandles(handle, ASSOCIATION);
    const view = aggregatesOnly(raw[0]!.store);
    const [record] = await view.listSnapshots();
    const snapshot = await view.loadSnapshot(record!.id);
    await expect(async () => {
      for await (const _ of snapshot.balances.scan()) break;
    }).rejects.toThrow(BalanceReadRefused);
    expect(Object.keys(view).sort()).toEqual(['listRuns', 'listSnapshots', 'loadSnapshot', 'tenant_id']);
  });
});
