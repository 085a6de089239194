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

export const UPLOAD_JS_PATH = '/assets/upload.js';

/** How many chosen files the picker's line names; more are counted ("and 3 more"). */
export const CHOSEN_NAMES_MAX = 10;

/**
 * Sends the snapshots page's upload form to the API as a job (`POST /api/v1/snapshots?job=1`):
 * the bytes sent into the form's <progress> (XMLHttpRequest's upload events), then the import
 * job followed at /api/v1/jobs/{id} (rows read), then the page of the finished job
 * (/snapshots?job=…: the new snapshot, or the located errors). The words come from the page's
 * data-text-* attributes, in the page's language; without this script the form posts as it is.
 * One .tar, .tar.gz or .tgz file is sent as the archive it is.
 */
export const UPLOAD_JS = `(function () {
  'use strict';
  var form = document.querySelector('form[data-upload]');
  if (!form) return;
  var input = form.querySelector('input[type=file]');
  var lang = document.documentElement.lang;
  // The line under the picker's button names the files chosen (at most CHOSEN_NAMES_MAX of them),
  // and the browser's "choose a file" warning is given in the page's language.
  var chosen = document.getElementById('files-chosen');
  // A text of the page's language from an element's data-text-* attribute, its {names} filled in.
  function textOf(element, name, params) {
    var t = element.getAttribute('data-text-' + name) || '';
    return t.replace(/\\{(\\w+)\\}/g, function (_, k) { return params && params[k] !== undefined ? String(params[k]) : ''; });
  }
  function chosenText(name, params) { return textOf(chosen, name, params); }
  var separator = lang === 'ja' ? '、' : ', ';
  function showChosen() {
    var files = input.files;
    var count = files ? files.length : 0;
    input.setCustomValidity(count === 0 ? chosenText('required') : '');
    if (count === 0) { chosen.textContent = chosenText('none'); return; }
    var names = [];
    for (var i = 0; i < count && i < ${CHOSEN_NAMES_MAX}; i++) names.push(files[i].name);
    var shown = names.join(separator);
    if (count > names.length) shown = chosenText('more', { names: shown, more: count - names.length });
    chosen.textContent = chosenText('some', { count: count, names: shown });
  }
  if (chosen) { input.addEventListener('change', showChosen); showChosen(); }
  if (!window.XMLHttpRequest || !window.FormData) return;
  var box = document.getElementById('upload-box');
  var bar = document.getElementById('upload-progress');
  var status = document.getElementById('upload-status');
  var button = form.querySelector('button[type=submit]');
  function text(name, params) { return textOf(box, name, params); }
  var mb = new Intl.NumberFormat(lang, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  var whole = new Intl.NumberFormat(lang);
  function megabytes(bytes) { return mb.format(bytes / 1048576); }
  var said = -1;
  function say(message, step) {
    // The live region speaks at most once per tenth of the upload, not at every event.
    if (step !== undefined && step === said) return;
    said = step === undefined ? -1 : step;
    status.textContent = message;
  }
  function fail(message) {
    bar.removeAttribute('value');
    box.setAttribute('data-state', 'failed');
    status.setAttribute('role', 'alert');
    status.textContent = message;
    button.disabled = false;
  }
  function follow(job) {
    bar.removeAttribute('value');
    box.setAttribute('data-state', 'importing');
    say(text('queued'));
    // Polled, each answer complete before the next ask: a stream left open would be cut (a failed
    // request) when the page moves on to the outcome.
    function poll() {
      fetch('/api/v1/jobs/' + encodeURIComponent(job.id) + '?lang=' + encodeURIComponent(lang), { credentials: 'same-origin', headers: { accept: 'application/json' } })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (data) {
          if (data === null) { setTimeout(poll, 2000); return; }
          if (data.state === 'succeeded' || data.state === 'failed') { window.location.assign('/snapshots?job=' + encodeURIComponent(data.id)); return; }
          if (data.state === 'running') say(data.progress ? text('importing', { rows: whole.format(data.progress.done) }) : text('started'));
          setTimeout(poll, 500);
        })
        .catch(function () { setTimeout(poll, 2000); });
    }
    setTimeout(poll, 250);
  }
  form.addEventListener('submit', function (event) {
    var files = input.files;
    if (!files || files.length === 0) return;
    event.preventDefault();
    var archive = files.length === 1 && /\\.(tar|tar\\.gz|tgz)$/i.test(files[0].name);
    var body;
    var xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/v1/snapshots?job=1&lang=' + encodeURIComponent(lang));
    xhr.setRequestHeader('accept', 'application/json');
    if (archive) {
      xhr.setRequestHeader('content-type', /tar$/i.test(files[0].name) ? 'application/x-tar' : 'application/gzip');
      body = files[0];
    } else {
      body = new FormData();
      for (var i = 0; i < files.length; i++) body.append('files', files[i], files[i].name);
    }
    box.hidden = false;
    box.setAttribute('data-state', 'sending');
    status.removeAttribute('role');
    button.disabled = true;
    bar.max = 100;
    bar.value = 0;
    say(text('sending', { done: megabytes(0), total: '…', percent: 0 }), 0);
    xhr.upload.addEventListener('progress', function (e) {
      if (!e.lengthComputable || e.total === 0) return;
      var percent = Math.floor((100 * e.loaded) / e.total);
      bar.max = e.total;
      bar.value = e.loaded;
      say(text('sending', { done: megabytes(e.loaded), total: megabytes(e.total), percent: percent }), Math.floor(percent / 10));
    });
    xhr.upload.addEventListener('load', function () { say(text('sent')); });
    xhr.addEventListener('load', function () {
      var answer = null;
      try { answer = JSON.parse(xhr.responseText); } catch (_) { answer = null; }
      if (xhr.status === 202 && answer && answer.id) return follow(answer);
      fail(answer && answer.message ? answer.message : text('failed'));
    });
    xhr.addEventListener('error', function () { fail(text('failed')); });
    xhr.send(body);
  });
})();
`;

