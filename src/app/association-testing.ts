// Members in a store for the association's tests (use cases, API, pages): the worked example's
// four exchanges (association/testing.ts) as tenants, each snapshot imported with its customers'
// balance rows, checked, and given a stored claim whose result names customers' accounts — which
// must never reach an association user.

import { threeShareOneVendor } from '../association/testing.ts';
import { storeSnapshot } from '../store/testing.ts';
import type { Actor, StoreHandle, TenantStore } from '../store/types.ts';
import type { MemberHandle } from './association-deps.ts';
import { checkAndStore } from './check.ts';
import { saveRun } from './runs.ts';

export const SECRET_ACCOUNT = 'acct-secret-7f3a';
const SETUP: Actor = { type: 'system', id: 'association-test', role: null, tenant: null };

/** Account ids of the fixture's customers (a-c0, a-c1, …): none may appear in what an association user gets. */
export function fixtureAccountIds(): string[] {
  return threeShareOneVendor().flatMap((m) => Array.from({ length: 5 }, (_, i) => `${m.member_id}-c${i}`));
}

export async function seedMembers(handle: StoreHandle): Promise<void> {
  for (const member of threeShareOneVendor()) {
    await handle.createTenant({ id: member.member_id, name: member.member_name, time_zone: 'Asia/Tokyo' }, SETUP);
    const store = await handle.forTenant(member.member_id, SETUP);
    await storeSnapshot(store, member.snapshot);
    await checkAndStore({ store }, member.snapshot);
    await saveRun(store, {
      kind: 'claim',
      snapshot_id: member.snapshot.id,
      inputs: { fixture: member.member_id },
      params: {},
      result: { incident: 'inc-1', peril: 'external_hack', gross_loss: '1000', total_recovery: '900', policies: [{ allocation: { customers: [{ account_id: SECRET_ACCOUNT, amount: '900' }, { account_id: `${member.member_id}-c0`, amount: '0' }] } }] },
    });
  }
}

/** A store whose balance rows throw when read: a use case that reads one fails its test. */
export function throwingOnBalances(store: TenantStore, reads: { count: number }): TenantStore {
  return {
    ...store,
    async loadSnapshot(id) {
      const snapshot = await store.loadSnapshot(id);
      const scan = (): never => {
        reads.count++;
        throw new Error('a balance row was read');
      };
      return { ...snapshot, balances: { scan, scanPacked: scan } };
    },
    verifySnapshot() {
      reads.count++;
      throw new Error('a balance row was read');
    },
  };
}

export function guardedMembers(members: readonly MemberHandle[], reads: { count: number }): MemberHandle[] {
  return members.map((m) => ({ tenant: m.tenant, store: throwingOnBalances(m.store, reads) }));
}
