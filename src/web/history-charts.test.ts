import { describe, expect, it } from 'vitest';
import type { CheckRunResult, StoredCheck } from '../coverage/runs.ts';
import { dayIn, historyCharts } from './history-charts.ts';

const check = (over: Partial<StoredCheck>): StoredCheck => ({ id: 'jp-psa-2020/hot-share', status: 'pass', asset: null, required: '0.05', held: '0.04', shortfall: '0', unit: 'ratio', bound: 'max', reference_code: '', message_code: '', message_params: {}, ...over });
const run = (as_of: string, checks: StoredCheck[], regime = 'jp-psa-2020'): CheckRunResult => ({ format: 'hozen-check-run/2', snapshot: as_of, exchange: 'x', as_of, as_of_ms: Date.parse(as_of), base_currency: 'JPY', regime, compliant: true, failed_checks: 0, headline: [], checks, assignments: [], excluded: [], notes: [] });

describe("the history page's series", () => {
  it('takes the day in the exchange’s time zone, and the latest check of a day stands for it', () => {
    // 23:30 in Tokyo on the 24th is the 24th there, not the 25th (UTC 14:30).
    expect(dayIn(Date.parse('2026-11-24T23:30:00+09:00'), 'Asia/Tokyo')).toBe('2026-11-24');
    expect(dayIn(Date.parse('2026-11-24T23:30:00+09:00'), 'UTC')).toBe('2026-11-24');
    expect(dayIn(Date.parse('2026-11-25T08:30:00+09:00'), 'UTC')).toBe('2026-11-24');
    const charts = historyCharts(
      [
        run('2026-11-24T09:00:00+09:00', [check({ held: '0.01' })]),
        run('2026-11-24T18:00:00+09:00', [check({ held: '0.03' })]),
        run('2026-11-25T09:00:00+09:00', [check({ held: '0.045' })]),
      ],
      'Asia/Tokyo',
    );
    expect(charts.hot_share.x).toEqual(['2026-11-24', '2026-11-25']);
    const held = charts.hot_share.series.find((s) => !s.limit)!;
    expect(held.values.map((v) => v!.toFixed(2))).toEqual(['3.00', '4.50']);
    expect(charts.hot_share.series.find((s) => s.limit)!.values).toEqual([5, 5]);
  });

  it('shows cover and guarantee crypto as shares of their requirements, per asset for the guarantee', () => {
    const charts = historyCharts(
      [
        run('2026-11-24T09:00:00+09:00', [
          check({ id: 'jvcea-2018-draft/cover', unit: 'JPY', bound: 'min', held: '300', required: '200' }),
          check({ id: 'jp-psa-2020/guarantee', asset: 'BTC', unit: 'BTC', bound: 'min', held: '1.5', required: '1.2' }),
          check({ id: 'jp-psa-2020/guarantee', asset: 'ETH', unit: 'ETH', bound: 'min', held: '0', required: '0' }),
          check({ id: 'jp-psa-2020/guarantee', asset: 'XRP', status: 'info', unit: 'XRP', bound: 'min', held: '9', required: '1' }),
        ]),
      ],
      'Asia/Tokyo',
    );
    expect(charts.cover.series).toEqual([{ name: 'jvcea-2018-draft/cover', values: [150], limit: false }]);
    expect(charts.cover.log).toBe(true);
    // Nothing required: no share (not a division by zero); an unjudged check is not drawn.
    expect(charts.guarantee.series.map((s) => [s.name, s.values[0]])).toEqual([['BTC', 125], ['ETH', null]]);
  });
});
