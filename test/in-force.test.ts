// "Is a contract in force at t?" has one answer (src/snapshot/period.ts) in check, risk and
// compensate, at the edges where three implementations used to disagree.

import { describe, expect, it } from 'vitest';
import { contractPays } from '../src/compensation/funding.ts';
import { incidentOf } from '../src/compensation/testing.ts';
import { checkCoverage } from '../src/coverage/check.ts';
import { contractCover } from '../src/risk/cover.ts';
import { fixtureSnapshot } from '../src/snapshot/fixture.ts';

describe('in force: one rule in check, risk and compensate', () => {
  // as_of 2026-11-25T00:00:00+09:00 (the fixture's). A contract whose end is that instant has
  // ended (the period is [start, end)); one starting then runs; a date end runs through its day.
  const AS_OF = '2026-11-25T00:00:00+09:00';
  const contract = (id: string, start: string, end: string) => ({ id, kind: 'preservation' as const, amount: '1000000', start, end });
  const fixture = fixtureSnapshot({
    prices: [['2026-11-24T00:00:00+09:00', 'BTC', '10000000']],
    wallets: [{ id: 'hot', asset: 'BTC', tier: 'hot', amount: '1' }],
    balances: [['A', 'BTC', '1']],
    contracts: [
      contract('ends-at-as-of', '2026-01-01', AS_OF),
      contract('starts-at-as-of', AS_OF, '2027-11-24'),
      contract('ends-on-as-of-day', '2026-01-01', '2026-11-25'),
      contract('ended-the-day-before', '2026-01-01', '2026-11-24'),
      contract('ends-a-millisecond-later', '2026-01-01', '2026-11-24T15:00:00.001Z'),
    ],
  });
  const in_force = ['starts-at-as-of', 'ends-on-as-of-day', 'ends-a-millisecond-later'];

  it('counts the same contracts at as_of whichever engine asks', () => {
    const report = checkCoverage(fixture, { regimes: ['jvcea-2018-draft'] });
    const counted = report.regimes[0]!.assignments.filter((a) => a.source_kind === 'contract').map((a) => a.source_id);
    expect(counted.sort()).toEqual([...in_force].sort());
    expect(report.regimes[0]!.excluded.find((e) => e.source_id === 'ends-at-as-of')!.reason.code).toBe('coverage.source.expired');
    expect(contractCover(fixture).contract_ids.sort()).toEqual([...in_force].sort());
    const incident = incidentOf(fixture, { losses: [['hot', 'BTC', '1']], occurred_at: AS_OF, detected_at: AS_OF });
    expect(fixture.contracts.filter((c) => contractPays(c, incident, fixture.manifest.as_of)).map((c) => c.id).sort()).toEqual([...in_force].sort());
  });
});
