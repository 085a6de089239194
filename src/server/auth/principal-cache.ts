// Who a credential is, remembered for a few seconds: finding a token or a session in the store on
// every request made each read cost two queries of a store that PGlite runs on the server's own
// thread. An entry is forgotten
// - at once, with every other, when the store tells of a change to accounts (a token or session
//   revoked, a user disabled, a password changed: store/accounts.ts tells it once committed, and on
//   a PostgreSQL server NOTIFY tells every other process);
// - when its own rights end (the token's expiry, the session's idle and absolute limits);
// - after PRINCIPAL_CACHE_TTL_MS in any case (so `last_used`, `last_seen` stay near the truth).
// Past that time, and within its rights, an entry still answers for up to PRINCIPAL_CACHE_STALE_MS
// while one lookup refreshes it: on PGlite every statement waits behind an open transaction, and
// an import is one transaction for as long as it runs, so a lookup of every client's credential
// then waited for the import to commit (docs/performance.md). That answer is as safe as a fresh
// entry's: every change to accounts empties the cache at once, refreshing or not.
// A lookup that was under way while a change was told is not kept (its answer may predate the
// change), and nothing is kept while the store cannot promise to tell every change.

import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import type { StoreHandle } from '../../store/types.ts';
import { secretHash } from '../../accounts/secrets.ts';
import type { Principal } from '../context.ts';
import { principalOf, SESSION_COOKIE } from './sessions.ts';

export const PRINCIPAL_CACHE_TTL_MS = 5_000;
export const PRINCIPAL_CACHE_ENTRIES_MAX = 10_000;
/** How long past its time an entry answers while its refresh waits for the store (a large import's transaction). */
export const PRINCIPAL_CACHE_STALE_MS = 10 * 60_000;

interface Entry {
  principal: Principal;
  valid_until_ms: number;
  /** A lookup is refreshing this entry: requests meanwhile are answered from it, not by lookups of their own. */
  refreshing: boolean;
}

export class PrincipalCache {
  private readonly entries = new Map<string, Entry>();
  /** Counts the changes told: a lookup begun before one is not kept. */
  private generation = 0;

  constructor(
    private readonly handle: StoreHandle,
    private readonly ttl_ms = PRINCIPAL_CACHE_TTL_MS,
    private readonly entries_max = PRINCIPAL_CACHE_ENTRIES_MAX,
    private readonly stale_ms = PRINCIPAL_CACHE_STALE_MS,
  ) {
    handle.changes.subscribe((change) => {
      if (change.kind === 'accounts' || change.kind === 'all') this.forget();
    });
  }

  forget(): void {
    this.generation += 1;
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }

  async principalOf(c: Context, now_ms: number): Promise<Principal | null> {
    const key = credentialKey(c);
    if (key === null) return null;
    const found = this.entries.get(key);
    if (found !== undefined) {
      if (now_ms < found.valid_until_ms) return found.principal;
      if (now_ms < Math.min(found.valid_until_ms + this.stale_ms, found.principal.rights_end_ms)) {
        if (!found.refreshing) {
          found.refreshing = true;
          // A refresh that fails leaves the entry to the next request's own lookup.
          this.lookup(c, key, now_ms).catch(() => this.entries.delete(key));
        }
        return found.principal;
      }
      this.entries.delete(key);
    }
    return this.lookup(c, key, now_ms);
  }

  private async lookup(c: Context, key: string, now_ms: number): Promise<Principal | null> {
    const generation = this.generation;
    const principal = await principalOf(c, this.handle.accounts, now_ms);
    // What was kept for this credential is replaced, or gone if the credential no longer counts.
    this.entries.delete(key);
    // Unknown or refused credentials are not kept: a guessed token must not fill the cache.
    if (principal !== null && generation === this.generation && this.handle.changes.complete) {
      if (this.entries.size >= this.entries_max) this.entries.delete(this.entries.keys().next().value!);
      Object.freeze(principal.user);
      this.entries.set(key, { principal: Object.freeze(principal), valid_until_ms: Math.min(now_ms + this.ttl_ms, principal.rights_end_ms), refreshing: false });
    }
    return principal;
  }
}

/** The hash of what identifies the request's credential (the secret itself is not kept as a key). */
function credentialKey(c: Context): string | null {
  const authorization = c.req.header('authorization');
  if (authorization !== undefined) return `t${secretHash(authorization)}`;
  const secret = getCookie(c, SESSION_COOKIE);
  return secret === undefined ? null : `s${secretHash(secret)}`;
}
