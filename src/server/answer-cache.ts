// Rendered answers of the read routes whose result is a function of a tenant's stored snapshots and
// runs alone (the stored check, a snapshot, the lists): many readers asking for the same stored
// check get the same bytes, rendered once per language. An answer is forgotten when the store
// tells of a change to its tenant (an import, a stored run: store.ts tells once committed, and on a
// PostgreSQL server NOTIFY tells every other process), after ANSWER_CACHE_TTL_MS in any case, and
// the oldest go first past the bounds. Past its time, an answer still answers for up to `stale_ms`
// while one rendering refreshes it: on PGlite every statement waits behind an open transaction, and
// an import is one transaction for as long as it runs, so a rendering begun then waited for the
// import to commit and every reader of that answer with it (docs/performance.md). Such an answer is
// as true as a fresh one: every change to its tenant forgets it at once, refreshing or not. A rendering under way when its tenant changed is not kept,
// and nothing is kept while the store cannot promise to tell every change. Errors are not kept.
// TenantCache is that machinery for any value a tenant's snapshots and runs alone decide (the
// customer proof route keeps the snapshot ids its requests name in one).

import type { StoreHandle } from '../store/types.ts';

export const ANSWER_CACHE_TTL_MS = 30_000;
export const ANSWER_CACHE_ENTRIES_MAX = 1_000;
export const ANSWER_CACHE_BYTES_MAX = 64 * 1024 * 1024;
/** How long past its time an answer answers while its refresh waits for the store (a large import's transaction). */
export const ANSWER_CACHE_STALE_MS = 10 * 60_000;

export interface RenderedAnswer {
  /** UTF-8, encoded once: encoding 28 KB on every request was a tenth of its time. */
  body: Uint8Array;
  headers: Readonly<Record<string, string>>;
}

interface Entry<V> {
  tenant_id: string;
  answer: V;
  bytes: number;
  valid_until_ms: number;
}

export interface TenantCacheLimits {
  ttl_ms: number;
  entries_max: number;
  bytes_max: number;
  /** How long past ttl_ms an entry answers while one rendering refreshes it; 0 when absent. */
  stale_ms?: number;
}

export class TenantCache<V> {
  private readonly entries = new Map<string, Entry<V>>();
  private readonly rendering = new Map<string, Promise<V>>();
  private readonly generations = new Map<string, number>();
  private bytes = 0;

  constructor(
    private readonly handle: StoreHandle,
    private readonly now_ms: () => number,
    private readonly limits: TenantCacheLimits,
    /** What a value counts against limits.bytes_max. */
    private readonly bytesOf: (value: V) => number,
  ) {
    handle.changes.subscribe((change) => {
      if (change.kind === 'tenant') this.forgetTenant(change.tenant_id);
      else if (change.kind === 'all') for (const tenant_id of new Set([...this.generations.keys(), ...[...this.entries.values()].map((e) => e.tenant_id)])) this.forgetTenant(tenant_id);
    });
  }

  get size(): number {
    return this.entries.size;
  }

  /** The answer to `key` in `tenant_id`, rendered by `render` unless kept; concurrent askers share one rendering. */
  async answer(tenant_id: string, key: string, render: () => Promise<V>): Promise<V> {
    const full_key = `${tenant_id}\u0000${key}`;
    const found = this.entries.get(full_key);
    if (found !== undefined) {
      const now_ms = this.now_ms();
      if (now_ms < found.valid_until_ms) return found.answer;
      if (now_ms < found.valid_until_ms + (this.limits.stale_ms ?? 0)) {
        // A refresh that fails leaves the entry as it was, for the next request to refresh again.
        if (!this.rendering.has(full_key)) this.render(tenant_id, full_key, render).catch(() => {});
        return found.answer;
      }
      this.remove(full_key, found);
    }
    return this.rendering.get(full_key) ?? this.render(tenant_id, full_key, render);
  }

  private render(tenant_id: string, full_key: string, render: () => Promise<V>): Promise<V> {
    const generation = this.generations.get(tenant_id) ?? 0;
    const rendered = render().then((answer) => {
      if ((this.generations.get(tenant_id) ?? 0) === generation && this.handle.changes.complete) this.keep(full_key, tenant_id, answer);
      return answer;
    });
    this.rendering.set(full_key, rendered);
    const forget = () => {
      if (this.rendering.get(full_key) === rendered) this.rendering.delete(full_key);
    };
    rendered.then(forget, forget);
    return rendered;
  }

  private keep(full_key: string, tenant_id: string, answer: V): void {
    const bytes = this.bytesOf(answer);
    if (bytes > this.limits.bytes_max / 4) return;
    const previous = this.entries.get(full_key);
    if (previous !== undefined) this.remove(full_key, previous);
    this.entries.set(full_key, { tenant_id, answer, bytes, valid_until_ms: this.now_ms() + this.limits.ttl_ms });
    this.bytes += bytes;
    for (const [oldest_key, oldest] of this.entries) {
      if (this.entries.size <= this.limits.entries_max && this.bytes <= this.limits.bytes_max) break;
      this.remove(oldest_key, oldest);
    }
  }

  private remove(full_key: string, entry: Entry<V>): void {
    this.entries.delete(full_key);
    this.bytes -= entry.bytes;
  }

  private forgetTenant(tenant_id: string): void {
    this.generations.set(tenant_id, (this.generations.get(tenant_id) ?? 0) + 1);
    const prefix = `${tenant_id}\u0000`;
    for (const [key, entry] of this.entries) if (entry.tenant_id === tenant_id) this.remove(key, entry);
    for (const key of this.rendering.keys()) if (key.startsWith(prefix)) this.rendering.delete(key);
  }
}

export class AnswerCache extends TenantCache<RenderedAnswer> {
  constructor(handle: StoreHandle, now_ms: () => number, limits: TenantCacheLimits = { ttl_ms: ANSWER_CACHE_TTL_MS, entries_max: ANSWER_CACHE_ENTRIES_MAX, bytes_max: ANSWER_CACHE_BYTES_MAX, stale_ms: ANSWER_CACHE_STALE_MS }) {
    super(handle, now_ms, limits, (answer) => answer.body.byteLength);
  }
}
