// The exceedance curves as an SVG chart, rendered server-side by echarts (no browser, no DOM):
// loss against return period on a log axis, gross and net, annual (AEP) and single-event (OEP),
// with the cover held as a horizontal line.

import * as echarts from 'echarts';
import type { Translator } from '../i18n/i18n.ts';
import type { RiskReport } from './service.ts';
import type { CurvePoint } from './stats.ts';

const WIDTH_PX = 900;
const HEIGHT_PX = 520;
/** Opaque: the chart stays readable in a dark viewer or slide. */
const BACKGROUND = '#ffffff';

/**
 * An axis figure as its readers count: Japanese in 万/億/兆 (700億, not 70,000,000,000), English
 * with k/M/bn. At most three significant digits: an axis shows magnitude, the tables the figures.
 */
export function axisAmount(value: number, lang: Translator['lang']): string {
  const units: Array<[number, string]> = lang === 'ja' ? [[1e12, '兆'], [1e8, '億'], [1e4, '万']] : [[1e12, ' tn'], [1e9, ' bn'], [1e6, ' M'], [1e3, ' k']];
  const sign = value < 0 ? '-' : '';
  const abs = Math.abs(value);
  for (const [size, unit] of units) if (abs >= size) return `${sign}${Number((abs / size).toPrecision(3))}${unit}`;
  return `${sign}${Number(abs.toPrecision(3))}`;
}

/** Up to the next half step of its leading digit (4.95e9 → 5e9), so the top tick reads round. */
function niceCeil(value: number): number {
  if (!(value > 0)) return value;
  const step = 10 ** Math.floor(Math.log10(value)) / 2;
  return Math.ceil(value / step) * step;
}

export function exceedanceSvg(report: RiskReport, tr: Translator): string {
  const t = tr.t.bind(tr);
  const scale = 10 ** report.base_decimals;
  // Return periods start at 1 year; the plot shows the tail, where losses are not zero.
  const series = (name: string, curve: CurvePoint[], dashed: boolean) => ({
    name,
    type: 'line' as const,
    showSymbol: false,
    lineStyle: { type: dashed ? ('dashed' as const) : ('solid' as const), width: 2 },
    data: curve.filter((p) => p.return_period >= 1).map((p) => [p.return_period, p.loss / scale]),
  });
  const cover = report.cover === null ? null : Number(report.cover.amount_minor) / scale;
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: WIDTH_PX, height: HEIGHT_PX });
  try {
    chart.setOption({
      animation: false,
      backgroundColor: BACKGROUND,
      title: { text: t('risk.svg.title', { name: report.exchange_name, as_of: report.as_of }), left: 'center', textStyle: { fontSize: 14 } },
      legend: { top: 28 },
      grid: { left: 90, right: 40, top: 70, bottom: 60, containLabel: true },
      xAxis: { type: 'log', name: t('risk.svg.x_axis'), nameLocation: 'middle', nameGap: 32, logBase: 10 },
      yAxis: { type: 'value', name: t('risk.svg.y_axis', { base: report.base_currency }), nameLocation: 'end',
        // The cover line is always in view, even above every simulated loss.
        ...(cover === null ? {} : { max: (extent: { max: number }) => niceCeil(Math.max(extent.max, cover * 1.1)) }),
        axisLabel: { formatter: (value: number) => axisAmount(value, tr.lang) },
      },
      series: [
        {
          ...series(t('risk.svg.aep_gross'), report.curves.aep_gross, false),
          ...(cover === null ? {} : { markLine: { symbol: 'none', label: { formatter: t('risk.svg.cover'), position: 'insideEndTop' }, data: [{ yAxis: cover }] } }),
        },
        series(t('risk.svg.aep_net'), report.curves.aep_net, true),
        series(t('risk.svg.oep_gross'), report.curves.oep_gross, false),
        series(t('risk.svg.oep_net'), report.curves.oep_net, true),
      ],
    });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}
