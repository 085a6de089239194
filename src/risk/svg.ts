// The exceedance curves as an SVG chart, rendered server-side by echarts (no browser, no DOM):
// loss against return period on a log axis, gross and net, annual (AEP) and single-event (OEP),
// with the cover held as a horizontal line.

import * as echarts from 'echarts';
import type { Translator } from '../i18n/i18n.ts';
import type { RiskReport } from './service.ts';
import type { CurvePoint } from './stats.ts';

const WIDTH_PX = 900;
const HEIGHT_PX = 520;

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
      title: { text: t('risk.svg.title', { name: report.exchange_name, as_of: report.as_of }), left: 'center', textStyle: { fontSize: 14 } },
      legend: { top: 28 },
      grid: { left: 110, right: 40, top: 70, bottom: 60 },
      xAxis: { type: 'log', name: t('risk.svg.x_axis'), nameLocation: 'middle', nameGap: 32, logBase: 10 },
      yAxis: { type: 'value', name: t('risk.svg.y_axis', { base: report.base_currency }), nameLocation: 'end' },
      series: [
        {
          ...series(t('risk.svg.aep_gross'), report.curves.aep_gross, false),
          ...(cover === null ? {} : { markLine: { symbol: 'none', label: { formatter: t('risk.svg.cover') }, data: [{ yAxis: cover }] } }),
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
