import { describe, expect, it } from 'vitest';
import { addMonths, asOf, daysUntilEnd, localDate } from './dates.ts';

const AS_OF = asOf('2026-11-25T00:00:00+09:00', Date.parse('2026-11-25T00:00:00+09:00'));

describe('calendar arithmetic in the zone of as_of', () => {
  it("takes as_of's own day, whatever the machine's zone", () => {
    // 2026-11-25T00:00+09:00 is 2026-11-24T15:00Z, but its day is the 25th where it was written.
    expect(localDate('2026-11-25T00:00:00+09:00')).toBe('2026-11-25');
    expect(AS_OF.date).toBe('2026-11-25');
  });

  it('adds calendar months, clamping to the end of the month', () => {
    expect(addMonths('2026-11-25', 6)).toBe('2027-05-25');
    expect(addMonths('2026-08-31', 6)).toBe('2027-02-28');
    expect(addMonths('2027-08-31', 6)).toBe('2028-02-29');
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2026-12-15', 0)).toBe('2026-12-15');
  });

  it('counts days to the end: 0 on as_of, calendar days for dates, whole 24 h for timestamps', () => {
    expect(daysUntilEnd('2026-11-25', AS_OF)).toBe(0);
    expect(daysUntilEnd('2026-12-25', AS_OF)).toBe(30);
    expect(daysUntilEnd('2026-11-24', AS_OF)).toBe(-1);
    expect(daysUntilEnd('2026-11-26T23:59:59+09:00', AS_OF)).toBe(1);
  });
});
