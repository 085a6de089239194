import { html } from 'hono/html';
import type { Translator } from '../../i18n/i18n.ts';
import { groupDigits } from '../../i18n/numbers.ts';
import type { InputError, UserError } from '../../errors.ts';
import { importedByText, type ListedSnapshot } from '../../app/snapshots.ts';
import { issueLocation } from '../../text/errors.ts';
import { UPLOAD_JS_PATH } from '../assets/scripts.ts';
import type { Html } from '../layout.ts';

/** What an import ended with: the snapshot stored (or found stored), or its error. */
export interface ImportOutcome {
  imported?: { snapshot: string; status: 'created' | 'exists' };
  error?: UserError;
}

/** The words the upload script shows, in the page's language (assets/scripts.ts UPLOAD_JS). */
const UPLOAD_TEXTS = ['sending', 'sent', 'queued', 'started', 'importing', 'failed'] as const;

/**
 * The words of the file picker's line, in the page's language. The picker is a <label> styled as a
 * button for an <input type=file> kept out of sight (still the one focused, by Tab, and opened by
 * Space): Chromium draws its own control in the browser's language, not the page's, so a
 * Japanese page showed "Choose Files / No file chosen". The script names the chosen files.
 */
const CHOSEN_TEXTS = ['none', 'some', 'more', 'required'] as const;

export function snapshotsBody(tr: Translator, snapshots: readonly ListedSnapshot[], shown: (iso: string) => string, options: { may_write: boolean } & ImportOutcome): Html {
  const imported = options.imported;
  return html`${imported === undefined ? '' : html`<p class="verdict ok" role="status">${tr.t(imported.status === 'created' ? 'web.snapshots.imported' : 'web.snapshots.already', { snapshot: imported.snapshot.slice(0, 12) })}</p>`}
${options.error === undefined ? '' : errorTable(tr, options.error)}
${options.may_write
  ? html`<form class="card" method="post" action="/snapshots/upload" enctype="multipart/form-data" data-upload>
  <label for="files">${tr.t('web.snapshots.files')}</label>
  <input id="files" class="file-input" name="files" type="file" multiple required aria-describedby="files-chosen files-note">
  <label for="files" class="file-button">${tr.t('web.snapshots.choose')}</label>
  <p id="files-chosen" class="chosen" aria-live="polite" ${CHOSEN_TEXTS.map((name) => html` data-text-${name}="${tr.t(`web.snapshots.chosen.${name}`)}"`)}></p>
  <p class="note" id="files-note">${tr.t('web.snapshots.files_note')}</p>
  <button type="submit">${tr.t('web.snapshots.upload')}</button>
</form>
<div id="upload-box" class="upload-box" hidden ${UPLOAD_TEXTS.map((name) => html` data-text-${name}="${tr.t(`web.snapshots.up.${name}`)}"`)}>
  <label for="upload-progress">${tr.t('web.snapshots.up.label')}</label>
  <progress id="upload-progress"></progress>
  <p id="upload-status" aria-live="polite"></p>
</div>
<script src="${UPLOAD_JS_PATH}" defer></script>`
  : ''}
<h2>${tr.t('web.snapshots.stored', { count: snapshots.length })}</h2>
${snapshotTable(tr, snapshots, shown, options.may_write)}`;
}

/** The list's columns: the message of each header, and whether it holds a number (right-aligned). */
const COLUMNS = [
  ['cli.col_snapshot', false],
  ['cli.col_exchange', false],
  ['cli.col_as_of', false],
  ['cli.col_rows', true],
  ['cli.col_imported_at', false],
  ['cli.col_imported_by', false],
] as const;

/**
 * The stored snapshots. On a narrow screen (table.stack in assets/style.ts) each row is stacked,
 * a cell a line under its column's name (data-label), so that no column is cut off at the side.
 * The ARIA roles say "table" even where the stylesheet lays it out as blocks: a browser may drop
 * a table's semantics when its display changes, and a screen reader should still hear a table.
 */
function snapshotTable(tr: Translator, snapshots: readonly ListedSnapshot[], shown: (iso: string) => string, may_write: boolean): Html {
  const labels = COLUMNS.map(([code]) => tr.t(code));
  const cell = (i: number, content: string, cls = '') => html`<td role="cell"${cls === '' ? '' : html` class="${cls}"`} data-label="${labels[i]}">${content}</td>`;
  return html`<div class="table-wrap"><table class="stack" role="table">
<thead role="rowgroup"><tr role="row">${COLUMNS.map(([, numeric], i) => html`<th role="columnheader" scope="col"${numeric ? html` class="num"` : ''}>${labels[i]}</th>`)}${may_write ? html`<th role="columnheader" scope="col"><span class="skip">${tr.t('web.snapshots.actions')}</span></th>` : ''}</tr></thead>
<tbody role="rowgroup">${snapshots.map(
    (s) => html`<tr role="row">${cell(0, s.id.slice(0, 12), 'id')}${cell(1, s.exchange_name)}${cell(2, shown(s.as_of))}${cell(3, groupDigits(String(s.balance_rows)), 'num')}${cell(4, shown(s.imported_at))}${cell(5, importedByText(tr, s.imported_by))}${may_write ? html`<td role="cell" class="action"><form method="post" action="/snapshots/${s.id}/check"><button class="link" type="submit">${tr.t('web.snapshots.check')}</button></form></td>` : ''}</tr>`,
  )}</tbody>
</table></div>`;
}

function errorTable(tr: Translator, error: UserError): Html {
  const issues = 'issues' in error ? (error as InputError).issues : null;
  if (issues === null) return html`<p class="error" role="alert">${tr.t(error.code, error.params)}</p>`;
  const input = error as InputError;
  return html`<div class="error" role="alert"><p>${tr.t('input.invalid', { count: input.issue_count })}</p>
<div class="table-wrap"><table><thead><tr><th scope="col">${tr.t('web.snapshots.where')}</th><th scope="col">${tr.t('web.snapshots.problem')}</th></tr></thead>
<tbody>${issues.map((issue) => html`<tr><td class="id">${issueLocation(issue)}</td><td>${tr.t(issue.code, issue.params)}</td></tr>`)}</tbody></table></div></div>`;
}
