// A timeline drawn on the server as SVG (no script, prints as it shows): one bar per row from its
// start to its end, the axis in months or years, and today marked by a dashed line and a label.
// A row without an end (a demand deposit) runs to the right edge with an arrow. A bar that has
// ended is drawn hollow and says so in its label: the colour is never the only signal.

import { html } from 'hono/html';
import type { Html } from './layout.ts';

export interface TimelineRow {
  label: string;
  start_ms: number;
  /** null: no end (runs on). */
  end_ms: number | null;
  /** Shown at the bar's end: the end date as the reader reads it, and any state. */
  note: string;
}

export interface TimelineOptions {
  title_id: string;
  today_ms: number;
  today_label: string;
  /** The axis' tick labels, from an instant. */
  tick: (ms: number, years: boolean) => string;
}

const WIDTH = 800;
const LABEL_W = 150;
const NOTE_W = 170;
const ROW_H = 26;
const TOP = 28;
const BOTTOM = 24;
const ROWS_MAX = 200;
const DAY_MS = 86_400_000;

export function timelineSvg(rows: readonly TimelineRow[], options: TimelineOptions): Html {
  const shown = rows.slice(0, ROWS_MAX);
  const ends = shown.flatMap((r) => (r.end_ms === null ? [] : [r.end_ms]));
  const lo = Math.min(options.today_ms, ...shown.map((r) => r.start_ms)) - 15 * DAY_MS;
  const hi = Math.max(options.today_ms + 60 * DAY_MS, ...ends) + 15 * DAY_MS;
  const x0 = LABEL_W;
  const x1 = WIDTH - NOTE_W;
  const x = (ms: number) => x0 + ((ms - lo) / (hi - lo)) * (x1 - x0);
  const height = TOP + shown.length * ROW_H + BOTTOM;
  const years = hi - lo > 3 * 365 * DAY_MS;
  const ticks: number[] = [];
  const d = new Date(lo);
  let t = years ? Date.UTC(d.getUTCFullYear() + 1, 0, 1) : Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
  const step_months = years ? 12 : hi - lo > 18 * 30 * DAY_MS ? 6 : hi - lo > 8 * 30 * DAY_MS ? 3 : 1;
  while (t < hi && ticks.length < 40) {
    ticks.push(t);
    const td = new Date(t);
    t = Date.UTC(td.getUTCFullYear(), td.getUTCMonth() + step_months, 1);
  }
  const cut = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
  return html`<svg class="timeline" viewBox="0 0 ${WIDTH} ${height}" width="100%" role="img" aria-labelledby="${options.title_id}" xmlns="http://www.w3.org/2000/svg" font-size="12" font-family="sans-serif">
<defs><pattern id="${options.title_id}-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><line x1="0" y1="0" x2="0" y2="6" stroke="#8c959f" stroke-width="2"/></pattern></defs>
${ticks.map((tick) => html`<line x1="${x(tick).toFixed(1)}" y1="${TOP - 6}" x2="${x(tick).toFixed(1)}" y2="${height - BOTTOM}" stroke="#d0d7de"/><text x="${x(tick).toFixed(1)}" y="${height - 8}" text-anchor="middle" fill="#57606a">${options.tick(tick, years)}</text>`)}
${shown.map((row, i) => {
    const y = TOP + i * ROW_H;
    const start = x(Math.max(lo, row.start_ms));
    const end = row.end_ms === null ? x1 : x(row.end_ms);
    const ended = row.end_ms !== null && row.end_ms < options.today_ms;
    return html`<g><title>${row.label}: ${row.note}</title>
<text x="4" y="${y + 16}" fill="#1b1f24">${cut(row.label, 20)}</text>
<rect x="${start.toFixed(1)}" y="${y + 5}" width="${Math.max(2, end - start).toFixed(1)}" height="14" rx="3" fill="${ended ? `url(#${options.title_id}-hatch)` : '#0b5cad'}" stroke="${ended ? '#57606a' : '#0b5cad'}"/>
${row.end_ms === null ? html`<path d="M ${x1} ${y + 3} l 8 9 l -8 9 z" fill="#0b5cad"/>` : ''}
<text x="${x1 + 12}" y="${y + 16}" fill="#1b1f24">${cut(row.note, 26)}</text></g>`;
  })}
<line x1="${x(options.today_ms).toFixed(1)}" y1="${TOP - 14}" x2="${x(options.today_ms).toFixed(1)}" y2="${height - BOTTOM}" stroke="#cf222e" stroke-width="2" stroke-dasharray="5 3"/>
<text x="${x(options.today_ms).toFixed(1)}" y="${TOP - 16}" text-anchor="middle" fill="#cf222e" font-weight="700">${options.today_label}</text>
</svg>`;
}
