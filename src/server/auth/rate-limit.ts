// Anti-automation (ASVS 2.4.1, 6.3.1): log-in attempts per client address in a sliding window.
// This guards the service against guessing across many names; a user's own account locks after
// repeated failures in the store (accounts.recordLoginFailure), across restarts and processes.
// An attempt is counted when it starts (so concurrent guesses cannot all pass before one fails)
// and given back when it succeeds: an office behind one address, its officers logging in at
// nine, must not be refused for logging in.

export class SlidingWindowLimiter {
  private readonly hits = new Map<string, number[]>();

  constructor(
    readonly attempts_max: number,
    readonly window_ms: number,
    /** A bound on memory: past this many keys, the oldest are forgotten. */
    readonly keys_max = 100_000,
  ) {}

  /** Counts an attempt; false when the key has used up its window. */
  allow(key: string, now_ms: number): boolean {
    const recent = (this.hits.get(key) ?? []).filter((t) => now_ms - t < this.window_ms);
    if (recent.length >= this.attempts_max) {
      this.hits.set(key, recent);
      return false;
    }
    recent.push(now_ms);
    this.hits.delete(key);
    this.hits.set(key, recent);
    if (this.hits.size > this.keys_max) this.hits.delete(this.hits.keys().next().value!);
    return true;
  }

  /** Gives back an attempt counted at `at_ms` by allow (one that succeeded). */
  release(key: string, at_ms: number): void {
    const recent = this.hits.get(key);
    const i = recent?.lastIndexOf(at_ms) ?? -1;
    if (i >= 0) recent!.splice(i, 1);
  }
}
