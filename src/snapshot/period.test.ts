import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { boundMs, inForce, inForceAt, periodMs, periodStatus, utcOffsetOf } from './period.ts';

const AS_OF = '2026-11-25T00:00:00+09:00';
const at = (timestamp: string): number => Date.parse(timestamp);

describe('in force: the half-open period [start, end), dates as whole days at as_of’s offset', () => {
  it('reads a date start as its first instant and a date end through its last', () => {
    expect(periodMs({ start: '2026-04-01', end: '2027-03-31' }, AS_OF)).toEqual({
      start_ms: at('2026-04-01T00:00:00+09:00'),
      end_ms: at('2027-04-01T00:00:00+09:00'),
    });
    expect(boundMs('2026-11-25', 'start', 'Z')).toBe(at('2026-11-25T00:00:00Z'));
    expect(boundMs('2026-11-25T09:30:00+09:00', 'end', 'Z')).toBe(at('2026-11-25T00:30:00Z'));
  });

  it('a contract ending at a timestamp no longer runs at that instant', () => {
    const ends_at_as_of = { start: '2026-01-01', end: '2026-11-25T00:00:00+09:00' };
    expect(inForceAt(ends_at_as_of, AS_OF, at(AS_OF))).toBe(false);
    expect(inForceAt(ends_at_as_of, AS_OF, at(AS_OF) - 1)).toBe(true);
    // The same instant written in UTC is the same bound.
    expect(inForceAt({ start: '2026-01-01', end: '2026-11-24T15:00:00Z' }, AS_OF, at(AS_OF))).toBe(false);
  });

  it('a contract starting at a timestamp runs from that instant', () => {
    const starts_at_as_of = { start: AS_OF, end: '2027-11-24' };
    expect(inForceAt(starts_at_as_of, AS_OF, at(AS_OF))).toBe(true);
    expect(inForceAt(starts_at_as_of, AS_OF, at(AS_OF) - 1)).toBe(false);
  });

  it('a date end covers its whole day; the next day it has ended', () => {
    const ends_today = { start: '2026-01-01', end: '2026-11-25' };
    expect(periodStatus(periodMs(ends_today, AS_OF), at('2026-11-25T23:59:59.999+09:00'))).toBe('in_force');
    expect(periodStatus(periodMs(ends_today, AS_OF), at('2026-11-26T00:00:00+09:00'))).toBe('ended');
    expect(periodStatus(periodMs({ start: '2026-11-26', end: '2027-11-25' }, AS_OF), at(AS_OF))).toBe('not_started');
  });

  it("reads dates at the snapshot's offset, not at the offset the tested instant is written with", () => {
    // An incident at 2026-03-31T20:00Z is 2026-04-01T05:00+09:00: after a contract ending on
    // 2026-03-31 in the exchange's zone, whichever way the incident writes its time.
    const ended = { start: '2025-04-01', end: '2026-03-31' };
    expect(inForceAt(ended, AS_OF, at('2026-03-31T20:00:00Z'))).toBe(false);
    expect(inForceAt(ended, AS_OF, at('2026-04-01T05:00:00+09:00'))).toBe(false);
    expect(inForceAt(ended, AS_OF, at('2026-03-31T14:59:59Z'))).toBe(true);
  });

  it('a renewal ending where the next period starts is never in force together with it', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 ** 12 }), fc.integer({ min: 1, max: 10 ** 10 }), fc.integer({ min: 1, max: 10 ** 10 }), fc.integer({ min: -(10 ** 10), max: 2 * 10 ** 10 }), (start, first, second, offset) => {
        const old_period = { start_ms: start, end_ms: start + first };
        const renewal = { start_ms: start + first, end_ms: start + first + second };
        const t = start + offset;
        expect(inForce(old_period, t) && inForce(renewal, t)).toBe(false);
        // Together they cover exactly [start, end of the renewal).
        expect(inForce(old_period, t) || inForce(renewal, t)).toBe(t >= start && t < start + first + second);
      }),
    );
  });

  it('needs an offset on as_of', () => {
    expect(utcOffsetOf('2026-11-25T00:00:00Z')).toBe('Z');
    expect(utcOffsetOf(AS_OF)).toBe('+09:00');
    expect(() => utcOffsetOf('2026-11-25T00:00:00')).toThrow();
  });
});