export const PROOF_JS_PATH = '/assets/proof.js';

/**
 * The customer's proof page, verified again in the browser: the proof (GET /api/v1/proof) and the
 * published liabilities.json fetched, and checked by the standalone verifier the offline page runs
 * (/verifier/verify.mjs, a module that shares no code with Hozen's own). The verdict replaces the
 * waiting text of [data-browser-verdict]; its words are the section's data-text-* attributes.
 */
export const PROOF_JS = `import { verifyProof } from '/verifier/verify.mjs';
const box = document.querySelector('[data-proof]');
if (box) {
  const out = box.querySelector('[data-browser-verdict]');
  const text = (name, params) => (box.getAttribute('data-text-' + name) || '').replace(/\\{(\\w+)\\}/g, (_, k) => (params[k] === undefined ? '' : String(params[k])));
  const snapshot = encodeURIComponent(box.getAttribute('data-proof'));
  const json = (url) => fetch(url, { credentials: 'same-origin', headers: { accept: 'application/json' } }).then((r) => (r.ok ? r.json() : Promise.reject(new Error('HTTP ' + r.status))));
  try {
    const [proof, liabilities] = await Promise.all([json('/api/v1/proof?snapshot=' + snapshot), json('/proof/liabilities.json?snapshot=' + snapshot)]);
    const result = await verifyProof(proof, { liabilities, account: box.getAttribute('data-account') });
    const failed = result.checks.filter((c) => !c.ok).length;
    out.className = 'verdict ' + (result.ok ? 'ok' : 'bad');
    out.textContent = result.ok ? text('ok', { total: result.checks.length }) : text('bad', { failed, total: result.checks.length });
    box.setAttribute('data-browser-state', result.ok ? 'verified' : 'failed');
  } catch (error) {
    out.className = 'verdict bad';
    out.textContent = text('error', { detail: error && error.message ? error.message : String(error) });
    box.setAttribute('data-browser-state', 'error');
  }
}
`;
