// What changed in the store, told to whoever keeps something derived from it (the service's
// principal and answer caches). A change is told in this process as soon as its transaction has
// committed, before the call that made it returns; on a PostgreSQL server it is also sent with
// NOTIFY in the same transaction, so that the caches of every other process on that database
// (another service, a CLI revoking a token, a `hozen worker` storing a run) hear of it too.

import type { SqlRunner } from './adapter.ts';

/** `accounts`: a user, session or token lost (or changed) its rights. `tenant`: a tenant's snapshots or runs changed. `all`: anything may have changed (a lost notification connection). */
export type StoreChange = { kind: 'accounts' } | { kind: 'tenant'; tenant_id: string } | { kind: 'all' };

export type ChangeListener = (change: StoreChange) => void;

/** How a write tells of its change: `send` inside its transaction (to other processes), `tell` once committed (to this one). */
export interface Changed {
  send(tx: SqlRunner, change: StoreChange): Promise<void>;
  tell(change: StoreChange): void;
}

export class ChangeFeed {
  private readonly listeners = new Set<ChangeListener>();

  /** Returns the function that stops listening. */
  subscribe(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get listening(): boolean {
    return this.listeners.size > 0;
  }

  emit(change: StoreChange): void {
    for (const listener of this.listeners) listener(change);
  }
}

/** The NOTIFY payload of a change (at most 8,000 bytes: tenant ids are at most 63 characters). */
export function encodeChange(change: StoreChange): string {
  return change.kind === 'tenant' ? `tenant:${change.tenant_id}` : change.kind;
}

/** The change a NOTIFY payload names; `all` for one this version does not know (be safe: forget everything). */
export function decodeChange(payload: string): StoreChange {
  if (payload === 'accounts') return { kind: 'accounts' };
  if (payload.startsWith('tenant:')) return { kind: 'tenant', tenant_id: payload.slice('tenant:'.length) };
  return { kind: 'all' };
}
