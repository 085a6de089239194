import { describe, expect, it } from 'vitest';
import { translator } from './catalogs.ts';
import { shownDate, shownInstant, shownTime } from './dates.ts';

describe('times shown to people', () => {
  it('in the offset a timestamp was written with, or in a named zone; 2026年11月24日 18:00 in Japanese', () => {
    expect(shownInstant('2026-11-24T18:00:00+09:00', 'ja')).toBe('2026年11月24日 18:00');
    expect(shownInstant('2026-11-24T18:00:00+09:00', 'en')).toBe('24 Nov 2026 18:00');
    expect(shownInstant('2026-11-24T09:00:00.000Z', 'ja', 'Asia/Tokyo')).toBe('2026年11月24日 18:00');
    expect(shownInstant('2026-11-24T09:00:00.000Z', 'ja', '+09:00')).toBe('2026年11月24日 18:00');
    expect(shownInstant('2026-11-24T20:30:00-05:00', 'en', '+09:00')).toBe('25 Nov 2026 10:30');
    expect(shownDate('2027-03-31', 'ja')).toBe('2027年3月31日');
    expect(shownDate('2027-03-31', 'en')).toBe('31 Mar 2027');
    expect(shownTime('not a time', 'ja')).toBe('not a time');
  });

  it('every message shows timestamp and date parameters that way, but echoes a typed value as typed', () => {
    const ja = translator('ja');
    expect(ja.t('coverage.report.snapshot', { snapshot: 's', as_of: '2026-11-25T00:00:00+09:00', base: 'JPY' })).toBe('スナップショット s、基準日時 2026年11月25日 00:00、基準通貨 円');
    expect(ja.t('demo.as_of_invalid', { value: '2026-11-25T00:00:00+09:00' })).toContain("'2026-11-25T00:00:00+09:00'");
  });
});
