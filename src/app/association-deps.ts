// What the association's use cases are given: every member (a tenant of the service) with a view
// of its store. The view is narrowed here, in the use case layer, whatever a front end hands in:
// only the reads of aggregates pass (snapshot list, a snapshot's header and import totals, stored
// runs); a snapshot's balance rows throw instead of streaming, and nothing can be written. So no
// balance row and no account id can reach an association user through these use cases.

import type { Snapshot } from '../snapshot/types.ts';
import type { Actor, StoreHandle, TenantRecord, TenantStore } from '../store/types.ts';
import type { ProgressEvent } from './deps.ts';

export interface MemberHandle {
  tenant: TenantRecord;
  store: TenantStore;
}

export interface AssociationDeps {
  members: readonly MemberHandle[];
  on_progress?: (event: ProgressEvent) => void;
}

/** The reads the association's use cases may make of a member's store. */
export interface AggregateStore {
  readonly tenant_id: string;
  listSnapshots: TenantStore['listSnapshots'];
  /** The header and the import's totals; its balances throw when read. */
  loadSnapshot(id: string): Promise<Snapshot>;
  listRuns: TenantStore['listRuns'];
}

export class BalanceReadRefused extends Error {
  constructor(tenant_id: string) {
    super(`the association view read a balance row of member ${tenant_id}`);
    this.name = 'BalanceReadRefused';
  }
}

export function aggregatesOnly(store: TenantStore): AggregateStore {
  const refuse = (): never => {
    throw new BalanceReadRefused(store.tenant_id);
  };
  return {
    tenant_id: store.tenant_id,
    listSnapshots: () => store.listSnapshots(),
    listRuns: (filter) => store.listRuns(filter),
    async loadSnapshot(id) {
      const snapshot = await store.loadSnapshot(id);
      // eslint-disable-next-line require-yield
      const scan = async function* (): AsyncGenerator<never> {
        refuse();
      };
      return { ...snapshot, balances: { scan, scanPacked: scan } };
    },
  };
}

/** Every tenant of the service as a member, its store acting as `actor` (the association user). */
export async function memberHandles(handle: StoreHandle, actor: Actor): Promise<MemberHandle[]> {
  const members: MemberHandle[] = [];
  for (const tenant of await handle.listTenants()) {
    const { close: _close, ...store } = await handle.forTenant(tenant.id, actor);
    members.push({ tenant, store });
  }
  return members;
}
