// The random draw against the statistical attack (docs/guide/proof.*.md): accounts drawn from a
// snapshot by a seed that the exchange cannot know when it builds and publishes its tree (the
// association picks it afterwards, e.g. from a public randomness beacon), each one's proof derived
// from the stored tree and verified against the published liabilities.json, and its balances
// compared with the imported snapshot's. An exchange that left some customers out of the tree (or
// gave them smaller balances) fails a draw of k accounts with probability 1 − (1 − f)^k, f the
// fraction it cheated on: 1 − 0.99^300 ≈ 95 % for 1 % of the customers.
//
// The draw: every account's score is HMAC-SHA256(seed, "hozen-pol/1 draw" ‖ 0x00 ‖ account id);
// the `count` accounts with the smallest scores (as 256-bit big-endian numbers) are drawn. It is
// uniform, reproducible by anyone with the seed and the account list, and independent of the
// file's row order; it keeps `count` accounts in memory whatever the snapshot's size (an account
// whose score is above the current `count`-th never enters, and one that leaves never returns,
// so the balances kept for the drawn accounts are complete).

import { createHmac } from 'node:crypto';
import type { BalanceSource } from '../snapshot/types.ts';

export const DRAW_COUNT_MAX = 100_000;
/** 1 % of the customers left out is caught with 95 %. */
export const DRAW_COUNT_DEFAULT = 300;
const LABEL = Buffer.from('hozen-pol/1 draw\0', 'utf8');

export interface DrawnAccount {
  account_id: string;
  score: Buffer;
  /** The snapshot's balances of the account, by asset symbol. */
  balances_minor: Map<string, bigint>;
}

export const drawScore = (seed: Uint8Array, account_id: string): Buffer => createHmac('sha256', seed).update(LABEL).update(account_id, 'utf8').digest();

/** A max-heap of the drawn accounts by score: its top is the first to leave. */
class Drawn {
  readonly heap: DrawnAccount[] = [];
  readonly by_id = new Map<string, DrawnAccount>();

  constructor(private readonly count: number) {}

  private swap(i: number, j: number): void {
    [this.heap[i], this.heap[j]] = [this.heap[j]!, this.heap[i]!];
  }

  private up(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.heap[parent]!.score.compare(this.heap[i]!.score) >= 0) return;
      this.swap(i, parent);
      i = parent;
    }
  }

  private down(i: number): void {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let top = i;
      if (l < this.heap.length && this.heap[l]!.score.compare(this.heap[top]!.score) > 0) top = l;
      if (r < this.heap.length && this.heap[r]!.score.compare(this.heap[top]!.score) > 0) top = r;
      if (top === i) return;
      this.swap(i, top);
      i = top;
    }
  }

  /** The account's entry if it is drawn (so far), else null. */
  offer(account_id: string, seed: Uint8Array): DrawnAccount | null {
    const known = this.by_id.get(account_id);
    if (known !== undefined) return known;
    const score = drawScore(seed, account_id);
    const entry: DrawnAccount = { account_id, score, balances_minor: new Map() };
    if (this.heap.length === this.count) {
      if (score.compare(this.heap[0]!.score) >= 0) return null;
      this.by_id.delete(this.heap[0]!.account_id);
      this.heap[0] = entry;
      this.down(0);
    } else {
      this.heap.push(entry);
      this.up(this.heap.length - 1);
    }
    this.by_id.set(account_id, entry);
    return entry;
  }
}

/** The drawn accounts, in order of score, with their balances in the snapshot; on_rows after each batch, with the rows read so far. */
export async function drawAccounts(balances: BalanceSource, seed: Uint8Array, count: number, on_rows?: (rows: number) => void): Promise<DrawnAccount[]> {
  if (!Number.isInteger(count) || count < 1 || count > DRAW_COUNT_MAX) throw new RangeError(`draw count must be 1…${DRAW_COUNT_MAX}`);
  const drawn = new Drawn(count);
  // Accounts that were offered and not drawn: skipped at their next rows without a new MAC, as
  // long as the same account's rows follow one another (the usual file).
  let last_refused = '';
  let rows = 0;
  for await (const batch of balances.scan()) {
    rows += batch.length;
    for (let i = 0; i < batch.length; i++) {
      const account_id = batch.account_id[i]!;
      if (account_id === last_refused) continue;
      const entry = drawn.offer(account_id, seed);
      if (entry === null) {
        last_refused = account_id;
        continue;
      }
      const asset = batch.asset[i]!;
      entry.balances_minor.set(asset, (entry.balances_minor.get(asset) ?? 0n) + batch.amount_minor[i]!);
    }
    on_rows?.(rows);
  }
  return [...drawn.heap].sort((a, b) => a.score.compare(b.score));
}
