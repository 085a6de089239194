import { describe, expect, it } from 'vitest';
import { addDays, addMonths, fiscalYear, formatInOffset, isCalendarDate, MS_PER_DAY, parseAsOf, withDay } from './calendar.ts';

describe('parseAsOf', () => {
  it('reads the offset and the local calendar date as written', () => {
    const as_of = parseAsOf('2026-11-25T00:00:00+09:00')!;
    // 2026-11-25 00:00 in Tokyo is 2026-11-24 15:00 UTC.
    expect(as_of.ms).toBe(Date.UTC(2026, 10, 24, 15, 0, 0));
    expect(as_of).toMatchObject({ offset_text: '+09:00', offset_minutes: 540, local_date: '2026-11-25' });
    expect(parseAsOf('2026-11-25T12:30:00.250Z')).toMatchObject({ offset_minutes: 0, local_date: '2026-11-25' });
    expect(parseAsOf('2026-11-25T00:00:00-05:30')!.offset_minutes).toBe(-330);
  });

  it('refuses timestamps without an offset, impossible dates and out-of-range parts', () => {
    for (const text of [
      '2026-11-25',
      '2026-11-25T00:00:00',
      '2026-02-30T00:00:00+09:00',
      '2026-11-25T24:00:00+09:00',
      '2026-11-25T00:00:00+15:00',
      '1969-12-31T00:00:00Z',
      ' 2026-11-25T00:00:00Z',
      '2026-11-25 00:00:00+09:00',
    ]) {
      expect(parseAsOf(text), text).toBeNull();
    }
  });
});

describe('formatInOffset', () => {
  const tokyo = parseAsOf('2026-11-25T00:00:00+09:00')!;
  it('writes instants in the offset of as_of', () => {
    expect(formatInOffset(tokyo.ms, tokyo)).toBe('2026-11-25T00:00:00+09:00');
    expect(formatInOffset(tokyo.ms - MS_PER_DAY, tokyo)).toBe('2026-11-24T00:00:00+09:00');
    expect(formatInOffset(tokyo.ms - 90_000, tokyo)).toBe('2026-11-24T23:58:30+09:00');
    expect(formatInOffset(tokyo.ms + 5, tokyo)).toBe('2026-11-25T00:00:00.005+09:00');
    const utc = parseAsOf('2026-01-01T00:00:00Z')!;
    expect(formatInOffset(utc.ms - MS_PER_DAY, utc)).toBe('2025-12-31T00:00:00Z');
  });
});

describe('date arithmetic', () => {
  it('adds months with the day clamped to the month', () => {
    expect(addMonths('2026-11-25', 3)).toBe('2027-02-25');
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2028-01-31', 1)).toBe('2028-02-29');
    expect(addMonths('2026-11-25', -11)).toBe('2025-12-25');
    expect(withDay('2029-03-25', 20)).toBe('2029-03-20');
  });

  it('adds days across month and year ends', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-11-25', -200)).toBe('2026-05-09');
  });

  it('finds the April–March fiscal year', () => {
    expect(fiscalYear('2026-11-25')).toEqual(['2026-04-01', '2027-03-31']);
    expect(fiscalYear('2027-03-31')).toEqual(['2026-04-01', '2027-03-31']);
    expect(fiscalYear('2027-04-01')).toEqual(['2027-04-01', '2028-03-31']);
  });

  it('knows real calendar dates', () => {
    expect(isCalendarDate('2028-02-29')).toBe(true);
    expect(isCalendarDate('2026-02-29')).toBe(false);
    expect(isCalendarDate('2026-13-01')).toBe(false);
  });
});
