// XLSX through exceljs's streaming writer: each row is committed to the file as it comes, so a
// table of millions of rows never sits in memory. A sheet holds at most Excel's 1,048,576 rows
// (its header included); a longer table continues on "<name> (2)", "<name> (3)", … each with the
// header again. Amounts Excel can hold exactly (≤ 15 significant
// digits) are numbers with a format showing every decimal; longer ones (18-decimal quantities)
// are text, right-aligned, so no digit is cut.

import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import ExcelJS from 'exceljs';
import { EXCEL_DIGITS_MAX, significantDigits } from './csv.ts';
import type { LocalCell, LocalReport } from './localize.ts';

/** Excel's limit of rows per worksheet. */
export const XLSX_ROWS_PER_SHEET_MAX = 1_048_576;
const SHEET_NAME_MAX = 31;

export interface XlsxOptions {
  /** Rows per sheet, header included (tests use a small one); at most XLSX_ROWS_PER_SHEET_MAX. */
  rows_per_sheet?: number;
  /** Continuation sheets per table before the export is refused (a limit on everything). */
  sheets_per_table_max?: number;
}

export class XlsxTooLargeError extends Error {
  constructor(readonly table: string, readonly rows_max: number) {
    super(`table ${table} has more than ${rows_max} rows`);
  }
}

function sheetName(base: string, part: number, used: Set<string>): string {
  const clean = base.replace(/[[\]:*?/\\]/g, ' ').trim() || 'sheet';
  const suffix = part === 1 ? '' : ` (${part})`;
  let name = clean.slice(0, SHEET_NAME_MAX - suffix.length) + suffix;
  for (let n = 2; used.has(name.toLowerCase()); n++) name = `${clean.slice(0, SHEET_NAME_MAX - suffix.length - 4)}~${n}${suffix}`;
  used.add(name.toLowerCase());
  return name;
}

function numberFormat(decimal: string): string {
  const point = decimal.indexOf('.');
  const places = point < 0 ? 0 : decimal.length - point - 1;
  return places === 0 ? '#,##0' : `#,##0.${'0'.repeat(places)}`;
}

type Worksheet = ReturnType<ExcelJS.stream.xlsx.WorkbookWriter['addWorksheet']>;

function addCells(sheet: Worksheet, cells: LocalCell[], bold = false): void {
  const row = sheet.addRow(cells.map((c) => (c.empty ? null : (c.kind === 'amount' || c.kind === 'count') && /^-?\d+(\.\d+)?$/.test(c.text) && significantDigits(c.text) <= EXCEL_DIGITS_MAX ? Number(c.text) : c.text)));
  cells.forEach((c, i) => {
    const cell = row.getCell(i + 1);
    if (bold) cell.font = { bold: true };
    if (c.empty || (c.kind !== 'amount' && c.kind !== 'count')) return;
    if (typeof cell.value === 'number') cell.numFmt = numberFormat(c.text);
    cell.alignment = { horizontal: 'right' };
  });
  row.commit();
}

export async function writeXlsx(report: LocalReport, path: string, options: XlsxOptions = {}): Promise<{ sheets: string[] }> {
  const rows_per_sheet = options.rows_per_sheet ?? XLSX_ROWS_PER_SHEET_MAX;
  if (!(rows_per_sheet >= 2 && rows_per_sheet <= XLSX_ROWS_PER_SHEET_MAX)) throw new Error(`rows_per_sheet ${rows_per_sheet} out of range`);
  const sheets_max = options.sheets_per_table_max ?? 64;
  // The file is opened here, not by exceljs: its own stream opens in a later turn, so after a
  // failure the caller's clean-up could run first and the file appear after it.
  const file = createWriteStream(path);
  await once(file, 'open');
  try {
    return await writeSheets(report, new ExcelJS.stream.xlsx.WorkbookWriter({ stream: file, useStyles: true, useSharedStrings: false }), rows_per_sheet, sheets_max);
  } catch (error) {
    // Closed before the error goes on, so the caller removes a file no one still writes to; what
    // the zip had queued lands on a closed file and is dropped.
    file.on('error', () => {});
    const closed = new Promise<void>((resolve) => file.once('close', () => resolve()));
    file.destroy();
    await closed;
    throw error;
  }
}

async function writeSheets(report: LocalReport, workbook: ExcelJS.stream.xlsx.WorkbookWriter, rows_per_sheet: number, sheets_max: number): Promise<{ sheets: string[] }> {
  const used = new Set<string>();
  const names: string[] = [];
  const text = (t: string): LocalCell => ({ text: t, kind: 'text', empty: t === '' });

  const summary = workbook.addWorksheet(sheetName(report.title, 1, used));
  names.push(summary.name);
  summary.columns = [{ width: 48 }, { width: 32 }];
  addCells(summary, [text(report.title)], true);
  addCells(summary, [text(report.verdict)], true);
  for (const fact of report.facts) addCells(summary, [text(fact.label), fact.value]);
  for (const note of report.notes) addCells(summary, [text(note)]);
  // Committed before the tables: the zip takes one sheet at a time, and a sheet left open would
  // make it buffer every later row.
  summary.commit();

  for (const table of report.tables) {
    let part = 1;
    let sheet: Worksheet | null = null;
    let rows = 0;
    const open = (): Worksheet => {
      if (part > sheets_max) throw new XlsxTooLargeError(table.id, sheets_max * (rows_per_sheet - 1));
      const s = workbook.addWorksheet(sheetName(table.title, part, used), { views: [{ state: 'frozen', ySplit: 1 }] });
      names.push(s.name);
      s.columns = table.headers.map((h, i) => ({ width: Math.min(40, Math.max(10, h.length + 4, table.kinds[i] === 'amount' ? 22 : 0)) }));
      addCells(s, table.headers.map(text), true);
      rows = 1;
      part += 1;
      return s;
    };
    sheet = open();
    for await (const row of table.rows) {
      if (rows >= rows_per_sheet) {
        sheet.commit();
        sheet = open();
      }
      addCells(sheet, row);
      rows += 1;
    }
    sheet.commit();
  }
  await workbook.commit();
  return { sheets: names };
}
