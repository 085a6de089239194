// A report model in one reader's language: every message rendered, cells still typed so each
// writer can keep an amount exact (CSV, XLSX) or group its digits for people (HTML, PDF).

import type { Translator } from '../i18n/i18n.ts';
import { isMsg, type Cell, type ColumnKind, type Msg, type ReportModel } from './model.ts';

export interface LocalCell {
  /** The text a person reads (messages rendered; amounts exact, ungrouped). */
  text: string;
  kind: ColumnKind;
  empty: boolean;
}

export function say(tr: Translator, message: Msg): string {
  const params: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(message.params ?? {})) params[key] = typeof value === 'object' ? say(tr, value) : value;
  return tr.t(message.code, params);
}

export function localCell(tr: Translator, cell: Cell, kind: ColumnKind): LocalCell {
  if (cell === null) return { text: '', kind, empty: true };
  if (isMsg(cell)) return { text: say(tr, cell), kind: 'text', empty: false };
  return { text: String(cell), kind, empty: false };
}

export interface LocalTable {
  id: string;
  title: string;
  headers: string[];
  kinds: ColumnKind[];
  rows: AsyncIterable<LocalCell[]>;
}

export interface LocalReport {
  lang: string;
  report: string;
  title: string;
  verdict: string;
  ok: boolean;
  time_zone: string;
  facts: Array<{ label: string; value: LocalCell }>;
  notes: string[];
  tables: LocalTable[];
}

async function* localRows(tr: Translator, rows: Iterable<Cell[]> | AsyncIterable<Cell[]>, kinds: ColumnKind[]): AsyncIterable<LocalCell[]> {
  for await (const row of rows) {
    if (row.length !== kinds.length) throw new Error(`report row of ${row.length} cells under ${kinds.length} columns`);
    yield row.map((cell, i) => localCell(tr, cell, kinds[i]!));
  }
}

export function localize(model: ReportModel, tr: Translator): LocalReport {
  return {
    lang: tr.lang,
    report: model.report,
    title: say(tr, model.title),
    verdict: say(tr, model.verdict),
    ok: model.ok,
    time_zone: model.time_zone,
    facts: model.facts.map((f) => ({ label: say(tr, f.label), value: localCell(tr, f.value, f.kind) })),
    notes: model.notes.map((n) => say(tr, n)),
    tables: model.tables.map((t) => {
      const kinds = t.columns.map((c) => c.kind);
      return { id: t.id, title: say(tr, t.title), headers: t.columns.map((c) => say(tr, c.label)), kinds, rows: localRows(tr, t.rows, kinds) };
    }),
  };
}
