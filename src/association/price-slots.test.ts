// Members that trade one market share one price factor per asset and occurrence: the sector
// kernel with shared slots must give, bit for bit, what it gives with a slot per member and
// column (the unshared reference), and columns that differ in any way must not be joined.

import { describe, expect, it } from 'vitest';
import { syntheticSnapshot } from '../risk/synthetic.ts';
import { insured } from '../risk/synthetic-policies.ts';
import type { Snapshot } from '../snapshot/types.ts';
import type { MemberInput } from './dependencies.ts';
import { priceSlots } from './price-slots.ts';
import { compileSector } from './sector-model.ts';
import { makeSectorKernel, simulateSectorBlock, type SectorBlock } from './sector-simulate.ts';

function withPrices(snapshot: Snapshot, prices: Record<string, unknown>): Snapshot {
  return { ...snapshot, manifest: { ...snapshot.manifest, extensions: { ...snapshot.manifest.extensions, risk: { prices } } } };
}

/**
 * Thirty members: twenty on market 1, of which one looks 20 days ahead and one reads only 400
 * days of history (same prices, another factor each); five on market 2; three with histories of
 * their own; two whose history is too short (the fallback, the same σ).
 */
function thirtyMembers(): MemberInput[] {
  const snapshots: Snapshot[] = [];
  for (let i = 0; i < 20; i++) snapshots.push(insured(syntheticSnapshot({ wallets: 40, price_days: 730, seed: 200 + i, market_seed: 1 })));
  snapshots[3] = withPrices(snapshots[3]!, { horizon_days: 20 });
  snapshots[7] = withPrices(snapshots[7]!, { history_days_max: 400 });
  for (let i = 0; i < 5; i++) snapshots.push(insured(syntheticSnapshot({ wallets: 40, price_days: 730, seed: 300 + i, market_seed: 2 })));
  for (let i = 0; i < 3; i++) snapshots.push(insured(syntheticSnapshot({ wallets: 40, price_days: 730, seed: 400 + i })));
  for (let i = 0; i < 2; i++) snapshots.push(insured(syntheticSnapshot({ wallets: 40, price_days: 30, seed: 500 + i })));
  return snapshots.map((snapshot, i) => ({ member_id: `m${i}`, member_name: `Member ${i}`, snapshot }));
}

function blocks(members: readonly MemberInput[], share_prices: boolean): SectorBlock[] {
  const kernel = makeSectorKernel(compileSector(members), { share_prices });
  return [0, 1].map((b) => simulateSectorBlock(kernel, 9, b, 5_000));
}

function bytes(values: Float64Array): Buffer {
  return Buffer.from(values.buffer, values.byteOffset, values.byteLength);
}

function expectSameBits(shared: SectorBlock[], reference: SectorBlock[]): void {
  expect(shared.length).toBe(reference.length);
  shared.forEach((block, b) => {
    for (const key of ['member_gross', 'member_net', 'cause_gross', 'cause_net'] as const) {
      expect(bytes(block[key]).equals(bytes(reference[b]![key])), `block ${b} ${key}`).toBe(true);
    }
  });
}

describe('price slots', () => {
  const members = thirtyMembers();
  const models = compileSector(members).members.map((m) => m.model.prices);

  it('join exactly the columns of one market, horizon and length of history', () => {
    const slots = priceSlots(models, true);
    const slot = (k: number, c: number) => slots.slot_of[slots.member_base[k]! + c]!;
    expect(models[0]!.assets).toEqual(['BTC', 'ETH', 'SOL', 'USDT', 'XRP']);
    expect(models[7]!.history_days).toBeLessThan(models[0]!.history_days);
    expect(models[28]!.mode).toBe('fallback');
    for (let c = 0; c < 5; c++) {
      for (const k of [1, 2, 4, 19]) expect(slot(k, c)).toBe(slot(0, c));
      for (const k of [3, 7, 20, 25, 26, 27]) expect(slot(k, c)).not.toBe(slot(0, c));
      expect(slot(21, c)).toBe(slot(20, c));
      expect(slot(26, c)).not.toBe(slot(25, c));
      expect(slot(29, c)).toBe(slot(28, c));
    }
    // Per column: market 1 three times (the common factor, 20 days ahead, 400 days of history),
    // market 2, three histories of their own; and one fallback factor for all: every asset here
    // is crypto, so every column has the same σ and so the same factor.
    for (let c = 1; c < 5; c++) expect(slot(28, c)).toBe(slot(28, 0));
    expect(slots.count).toBe(5 * (3 + 1 + 3) + 1);
    expect(priceSlots(models, false).count).toBe(5 * 30);
  });

  it('give a column that differs from another in one bit a slot of its own', () => {
    const changed = { ...models[1]!, returns: Float64Array.from(models[1]!.returns) };
    const bits = new BigUint64Array(changed.returns.buffer);
    bits[5 * 100 + 2] = bits[5 * 100 + 2]! ^ 1n;
    const slots = priceSlots([models[0]!, changed], true);
    const slot = (k: number, c: number) => slots.slot_of[slots.member_base[k]! + c]!;
    expect(slot(1, 2)).not.toBe(slot(0, 2));
    for (const c of [0, 1, 3, 4]) expect(slot(1, c)).toBe(slot(0, c));
  });
});

describe('the sector kernel with shared price factors', () => {
  it('gives a 30-member run bit for bit what the unshared reference gives', () => {
    const members = thirtyMembers();
    const shared = blocks(members, true);
    expect(shared[0]!.member_gross.some((x) => x > 0)).toBe(true);
    expectSameBits(shared, blocks(members, false));
  });

  it('gives a 5-member run on one market bit for bit what the unshared reference gives', () => {
    const members = thirtyMembers().slice(0, 5);
    expectSameBits(blocks(members, true), blocks(members, false));
  });
});
