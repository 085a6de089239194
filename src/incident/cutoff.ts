// Is the snapshot the incident's cut-off? Compensation and claims value what customers held at the
// loss; a snapshot taken after the incident already shows the drained wallets and later trades,
// and one taken long before misses what customers bought or withdrew since. Neither is refused (the
// right snapshot may not exist yet), but the user is told, at the incident's occurred_at.

import type { InputIssue } from '../errors.ts';
import { jsonValueLines, lineOfPath } from '../input/json-lines.ts';

/**
 * The longest gap between the snapshot and the incident that still counts as its cut-off: one
 * day, since exchanges take their snapshot daily (the day's close before the loss).
 */
export const CUTOFF_GAP_HOURS_MAX = 24;

export interface CutoffInput {
  as_of: string;
  as_of_ms: number;
  occurred_at: string;
  occurred_at_ms: number;
  /** The incident file, for the warning's location. */
  file: string;
  text: string;
}

export function cutoffWarnings(input: CutoffInput): InputIssue[] {
  const gap_ms = input.occurred_at_ms - input.as_of_ms;
  const params = { as_of: input.as_of, occurred_at: input.occurred_at, hours_max: CUTOFF_GAP_HOURS_MAX };
  let code: string | undefined;
  if (gap_ms < 0) code = 'incident.snapshot_after_incident';
  else if (gap_ms > CUTOFF_GAP_HOURS_MAX * 3_600_000) code = 'incident.snapshot_long_before_incident';
  if (code === undefined) return [];
  const body = input.text.charCodeAt(0) === 0xfeff ? input.text.slice(1) : input.text;
  const line = lineOfPath(jsonValueLines(body), ['occurred_at']);
  const days = Math.floor(Math.abs(gap_ms) / 86_400_000);
  const hours = Math.floor((Math.abs(gap_ms) % 86_400_000) / 3_600_000);
  return [{ file: input.file, ...(line === undefined ? {} : { line }), field: 'occurred_at', code, params: { ...params, days, hours } }];
}
