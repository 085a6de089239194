import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UserError } from '../errors.ts';
import { PERILS } from '../incident/types.ts';
import { eventTime, randomCase, UNIT_SNAPSHOT, type RandomCase } from './arbitraries.ts';
import { compileFastProgramme, floorShare, PERIL_INDEX, type FastEvents } from './fast.ts';
import { policyJson, programmeOf, run, TEST_SNAPSHOT } from './testing.ts';

/** The same years as columnar fast-path events. */
function fastEvents(c: RandomCase): FastEvents {
  const flat = c.years.flatMap((events, y) => events.map((e) => ({ ...e, y })));
  const row_start = new Uint32Array(flat.length + 1);
  const rows = flat.flatMap((e) => e.rows);
  flat.forEach((e, i) => (row_start[i + 1] = row_start[i]! + e.rows.length));
  return {
    count: flat.length,
    year: Int32Array.from(flat, (e) => e.y),
    peril: Uint8Array.from(flat, (e) => PERIL_INDEX[e.peril]),
    row_start,
    wallet: Uint32Array.from(rows, ([w]) => w),
    loss: Float64Array.from(rows, ([, loss]) => loss),
  };
}

/** The exact engine, one policy year per simulated year. */
function exactYears(c: RandomCase) {
  const programme = programmeOf(c.policies, c.reinsurance, UNIT_SNAPSHOT);
  return c.years.map((events) =>
    run(
      programme,
      events.map((e, i) => ({ at: eventTime(i), peril: e.peril, losses: e.rows.map(([w, loss]) => [UNIT_SNAPSHOT.wallets[w]!.id, String(loss)] as [string, string]) })),
      UNIT_SNAPSHOT,
    ),
  );
}

describe('the fast path equals the exact engine', () => {
  it('on random programmes and loss years (per event and per year)', () => {
    fc.assert(
      fc.property(randomCase(), (c) => {
        const exact = exactYears(c);
        const fast = compileFastProgramme(programmeOf(c.policies, c.reinsurance, UNIT_SNAPSHOT), { wallets: UNIT_SNAPSHOT.wallets }).apply(fastEvents(c), c.years.length);
        const exact_events = exact.flatMap((year) => year.events);
        expect(Array.from(fast.event_recovery)).toEqual(exact_events.map((e) => Number(e.recovery_minor)));
        expect(Array.from(fast.event_net)).toEqual(exact_events.map((e) => Number(e.gross_loss_minor - e.recovery_minor)));
        expect(Array.from(fast.year.recovery)).toEqual(exact.map((y) => Number(y.recovery_minor)));
        expect(Array.from(fast.year.gross)).toEqual(exact.map((y) => Number(y.gross_loss_minor)));
        expect(Array.from(fast.year.reinstatement_premium)).toEqual(exact.map((y) => Number(y.reinstatement_premium_minor)));
        expect(Array.from(fast.year.ceded)).toEqual(exact.map((y) => Number(y.reinsurance.reduce((s, r) => s + r.amount_minor, 0n))));
      }),
      { numRuns: 400 },
    );
  });

  it('one row per event without row_start, and years without events', () => {
    const programme = programmeOf([policyJson({}, { deductible: '1000000', aggregate_limit: '25000000' })]);
    const wallets = TEST_SNAPSHOT.wallets;
    const hot = wallets.findIndex((w) => w.id === 'hot-btc');
    const cold = wallets.findIndex((w) => w.id === 'cold-btc');
    // Year 0: 10m hot → 9m; 30m cold → 0 (tier); year 2: 30m hot → min(29, 25) = 25m (fresh aggregate).
    const result = compileFastProgramme(programme, { wallets }).apply(
      { count: 3, year: Int32Array.of(0, 0, 2), peril: Uint8Array.of(0, 0, 0), wallet: Uint32Array.of(hot, cold, hot), loss: Float64Array.of(10e6, 30e6, 30e6) },
      3,
    );
    expect(Array.from(result.event_recovery)).toEqual([9e6, 0, 25e6]);
    expect(Array.from(result.year.net)).toEqual([31e6, 0, 5e6]);
  });

  it('refuses what it cannot do exactly, clearly', () => {
    const wallets = TEST_SNAPSHOT.wallets;
    const stated = programmeOf([policyJson({}, { valuation: { basis: 'stated', prices: { BTC: '1', ETH: '1' } } })]);
    expect(() => compileFastProgramme(stated, { wallets })).toThrow(UserError);
    const huge = programmeOf([policyJson({}, { occurrence_limit: '100000000000000000000' })]);
    expect(() => compileFastProgramme(huge, { wallets })).toThrow(UserError);
    const fast = compileFastProgramme(programmeOf([policyJson()]), { wallets });
    const one = (loss: number, year = 0) => ({ count: 1, year: Int32Array.of(year), peril: Uint8Array.of(0), wallet: Uint32Array.of(0), loss: Float64Array.of(loss) });
    expect(() => fast.apply(one(1.5), 1)).toThrow(RangeError);
    expect(() => fast.apply(one(2 ** 53), 1)).toThrow(RangeError);
    expect(() => fast.apply(one(1, 1), 1)).toThrow(RangeError);
    expect(PERILS[PERIL_INDEX.vendor_compromise]).toBe('vendor_compromise');
  });

  it('floorShare is floor(x × num / den) exactly, up to 2^53', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), fc.integer({ min: 0, max: 6 }), fc.nat(), (x, scale, n) => {
        const den = 10 ** scale;
        const num = n % (den + 1);
        expect(BigInt(floorShare(x, { num, den }))).toBe((BigInt(x) * BigInt(num)) / BigInt(den));
      }),
      { numRuns: 2000 },
    );
  });
});
