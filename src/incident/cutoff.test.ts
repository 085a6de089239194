import { describe, expect, it } from 'vitest';
import { CUTOFF_GAP_HOURS_MAX, cutoffWarnings } from './cutoff.ts';

const text = '{\n  "format": "hozen-incident/1",\n  "occurred_at": "2026-10-14T21:30:00+09:00"\n}\n';
const at = (as_of: string, occurred_at = '2026-10-14T21:30:00+09:00') =>
  cutoffWarnings({ as_of, as_of_ms: Date.parse(as_of), occurred_at, occurred_at_ms: Date.parse(occurred_at), file: 'incident.json', text });

describe('the snapshot as the incident cut-off', () => {
  it('warns, at occurred_at, when the snapshot was taken after the incident', () => {
    expect(at('2026-11-25T00:00:00+09:00')).toEqual([
      { file: 'incident.json', line: 3, field: 'occurred_at', code: 'incident.snapshot_after_incident', params: { as_of: '2026-11-25T00:00:00+09:00', occurred_at: '2026-10-14T21:30:00+09:00', hours_max: 24, days: 41, hours: 2 } },
    ]);
    expect(at('2026-10-14T21:30:01+09:00')[0]?.code).toBe('incident.snapshot_after_incident');
  });

  it('warns when the snapshot is more than a day older than the incident, and not within it', () => {
    expect(CUTOFF_GAP_HOURS_MAX).toBe(24);
    expect(at('2026-10-13T21:29:59+09:00')[0]?.code).toBe('incident.snapshot_long_before_incident');
    expect(at('2026-10-13T21:30:00+09:00')).toEqual([]);
    expect(at('2026-10-14T00:00:00+09:00')).toEqual([]);
    expect(at('2026-10-14T21:30:00+09:00')).toEqual([]);
  });
});
