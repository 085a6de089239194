// The dashboard's scripts, served as files by Hozen itself (the CSP allows scripts from this
// server only, never inline): echarts from its own package's dist, and two small page scripts.
// Every page works without them: a chart's figures are in the table beside it, a job's page has a
// link that reloads it. The scripts only add the drawing and the live progress.

import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';

export const ECHARTS_PATH = '/assets/echarts.min.js';
export const CHARTS_JS_PATH = '/assets/charts.js';
export const JOB_JS_PATH = '/assets/job.js';

let echarts: Promise<string> | null = null;
/** echarts' minified build, read once from node_modules (no CDN). */
export function echartsSource(): Promise<string> {
  echarts ??= readFile(createRequire(import.meta.url).resolve('echarts/dist/echarts.min.js'), 'utf8');
  return echarts;
}

/**
 * Draws every [data-chart] element: a line chart from {unit, x, series:[{name, values, limit}]}.
 * Series differ by symbol and dash as well as colour (aria decals on), and the chart is an image
 * labelled by its figure's caption; the numbers stay in the table.
 */
export const CHARTS_JS = `(function () {
  'use strict';
  var SYMBOLS = ['circle', 'rect', 'triangle', 'diamond', 'pin', 'arrow', 'roundRect'];
  var DASHES = ['solid', 'dashed', 'dotted'];
  function draw(el) {
    var spec = JSON.parse(el.getAttribute('data-chart'));
    var chart = window.echarts.init(el, null, { renderer: 'svg' });
    var narrow = el.clientWidth < 500;
    chart.setOption({
      animation: false,
      aria: { enabled: true, decal: { show: true } },
      grid: { left: narrow ? 48 : 64, right: 16, top: narrow ? 96 : 64, bottom: 32 },
      legend: { type: 'scroll', top: 0, left: 0, right: 0, textStyle: { fontSize: narrow ? 10 : 12 } },
      tooltip: { trigger: 'axis', valueFormatter: function (v) { return v === null || v === undefined ? '—' : v.toFixed(2) + spec.unit; } },
      xAxis: { type: 'category', data: spec.x, boundaryGap: false },
      yAxis: spec.log ? { type: 'log', axisLabel: { formatter: function (v) { return v + spec.unit; } } } : { type: 'value', scale: true, axisLabel: { formatter: function (v) { return v + spec.unit; } } },
      series: spec.series.map(function (s, i) {
        return {
          name: s.name, type: 'line', data: spec.log ? s.values.map(function (v) { return v !== null && v > 0 ? v : null; }) : s.values, connectNulls: false, step: s.limit ? 'end' : false,
          symbol: SYMBOLS[i % SYMBOLS.length], symbolSize: 7,
          lineStyle: { type: s.limit ? 'dashed' : DASHES[Math.floor(i / SYMBOLS.length) % DASHES.length], width: s.limit ? 1.5 : 2 }
        };
      })
    });
    window.addEventListener('resize', function () { chart.resize(); });
    window.addEventListener('beforeprint', function () { chart.resize(); });
  }
  function start() {
    if (!window.echarts) return;
    var els = document.querySelectorAll('[data-chart]');
    for (var i = 0; i < els.length; i++) draw(els[i]);
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start); else start();
})();
`;

/**
 * Follows the job named by [data-job]: its progress into the <progress> element, and the page
 * reloaded once the job has ended (the server then draws the result).
 */
export const JOB_JS = `(function () {
  'use strict';
  var el = document.querySelector('[data-job]');
  if (!el) return;
  var url = el.getAttribute('data-job-url') || '/api/v1/jobs/' + encodeURIComponent(el.getAttribute('data-job'));
  var bar = el.querySelector('progress');
  var text = el.querySelector('[data-progress-text]');
  function poll() {
    fetch(url, { credentials: 'same-origin', headers: { accept: 'application/json' } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (job) {
        if (job === null) return;
        if (job.state === 'succeeded' || job.state === 'failed') { window.location.reload(); return; }
        var p = job.progress;
        if (p && p.total && bar) { bar.max = p.total; bar.value = p.done; if (text) text.textContent = Math.floor((100 * p.done) / p.total) + '%'; }
        setTimeout(poll, 700);
      })
      .catch(function () { setTimeout(poll, 2000); });
  }
  setTimeout(poll, 500);
})();
`;
