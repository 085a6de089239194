// bench/xlsx-split: an export of more rows than one Excel sheet holds (1,048,576, its header
// included), written with Excel's real limit, splits over sheets: the first full, the rest on
// "<name> (2)", each with the header again. The file is re-read by exceljs's streaming reader and
// every figure compared with what was written: an 18-decimal quantity kept as text, a yen amount
// as an exact number, the row's own id. Prints write and read times, the file's size and the peak
// RSS (sampled), which stays flat: the writer commits each row as it comes.
//
//   npx tsx bench/xlsx-split.ts
//   BENCH_ROWS=1100000 npx tsx bench/xlsx-split.ts

import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir, loadavg } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { translator } from '../src/i18n/catalogs.ts';
import { localize } from '../src/reports/localize.ts';
import { msg, type Cell, type ReportModel } from '../src/reports/model.ts';
import { writeXlsx, XLSX_ROWS_PER_SHEET_MAX } from '../src/reports/xlsx.ts';

const ROWS = Number(process.env.BENCH_ROWS ?? XLSX_ROWS_PER_SHEET_MAX + 50_000);

/** Row i's cells: a quantity of 18 decimals (text in Excel), a yen amount (an exact number), an id. */
function rowOf(i: number): [string, string, string, string] {
  return ['ETH', `${i + 100_000}.${String(i).padStart(17, '0')}1`, String(i * 1_000 + 7), `row-${i}`];
}

async function* rows(): AsyncIterable<Cell[]> {
  for (let i = 0; i < ROWS; i++) yield rowOf(i);
}

function model(): ReportModel {
  return {
    report: 'bench',
    title: msg('reports.seg.title'),
    verdict: msg('reports.seg.verdict_ok', { from: '2026-11-24', to: '2026-11-25', days: 2 }),
    ok: true,
    time_zone: 'Asia/Tokyo',
    facts: [],
    notes: [],
    tables: [
      {
        id: 'rows',
        title: msg('reports.seg.crypto'),
        columns: [
          { label: msg('reports.col.asset'), kind: 'text' },
          { label: msg('reports.col.held'), kind: 'amount' },
          { label: msg('reports.col.customer_money'), kind: 'amount' },
          { label: msg('reports.col.snapshot'), kind: 'text' },
        ],
        rows: rows(),
      },
    ],
  };
}

let rss_max = 0;
const sampler = setInterval(() => (rss_max = Math.max(rss_max, process.memoryUsage().rss)), 50);

const dir = await mkdtemp(join(tmpdir(), 'hozen-xlsx-bench-'));
const path = join(dir, 'split.xlsx');
try {
  const load = loadavg()[0]!.toFixed(2);
  const cpu = (): number => {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1e6;
  };
  const t0 = performance.now();
  const c0 = cpu();
  const { sheets } = await writeXlsx(localize(model(), translator('ja')), path);
  const write_s = (performance.now() - t0) / 1000;
  const write_cpu_s = cpu() - c0;
  const rss_write = rss_max;
  const size = (await stat(path)).size;

  const t1 = performance.now();
  const c1 = cpu();
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, { worksheets: 'emit', sharedStrings: 'cache', styles: 'ignore', hyperlinks: 'ignore' });
  const per_sheet: number[] = [];
  let next = 0;
  let sheet_index = 0;
  let yen_total = 0n;
  for await (const sheet of reader) {
    sheet_index += 1;
    let sheet_rows = 0;
    for await (const row of sheet) {
      sheet_rows += 1;
      const values = row.values as unknown[];
      if (sheet_index === 1) continue; // the summary sheet
      if (row.number === 1) {
        if (values[1] !== '資産') throw new Error(`sheet ${sheet_index}: header ${String(values[1])}`);
        continue;
      }
      const [asset, quantity, yen, id] = rowOf(next);
      if (values[1] !== asset || values[2] !== quantity || values[3] !== Number(yen) || values[4] !== id) {
        throw new Error(`row ${next} read back as ${JSON.stringify(values.slice(1))}, written ${JSON.stringify([asset, quantity, Number(yen), id])}`);
      }
      yen_total += BigInt(values[3] as number);
      next += 1;
    }
    per_sheet.push(sheet_rows);
  }
  const read_s = (performance.now() - t1) / 1000;
  const read_cpu_s = cpu() - c1;
  clearInterval(sampler);
  if (next !== ROWS) throw new Error(`read back ${next} rows of ${ROWS}`);
  const expected_total = (BigInt(ROWS) * BigInt(ROWS - 1)) / 2n * 1_000n + 7n * BigInt(ROWS);
  if (yen_total !== expected_total) throw new Error(`yen total ${yen_total}, written ${expected_total}`);
  const table_sheets = per_sheet.slice(1);
  if (table_sheets[0] !== XLSX_ROWS_PER_SHEET_MAX || table_sheets.some((n) => n > XLSX_ROWS_PER_SHEET_MAX)) throw new Error(`rows per sheet ${table_sheets.join(', ')}`);
  console.log(`rows ${ROWS.toLocaleString('en')} over sheets ${sheets.slice(1).map((s) => JSON.stringify(s)).join(', ')}`);
  console.log(`rows per table sheet (header included): ${table_sheets.map((n) => n.toLocaleString('en')).join(', ')}; every figure read back exact (yen total ${yen_total.toLocaleString('en')})`);
  console.log(`write ${write_s.toFixed(1)} s wall, ${write_cpu_s.toFixed(1)} s CPU (${Math.round(ROWS / write_cpu_s).toLocaleString('en')} rows per CPU second), file ${(size / 2 ** 20).toFixed(1)} MiB, peak RSS while writing ${(rss_write / 2 ** 20).toFixed(0)} MiB`);
  console.log(`read back (exceljs streaming reader) ${read_s.toFixed(1)} s wall, ${read_cpu_s.toFixed(1)} s CPU, peak RSS ${(rss_max / 2 ** 20).toFixed(0)} MiB; load average at start ${load}`);
} finally {
  clearInterval(sampler);
  await rm(dir, { recursive: true, force: true });
}
