// The report as one HTML document: what the API answers for `format=html` and what Chromium prints
// to PDF. Verdict first, then the headline figures, the notes, and each table; numbers right-aligned
// with grouped digits (exact: no amount is rounded for display), instants in the exchange's time
// zone. Self-contained (inline style, no script), so it prints the same offline.

import { groupDigits } from '../i18n/numbers.ts';
import type { Lang } from '../i18n/i18n.ts';
import { peopleDate, peopleInstant } from './dates.ts';
import type { LocalCell, LocalReport } from './localize.ts';

/** A PDF of a table longer than this is refused: nobody reads 50,000 rows on paper. */
export const HTML_ROWS_MAX = 50_000;

export class HtmlTooLargeError extends Error {
  constructor(readonly table: string, readonly rows_max: number) {
    super(`table ${table} has more than ${rows_max} rows`);
  }
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export const REPORT_CSS = `
@page { size: A4 landscape; margin: 12mm 10mm; }
body { font-family: "Noto Sans CJK JP", "Noto Sans JP", "Noto Sans", sans-serif; font-size: 9pt; color: #111; background: #fff; margin: 0; }
h1 { font-size: 15pt; margin: 0 0 6pt; }
h2 { font-size: 12pt; margin: 14pt 0 4pt; }
.verdict { font-size: 12pt; font-weight: bold; padding: 6pt 8pt; border-left: 4pt solid #b00020; background: #fdecee; }
.verdict.ok { border-color: #1b7f3b; background: #e9f6ee; }
table { border-collapse: collapse; width: 100%; margin: 4pt 0; }
th, td { border: 0.5pt solid #999; padding: 2pt 4pt; vertical-align: top; }
th { background: #eee; text-align: left; white-space: nowrap; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
dl.facts { display: grid; grid-template-columns: max-content auto; gap: 2pt 12pt; margin: 8pt 0; }
dl.facts dt { color: #444; } dl.facts dd { margin: 0; }
ul.notes { margin: 6pt 0; padding-left: 14pt; }
tr { page-break-inside: avoid; }
`;

function shown(cell: LocalCell, lang: Lang, time_zone: string): string {
  if (cell.empty) return '';
  if (cell.kind === 'amount' || cell.kind === 'count') return /^-?\d+(\.\d+)?$/.test(cell.text) ? groupDigits(cell.text) : cell.text;
  if (cell.kind === 'instant') return peopleInstant(cell.text, lang, time_zone);
  if (cell.kind === 'date') return peopleDate(cell.text, lang);
  return cell.text;
}

const numeric = (kind: string) => kind === 'amount' || kind === 'count';

export async function* reportHtmlChunks(report: LocalReport, rows_max = HTML_ROWS_MAX): AsyncIterable<string> {
  const lang = report.lang as Lang;
  const e = escapeHtml;
  yield `<!doctype html>\n<html lang="${e(report.lang)}"><head><meta charset="utf-8"><title>${e(report.title)}</title><style>${REPORT_CSS}</style></head><body>\n`;
  yield `<h1>${e(report.title)}</h1>\n<p class="verdict${report.ok ? ' ok' : ''}">${e(report.verdict)}</p>\n`;
  if (report.facts.length > 0) yield `<dl class="facts">${report.facts.map((f) => `<dt>${e(f.label)}</dt><dd${numeric(f.value.kind) ? ' class="num"' : ''}>${e(shown(f.value, lang, report.time_zone))}</dd>`).join('')}</dl>\n`;
  if (report.notes.length > 0) yield `<ul class="notes">${report.notes.map((n) => `<li>${e(n)}</li>`).join('')}</ul>\n`;
  for (const table of report.tables) {
    yield `<h2>${e(table.title)}</h2>\n<table><thead><tr>${table.headers.map((h, i) => `<th${numeric(table.kinds[i]!) ? ' class="num"' : ''}>${e(h)}</th>`).join('')}</tr></thead><tbody>\n`;
    let rows = 0;
    for await (const row of table.rows) {
      if (++rows > rows_max) throw new HtmlTooLargeError(table.id, rows_max);
      yield `<tr>${row.map((c) => `<td${numeric(c.kind) ? ' class="num"' : ''}>${e(shown(c, lang, report.time_zone))}</td>`).join('')}</tr>\n`;
    }
    yield '</tbody></table>\n';
  }
  yield '</body></html>\n';
}

export async function reportHtml(report: LocalReport, rows_max = HTML_ROWS_MAX): Promise<string> {
  let html = '';
  for await (const chunk of reportHtmlChunks(report, rows_max)) html += chunk;
  return html;
}
