import { describe, expect, it } from 'vitest';
import { runRisk } from '../risk/service.ts';
import { syntheticSnapshot } from '../risk/synthetic.ts';
import { insured } from '../risk/synthetic-policies.ts';
import { runSector } from './sector.ts';


describe('a one-member sector run', () => {
  it('equals that member’s own risk run exactly (same seed, same years)', async () => {
    const snapshot = insured(syntheticSnapshot({ wallets: 60, price_days: 400, seed: 11 }));
    const years = 20_000;
    const own = await runRisk(snapshot, { years, seed: 5, workers: 0, cover: null });
    const sector = await runSector([{ member_id: 'a', member_name: 'A', snapshot }], { years, seed: 5 });
    expect(own.gross.expected_minor).toBeGreaterThan(0n);
    expect(own.net.expected_minor).toBeLessThan(own.gross.expected_minor);
    expect(sector.members[0]!.gross).toEqual(own.gross);
    expect(sector.members[0]!.net).toEqual(own.net);
    expect(sector.sector.gross).toEqual(own.gross);
    expect(sector.sector.net).toEqual(own.net);
    expect(sector.sector.p_two_or_more_lose).toBe(0);
    // The per-cause expected losses are the member's own, cause by cause.
    expect(sector.causes.map((c) => c.expected_gross_minor).reduce((s, x) => s + x, 0n) - own.gross.expected_minor).toBeLessThanOrEqual(BigInt(sector.causes.length));
  });
});

describe('a sector run in worker threads', () => {
  it('gives the same report as one in this thread alone, whatever the number of workers', async () => {
    const members = Array.from({ length: 8 }, (_, i) => ({ member_id: `m${i}`, member_name: `M${i}`, snapshot: insured(syntheticSnapshot({ wallets: 40, price_days: 400, seed: 30 + i, market_seed: 3 })) }));
    const years = 60_000;
    const alone = await runSector(members, { years, seed: 2, workers: 0 });
    const progress: number[] = [];
    const threaded = await runSector(members, { years, seed: 2, workers: 2, on_progress: (done) => progress.push(done) });
    expect(alone.sector.net.expected_minor).toBeGreaterThan(0n);
    expect(threaded).toEqual(alone);
    expect(progress).toEqual([10_000, 20_000, 30_000, 40_000, 50_000, 60_000]);
    expect(await runSector(members, { years, seed: 2, workers: 1 })).toEqual(alone);
  });
});
