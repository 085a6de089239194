// The history page's three series, per day in the exchange's time zone over the stored checks:
// each regime's ratio limits (the hot share against its limit), cover against requirement (held
// as a share of required, for every requirement in the base currency), and guarantee crypto
// against customer crypto outside cold (per asset, as a share). The latest check of a day stands
// for it. Figures are floats for drawing only: the exact ones are in the table below the charts.

import type { CheckRunResult, StoredCheck } from '../coverage/runs.ts';

export interface ChartSeries {
  name: string;
  values: Array<number | null>;
  /** A limit or requirement line, drawn dashed. */
  limit: boolean;
}

export interface ChartSpec {
  unit: '%';
  /** A logarithmic axis: cover is often many times its requirement, and 100% must stay readable. */
  log?: boolean;
  x: string[];
  series: ChartSeries[];
}

export interface HistoryCharts {
  hot_share: ChartSpec;
  cover: ChartSpec;
  guarantee: ChartSpec;
}

/** YYYY-MM-DD of an instant in a time zone. */
export function dayIn(as_of_ms: number, time_zone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: time_zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(as_of_ms));
}

const num = (s: string | null): number | null => (s === null ? null : Number(s));
const percentOf = (held: string | null, required: string | null): number | null => {
  const h = num(held);
  const r = num(required);
  return h === null || r === null || r === 0 ? null : (100 * h) / r;
};

export function historyCharts(history: readonly CheckRunResult[], time_zone: string): HistoryCharts {
  // day → regime → the day's latest run of that regime.
  const days = new Map<string, Map<string, CheckRunResult>>();
  for (const run of history) {
    const day = dayIn(run.as_of_ms, time_zone);
    const of_day = days.get(day) ?? new Map<string, CheckRunResult>();
    const earlier = of_day.get(run.regime);
    if (earlier === undefined || earlier.as_of_ms <= run.as_of_ms) of_day.set(run.regime, run);
    days.set(day, of_day);
  }
  const x = [...days.keys()].sort();
  const build = (pick: (run: CheckRunResult) => Array<{ name: string; value: number | null; limit: boolean }>): ChartSpec => {
    const series = new Map<string, ChartSeries>();
    x.forEach((day, i) => {
      for (const run of days.get(day)!.values()) {
        for (const point of pick(run)) {
          const s = series.get(point.name) ?? { name: point.name, values: x.map(() => null), limit: point.limit };
          s.values[i] = point.value;
          series.set(point.name, s);
        }
      }
    });
    return { unit: '%', x, series: [...series.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)) };
  };
  const judged = (c: StoredCheck) => c.status === 'pass' || c.status === 'fail';
  return {
    hot_share: build((run) =>
      run.checks
        .filter((c) => judged(c) && c.asset === null && c.unit === 'ratio')
        .flatMap((c) => [
          { name: c.id, value: num(c.held) === null ? null : 100 * num(c.held)!, limit: false },
          { name: `${c.id} (${c.bound === 'max' ? '≤' : '≥'})`, value: num(c.required) === null ? null : 100 * num(c.required)!, limit: true },
        ]),
    ),
    cover: logScale(build((run) => run.checks.filter((c) => judged(c) && c.asset === null && c.unit === run.base_currency && c.bound === 'min').map((c) => ({ name: c.id, value: percentOf(c.held, c.required), limit: false })))),
    guarantee: build((run) => run.checks.filter((c) => judged(c) && c.asset !== null && c.id.endsWith('/guarantee')).map((c) => ({ name: `${c.asset}`, value: percentOf(c.held, c.required), limit: false }))),
  };
}

function logScale(spec: ChartSpec): ChartSpec {
  return { ...spec, log: true };
}
