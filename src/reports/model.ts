// The language-neutral report every export starts from: what a use case answers (message codes
// and parameters, exact decimal strings), before any writer picks a language or a format. One model
// per report (coverage, history, compensation summary, claim, segregation records); one writer per
// format (csv.ts, xlsx.ts, html.ts → pdf.ts), so the three files cannot disagree on a figure.

export interface Msg {
  code: string;
  /** A parameter that is itself a message (a source's name) is rendered in the same language. */
  params?: Record<string, string | number | Msg>;
}

/**
 * What a column holds, for the writers: `amount` is an exact decimal string (quantities to 18
 * decimals, yen), `count` a whole number, `text` a string or a message, `instant` an ISO 8601
 * timestamp (shown in the exchange's time zone), `date` a YYYY-MM-DD.
 */
export type ColumnKind = 'text' | 'amount' | 'count' | 'instant' | 'date';

export interface Column {
  label: Msg;
  kind: ColumnKind;
}

/** A cell: an exact decimal or plain text (a string), a count, a message, or nothing. */
export type Cell = string | number | Msg | null;

export interface ReportTable {
  /** Names the sheet of an XLSX (the localized title may be long). */
  id: string;
  title: Msg;
  columns: Column[];
  /** Rows as they stream: a writer never needs them all at once (an XLSX splits them over sheets). */
  rows: Iterable<Cell[]> | AsyncIterable<Cell[]>;
}

export interface ReportFact {
  label: Msg;
  value: Cell;
  kind: ColumnKind;
}

export interface ReportModel {
  /** `coverage`, `history`, `compensation`, `claim`, `segregation`. */
  report: string;
  title: Msg;
  /** The answer first: the verdict in one sentence. */
  verdict: Msg;
  /** True when the verdict is good news (for the colour of the verdict line only). */
  ok: boolean;
  /** The exchange's IANA time zone, for instants. */
  time_zone: string;
  /** The headline figures, after the verdict. */
  facts: ReportFact[];
  /** Explanations and warnings, each a sentence. */
  notes: Msg[];
  tables: ReportTable[];
}

export function isMsg(cell: Cell): cell is Msg {
  return typeof cell === 'object' && cell !== null && 'code' in cell;
}

export function msg(code: string, params?: Msg['params']): Msg {
  return params === undefined ? { code } : { code, params };
}
