// The exports read back as their readers read them: the CSV parsed as Japanese Excel parses a
// file (a BOM for UTF-8, anything numeric-looking turned into a double, ="…" kept as text), the
// XLSX re-read by exceljs, and every figure comes back exact, 18-decimal quantities included.

import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it } from 'vitest';
import { translator } from '../i18n/catalogs.ts';
import { writeCsv, CSV_BOM } from './csv.ts';
import { localize } from './localize.ts';
import { msg, type Cell, type ReportModel } from './model.ts';
import { writeXlsx, XLSX_ROWS_PER_SHEET_MAX } from './xlsx.ts';
import { writeReport } from './write.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
const tempDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'hozen-export-'));
  dirs.push(dir);
  return dir;
};

/** RFC 4180 fields of a CSV text (quoted fields may hold commas, quotes and line breaks). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(field), (field = '');
    else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field), rows.push(row), (row = []), (field = ''), i++;
    } else field += c;
  }
  if (field !== '' || row.length > 0) row.push(field), rows.push(row);
  return rows;
}

/** A cell as Excel takes it: ="…" is that text; a number is a double (shown to 15 significant digits); else text. */
export function excelValue(field: string): string | number {
  const formula = /^="((?:[^"]|"")*)"$/.exec(field);
  if (formula !== null) return formula[1]!.replace(/""/g, '"');
  if (/^-?\d+(\.\d+)?$/.test(field)) return Number(field);
  return field;
}

/** What Excel shows of a double: 15 significant digits, no trailing zeros. */
function shown15(n: number): string {
  const text = n.toPrecision(15);
  return text.includes('e') ? text : text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
}

const ETH = '13.500000000000000001';
const BIG_YEN = '123456789012345678';
const YEN = '1774706';
const BTC = '0.00000001';

function model(rows: Cell[][]): ReportModel {
  return {
    report: 'test',
    title: msg('reports.seg.title'),
    verdict: msg('reports.seg.verdict_ok', { from: '2026-11-24', to: '2026-11-25', days: 2 }),
    ok: true,
    time_zone: 'Asia/Tokyo',
    facts: [{ label: msg('reports.fact.days'), value: 2, kind: 'count' }],
    notes: [],
    tables: [{ id: 'rows', title: msg('reports.seg.crypto'), columns: [{ label: msg('reports.col.asset'), kind: 'text' }, { label: msg('reports.col.held'), kind: 'amount' }, { label: msg('reports.col.snapshot'), kind: 'text' }], rows }],
  };
}

describe('CSV for Japanese Excel', () => {
  it('starts with a BOM, and every figure comes back exact as Excel parses it', async () => {
    const dir = tempDir();
    const rows: Cell[][] = [['ETH', ETH, '00123'], ['JPY', YEN, '=HYPERLINK("x")'], ['JPY', BIG_YEN, 'a,b "c"'], ['BTC', BTC, '2026-11-25'], ['BTC', '-0.5', msg('reports.seg.within')]];
    await writeCsv(localize(model(rows), translator('ja')), join(dir, 'r.csv'));
    const bytes = readFileSync(join(dir, 'r.csv'));
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8');
    expect(text.startsWith(CSV_BOM + '分別管理の日次記録\r\n')).toBe(true);
    const parsed = parseCsv(text.slice(1));
    const header = parsed.findIndex((r) => r[0] === '資産');
    const body = parsed.slice(header + 1, header + 1 + rows.length).map((r) => r.map(excelValue));
    // A quantity of 18 decimals is text; a yen amount of 18 digits too; amounts Excel can hold are numbers.
    expect(body.map((r) => r[1])).toEqual([ETH, 1774706, BIG_YEN, 1e-8, -0.5]);
    for (const [i, row] of body.entries()) {
      const value = row[1]!;
      expect(typeof value === 'number' ? shown15(value) : value).toBe(rows[i]![1] === BTC ? '1.00000000000000e-8' : rows[i]![1]);
    }
    // Text Excel would convert or run stays text: leading zeros, a date, a formula.
    expect(body.map((r) => r[2])).toEqual(['00123', "'=HYPERLINK(\"x\")", 'a,b "c"', '2026-11-25', '基準内']);
    // Were the quantity written plainly, Excel would keep 15 digits of it.
    expect(shown15(Number(ETH))).toBe('13.5');
  });
});

describe('XLSX', () => {
  it('re-read by exceljs gives exact figures, numbers where Excel holds them and text where it cannot', async () => {
    const dir = tempDir();
    const path = join(dir, 'r.xlsx');
    await writeXlsx(localize(model([['ETH', ETH, 's1'], ['JPY', YEN, 's2'], ['JPY', BIG_YEN, 's3']]), translator('en')), path);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(path);
    const sheet = book.worksheets[1]!;
    expect(sheet.getRow(1).getCell(1).value).toBe('Asset');
    expect([2, 3, 4].map((r) => sheet.getRow(r).getCell(2).value)).toEqual([ETH, 1774706, BIG_YEN]);
    expect(sheet.getRow(3).getCell(2).numFmt).toBe('#,##0');
    expect(book.worksheets[0]!.getRow(1).getCell(1).value).toBe('Daily segregation records');
  });

  it(`splits a table longer than a sheet over sheets, the header on each (Excel's ${XLSX_ROWS_PER_SHEET_MAX} rows; here 5)`, async () => {
    const dir = tempDir();
    const path = join(dir, 'r.xlsx');
    async function* many(): AsyncIterable<Cell[]> {
      for (let i = 0; i < 13; i++) yield ['ETH', `0.${String(i).padStart(18, '0')}`, `row-${i}`];
    }
    const { sheets } = await writeXlsx(localize(model([]), translator('ja')), path, { rows_per_sheet: 5 });
    expect(sheets).toHaveLength(2);
    const split = await writeXlsx(localize({ ...model([]), tables: [{ ...model([]).tables[0]!, rows: many() }] }, translator('ja')), path, { rows_per_sheet: 5 });
    expect(split.sheets.slice(1)).toEqual(['利用者暗号資産と履行保証暗号資産（営業日・資産ごと）'.slice(0, 31), `${'利用者暗号資産と履行保証暗号資産（営業日・資産ごと）'.slice(0, 27)} (2)`, `${'利用者暗号資産と履行保証暗号資産（営業日・資産ごと）'.slice(0, 27)} (3)`, `${'利用者暗号資産と履行保証暗号資産（営業日・資産ごと）'.slice(0, 27)} (4)`]);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(path);
    const data = book.worksheets.slice(1).flatMap((s) => {
      expect(s.getRow(1).getCell(1).value).toBe('資産');
      expect(s.rowCount).toBeLessThanOrEqual(5);
      return s.getRows(2, s.rowCount - 1)!.map((r) => r.getCell(3).value);
    });
    expect(data).toEqual(Array.from({ length: 13 }, (_, i) => `row-${i}`));
  });

  it('refuses, with a message, a table longer than its sheets may hold; nothing is left behind', async () => {
    const dir = tempDir();
    const rows: Cell[][] = Array.from({ length: 9 }, (_, i) => ['BTC', '1', `r${i}`]);
    await expect(writeReport(model(rows), { format: 'xlsx', lang: 'en', out: join(dir, 'r.xlsx'), xlsx: { rows_per_sheet: 3, sheets_per_table_max: 2 } })).rejects.toMatchObject({ code: 'reports.xlsx_too_large' });
    expect(readdirSync(dir)).toEqual([]);
  });
});
