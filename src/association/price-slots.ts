// Price factors the sector's members can share. Real members trade one market: their price
// histories, and so their bootstrapped price moves, are the same, and a shared cause hitting
// thirty members would otherwise compute the same factor thirty times per occurrence. Each
// member's price column is given a slot; columns whose factor is the same function of the
// occurrence's draws — the same mode, horizon and length of history and the same returns bit for
// bit (bootstrap), or the same σ (fallback) — get the same slot, and the sector kernel computes
// one factor per slot and occurrence. Identity is decided exactly: a hash of the bytes to find a
// candidate, then a full comparison of the bytes, so a hash collision never joins two columns.
// With sharing off every column has a slot of its own: the reference the tests hold it equal to.

import { createHash } from 'node:crypto';
import type { PriceModel } from '../risk/prices.ts';

export const SLOT_BOOTSTRAP = 0;
export const SLOT_FALLBACK = 1;

export interface PriceSlots {
  /** Member k's column c has slot slot_of[member_base[k] + c]. */
  member_base: Int32Array;
  slot_of: Int32Array;
  count: number;
  /** Per slot: SLOT_BOOTSTRAP or SLOT_FALLBACK (static models have no columns, so no slot). */
  mode: Uint8Array;
  horizon_days: Int32Array;
  history_days: Int32Array;
  /** Bootstrap: the column's daily log-returns, day by day (contiguous: one column is what a factor reads). */
  returns: Float64Array[];
  /** Fallback: the horizon's log-price σ. */
  sigma: Float64Array;
}

/** The bytes of a Float64Array, for exact comparison (bit patterns, so −0 ≠ 0 and NaN equals itself). */
function bytesOf(values: Float64Array): Buffer {
  return Buffer.from(values.buffer, values.byteOffset, values.byteLength);
}

export function priceSlots(models: readonly PriceModel[], share: boolean): PriceSlots {
  const member_base = new Int32Array(models.length);
  let columns = 0;
  models.forEach((m, k) => {
    member_base[k] = columns;
    columns += m.mode === 'static' ? 0 : m.assets.length;
  });
  const slot_of = new Int32Array(columns);
  const mode: number[] = [];
  const horizon_days: number[] = [];
  const history_days: number[] = [];
  const returns: Float64Array[] = [];
  const sigma: number[] = [];
  /** Hash of a slot's identity → the slots with that hash (more than one only on a collision). */
  const by_hash = new Map<string, number[]>();

  models.forEach((m, k) => {
    if (m.mode === 'static') return;
    const width = m.assets.length;
    for (let c = 0; c < width; c++) {
      const column = new Float64Array(m.mode === 'bootstrap' ? m.history_days : 0);
      for (let d = 0; d < column.length; d++) column[d] = m.returns[d * width + c]!;
      const slot_mode = m.mode === 'bootstrap' ? SLOT_BOOTSTRAP : SLOT_FALLBACK;
      const slot_sigma = m.mode === 'fallback' ? m.fallback_sigma[c]! : 0;
      const sigma_bytes = bytesOf(Float64Array.of(slot_sigma));
      const same = (s: number): boolean =>
        mode[s] === slot_mode &&
        (slot_mode === SLOT_FALLBACK
          ? bytesOf(Float64Array.of(sigma[s]!)).equals(sigma_bytes)
          : horizon_days[s] === m.horizon_days && history_days[s] === m.history_days && bytesOf(returns[s]!).equals(bytesOf(column)));
      let slot = -1;
      let hash = '';
      if (share) {
        const h = createHash('sha256').update(`${slot_mode} ${slot_mode === SLOT_BOOTSTRAP ? `${m.horizon_days} ${m.history_days}` : ''}\u0000`);
        h.update(slot_mode === SLOT_FALLBACK ? sigma_bytes : bytesOf(column));
        hash = h.digest('hex');
        slot = by_hash.get(hash)?.find(same) ?? -1;
      }
      if (slot < 0) {
        slot = mode.length;
        mode.push(slot_mode);
        horizon_days.push(m.horizon_days);
        history_days.push(m.history_days);
        returns.push(column);
        sigma.push(slot_sigma);
        if (share) {
          const list = by_hash.get(hash);
          if (list === undefined) by_hash.set(hash, [slot]);
          else list.push(slot);
        }
      }
      slot_of[member_base[k]! + c] = slot;
    }
  });
  return {
    member_base,
    slot_of,
    count: mode.length,
    mode: Uint8Array.from(mode),
    horizon_days: Int32Array.from(horizon_days),
    history_days: Int32Array.from(history_days),
    returns,
    sigma: Float64Array.from(sigma),
  };
}
