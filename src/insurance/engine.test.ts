import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UserError } from '../errors.ts';
import { eventTime, randomCase, UNIT_SNAPSHOT, type RandomCase } from './arbitraries.ts';
import { applyProgramme } from './engine.ts';
import { lossEvent, policyJson, programmeOf, run, type EventInput } from './testing.ts';
import type { LossEvent, ProgrammeResult } from './types.ts';
import { valuationOf } from './valuation.ts';

const ACCOUNTS = ['A', 'B', 'C'];

/** Each row split over the three accounts by random weights (a customer may get nothing). */
function withCustomers(c: RandomCase, weights: number[], holdings: number[]): LossEvent[][] {
  return c.years.map((events) =>
    events.map((e, i) => {
      const input: EventInput = {
        at: eventTime(i),
        peril: e.peril,
        losses: e.rows.map(([w, loss]) => [UNIT_SNAPSHOT.wallets[w]!.id, String(loss)]),
        by_customer: e.rows.map(([, loss], r) => splitLoss(loss, weights.slice((r % 3) * 3, (r % 3) * 3 + 3))),
        holdings: Object.fromEntries(ACCOUNTS.map((a, k) => [a, String(holdings[k]!)])),
      };
      return lossEvent(input, UNIT_SNAPSHOT, i);
    }),
  );
}

function splitLoss(loss: number, weights: number[]): Array<[string, string]> {
  const sum = weights.reduce((s, w) => s + w, 0);
  if (sum === 0) return [['A', String(loss)]];
  const a = Math.floor((loss * weights[0]!) / sum);
  const b = Math.floor((loss * weights[1]!) / sum);
  return [
    ['A', String(a)],
    ['B', String(b)],
    ['C', String(loss - a - b)],
  ];
}

function yearsOf(c: RandomCase): LossEvent[][] {
  return c.years.map((events) =>
    events.map((e, i) => lossEvent({ at: eventTime(i), peril: e.peril, losses: e.rows.map(([w, loss]) => [UNIT_SNAPSHOT.wallets[w]!.id, String(loss)]) }, UNIT_SNAPSHOT, i)),
  );
}

const sum = (values: readonly bigint[]) => values.reduce((s, v) => s + v, 0n);

function checkInvariants(result: ProgrammeResult, events: readonly LossEvent[]): void {
  for (const event of result.events) {
    const input = events.find((e) => e.id === event.event_id)!;
    const wallet_loss = new Map<string, bigint>();
    for (const item of input.items) wallet_loss.set(item.wallet_id, (wallet_loss.get(item.wallet_id) ?? 0n) + item.amount_minor);
    for (const p of event.policies) {
      // recovery ≤ covered loss ≤ gross loss
      expect(p.recovery_minor >= 0n && p.recovery_minor <= p.counted_loss_minor).toBe(true);
      expect(p.counted_loss_minor <= p.covered_loss_minor && p.covered_loss_minor <= event.gross_loss_minor).toBe(true);
      expect(p.deductible_minor + p.coinsurance_minor + p.recovery_minor <= p.counted_loss_minor).toBe(true);
      // allocations conserve exactly, and no wallet gets back more than it lost
      expect(sum(p.allocation.by_wallet.map((w) => w.amount_minor))).toBe(p.recovery_minor);
      expect(sum(p.allocation.by_asset.map((a) => a.amount_minor))).toBe(p.recovery_minor);
      if (p.allocation.by_customer !== null) expect(sum(p.allocation.by_customer.map((c) => c.amount_minor))).toBe(p.recovery_minor);
      for (const w of p.allocation.by_wallet) expect(w.amount_minor <= wallet_loss.get(w.wallet_id)!).toBe(true);
      expect(p.insurer_net_minor).toBe(p.recovery_minor - sum(p.reinsurance.map((r) => r.amount_minor)));
      expect(p.insurer_net_minor >= 0n).toBe(true);
      if (p.recovery_minor === 0n && p.covered_loss_minor > 0n) expect(p.reason).not.toBeNull();
    }
    expect(event.recovery_minor <= event.gross_loss_minor).toBe(true);
    expect(sum(event.allocation.by_wallet.map((w) => w.amount_minor))).toBe(event.recovery_minor);
    for (const contract of event.reinsurance) {
      const split = sum(event.policies.flatMap((p) => p.reinsurance.filter((r) => r.reinsurance_id === contract.reinsurance_id).map((r) => r.amount_minor)));
      expect(split).toBe(contract.amount_minor);
      expect(contract.amount_minor <= contract.subject_loss_minor).toBe(true);
    }
  }
  for (const year of result.policies) {
    const mine = result.events.map((e) => e.policies.find((p) => p.policy_id === year.policy_id)!);
    expect(year.recovery_minor).toBe(sum(mine.map((p) => p.recovery_minor)));
    expect(year.reinstatement_premium_minor).toBe(sum(mine.map((p) => p.reinstatement_premium_minor)));
  }
}

describe('applyProgramme invariants', () => {
  it('recovery ≤ covered ≤ gross; allocations and reinsurance splits conserve exactly', () => {
    fc.assert(
      fc.property(randomCase({ customers: true }), fc.array(fc.nat(5), { minLength: 9, maxLength: 9 }), fc.array(fc.nat(5000), { minLength: 3, maxLength: 3 }), (c, weights, holdings) => {
        const programme = programmeOf(c.policies, c.reinsurance, UNIT_SNAPSHOT);
        const valuation = valuationOf(UNIT_SNAPSHOT);
        for (const events of [...yearsOf(c), ...withCustomers(c, weights, holdings)]) checkInvariants(applyProgramme(programme, events, valuation), events);
      }),
      { numRuns: 300 },
    );
  });

  it('recovery is monotone in the loss: a larger loss never recovers less, in the event (and in the year without annual asset sublimits)', () => {
    fc.assert(
      fc.property(randomCase(), fc.nat(), fc.nat(), fc.integer({ min: 1, max: 5000 }), (c, pick_event, pick_row, extra) => {
        const programme = programmeOf(c.policies, c.reinsurance, UNIT_SNAPSHOT);
        const valuation = valuationOf(UNIT_SNAPSHOT);
        const year = yearsOf(c)[0]!;
        if (year.length === 0) return;
        const e = pick_event % year.length;
        const r = pick_row % year[e]!.items.length;
        const bigger = year.map((event, i) =>
          i !== e ? event : { ...event, items: event.items.map((item, k) => (k !== r ? item : { ...item, amount_minor: item.amount_minor + BigInt(extra) })) },
        );
        // The year is monotone only without annual asset sublimits (worked example 41 shows why).
        if (!programme.policies.some((p) => p.asset_sublimits.some((s) => s.aggregate_minor !== null))) {
          const before = applyProgramme(programme, year, valuation);
          const after = applyProgramme(programme, bigger, valuation);
          expect(after.recovery_minor >= before.recovery_minor).toBe(true);
        }
        const alone = (events: LossEvent[]) => applyProgramme(programme, [events[e]!], valuation).recovery_minor;
        expect(alone(bigger) >= alone(year)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});

describe('applyProgramme errors', () => {
  it('a loss in an asset without a market price at the time is a user error', () => {
    const programme = programmeOf([policyJson()]);
    expect(() => run(programme, [{ at: '2025-12-01T00:00:00+09:00', losses: [['hot-btc', '1']] }])).toThrow(UserError);
  });
});
