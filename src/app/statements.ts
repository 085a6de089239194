// `statements`: one compensation statement per affected customer, in Japanese and English, from a
// compensation run's payouts.csv, streaming. A customer's rows (one per lost asset) may lie anywhere
// in the file (balance order), so one pass spreads the rows over bucket files by a hash of the
// account id, sized so a bucket fits in memory; each bucket is then grouped by customer, sorted by
// account id, and its statements appended to the output. Memory holds one bucket, never every
// customer. Output (docs/formats.md, "Compensation statements"): `statements-<lang>-<nnnnn>.html`,
// STATEMENTS_PER_FILE customers each, one page per customer, and `index.csv` (account_id, file,
// page) for the desk that answers a customer's call. Written aside and renamed whole.

import { createWriteStream, existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm } from 'node:fs/promises';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createReadStream } from 'node:fs';
import { PAYOUTS_FILE } from '../compensation/payout-file.ts';
import type { SummaryJson } from '../compensation/summary.ts';
import { UserError } from '../errors.ts';
import { translator } from '../i18n/catalogs.ts';
import { LANGS, type Lang } from '../i18n/i18n.ts';
import { dayIn } from '../reports/dates.ts';
import { payoutRows, splitCsvLine, type PayoutCsvRow } from '../reports/payout-rows.ts';
import { DOCUMENT_END, documentStart, statementHtml, type StatementContext } from '../reports/statement.ts';
import { csvCell } from '../reports/csv.ts';
import type { AppDeps } from './deps.ts';
import { SUMMARY_JSON_FILE } from './compensate.ts';

export const STATEMENTS_PER_FILE_DEFAULT = 1000;
export const STATEMENTS_PER_FILE_MAX = 10_000;
/** Rows a bucket is sized for: what one grouping step holds in memory. */
export const BUCKET_ROWS = 200_000;
const BUCKETS_MAX = 4096;

export interface StatementsRequest {
  /** The compensation run's output directory (payouts.csv, summary.json). */
  run_dir: string;
  out_dir: string;
  /** Where to ask, as the exchange writes it (one line). */
  contact: string;
  /** YYYY-MM-DD; default today in the time zone. */
  issued_on?: string;
  time_zone?: string;
  per_file?: number;
  langs?: readonly Lang[];
  /** Replace an existing output directory (else refused, naming it). */
  force?: boolean;
  /** Also print each HTML file to PDF beside it (Chromium; for runs small enough to print). */
  pdf?: boolean;
  /** Rows per bucket (default BUCKET_ROWS; tests use a small one to spread a few rows). */
  bucket_rows?: number;
}

export interface StatementsResult {
  run_id: string;
  out_dir: string;
  customers: number;
  rows: number;
  files: number;
  buckets: number;
}

/** FNV-1a, 32 bits: a stable, cheap spread of account ids over buckets. */
function bucketOf(id: string, buckets: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  return (h >>> 0) % buckets;
}

async function write(out: NodeJS.WritableStream & { writableNeedDrain?: boolean }, text: string): Promise<void> {
  if (!out.write(text)) await once(out, 'drain');
}

async function close(out: NodeJS.WritableStream): Promise<void> {
  out.end();
  await once(out, 'close');
}

export async function statementsJob(deps: AppDeps, request: StatementsRequest): Promise<StatementsResult> {
  const summary_path = join(request.run_dir, SUMMARY_JSON_FILE);
  const payouts_path = join(request.run_dir, PAYOUTS_FILE);
  if (!existsSync(summary_path) || !existsSync(payouts_path)) throw new UserError('statements.no_run_dir', { dir: request.run_dir });
  const summary = JSON.parse(await readFile(summary_path, 'utf8')) as SummaryJson;
  const run = await deps.store.getRun(summary.run_id);
  if (run === null || run.kind !== 'compensate') throw new UserError('reports.unknown_run', { id: summary.run_id, kind: 'compensate' });
  const snapshot = (await deps.store.listSnapshots()).find((s) => s.id === run.snapshot_id);
  const per_file = request.per_file ?? STATEMENTS_PER_FILE_DEFAULT;
  if (!Number.isSafeInteger(per_file) || per_file < 1 || per_file > STATEMENTS_PER_FILE_MAX) throw new UserError('statements.bad_per_file', { value: String(per_file), max: STATEMENTS_PER_FILE_MAX });
  if (request.contact.trim() === '' || request.contact.length > 500 || /[\r\n]/.test(request.contact)) throw new UserError('statements.bad_contact');
  const time_zone = request.time_zone ?? (snapshot?.as_of.endsWith('+09:00') ? 'Asia/Tokyo' : 'UTC');
  const issued_on = request.issued_on ?? dayIn(Date.now(), time_zone);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(issued_on)) throw new UserError('reports.segregation.bad_day', { field: 'issued-on', value: issued_on });
  const langs = request.langs ?? LANGS;
  const prices = new Map(summary.reference_prices.map((p) => [p.asset, { price: p.price, rule: p.rule }]));

  if (existsSync(request.out_dir) && request.force !== true) throw new UserError('statements.out_exists', { dir: request.out_dir });
  const staging = `${request.out_dir}.${process.pid}.partial`;
  await rm(staging, { recursive: true, force: true });
  await mkdir(join(staging, '.buckets'), { recursive: true });
  try {
    // Pass 1: spread the rows over buckets by account.
    const buckets = Math.min(BUCKETS_MAX, Math.max(1, Math.ceil(summary.rows / Math.max(1, request.bucket_rows ?? BUCKET_ROWS))));
    const bucket_files = Array.from({ length: buckets }, (_, i) => createWriteStream(join(staging, '.buckets', `${i}.csv`)));
    const pending = bucket_files.map(() => '');
    let rows = 0;
    const lines = createInterface({ input: createReadStream(payouts_path, { encoding: 'utf8' }), crlfDelay: Infinity });
    let header = true;
    for await (const line of lines) {
      if (header) {
        header = false;
        continue;
      }
      if (line === '') continue;
      rows += 1;
      const b = bucketOf(splitCsvLine(line)[0]!, buckets);
      pending[b] += line + '\n';
      if (pending[b]!.length >= 1 << 16) {
        await write(bucket_files[b]!, pending[b]!);
        pending[b] = '';
      }
    }
    for (let b = 0; b < buckets; b++) {
      await write(bucket_files[b]!, pending[b]!);
      await close(bucket_files[b]!);
    }

    // Pass 2: per bucket, group by customer and write the statements.
    const contexts: StatementContext[] = langs.map((lang) => ({ lang, tr: translator(lang), exchange: snapshot?.exchange_name ?? '', incident: summary.incident, base_currency: summary.base_currency, issued_on, prices, contact: request.contact }));
    const index = createWriteStream(join(staging, 'index.csv'));
    await write(index, 'account_id,file,page\n');
    let customers = 0;
    let files = 0;
    let outputs: NodeJS.WritableStream[] = [];
    const fileName = (lang: Lang, n: number) => `statements-${lang}-${String(n).padStart(5, '0')}.html`;
    for (let b = 0; b < buckets; b++) {
      const groups = new Map<string, PayoutCsvRow[]>();
      for await (const row of payoutRows(join(staging, '.buckets', `${b}.csv`), { header: false })) {
        const list = groups.get(row.account_id);
        if (list === undefined) groups.set(row.account_id, [row]);
        else list.push(row);
      }
      await rm(join(staging, '.buckets', `${b}.csv`));
      const ids = [...groups.keys()].sort();
      for (const id of ids) {
        if (customers % per_file === 0) {
          for (const out of outputs) {
            await write(out, DOCUMENT_END);
            await close(out);
          }
          files += 1;
          outputs = contexts.map((ctx) => createWriteStream(join(staging, fileName(ctx.lang, files))));
          for (const [i, out] of outputs.entries()) await write(out, documentStart(contexts[i]!.lang, contexts[i]!.tr.t('statements.title')));
        }
        const rows_of = groups.get(id)!;
        for (const [i, out] of outputs.entries()) await write(out, statementHtml(id, rows_of, contexts[i]!));
        await write(index, `${csvCell({ text: id, kind: 'text', empty: false })},${fileName(langs[0]!, files)},${(customers % per_file) + 1}\n`);
        customers += 1;
      }
    }
    for (const out of outputs) {
      await write(out, DOCUMENT_END);
      await close(out);
    }
    await close(index);
    await rm(join(staging, '.buckets'), { recursive: true, force: true });
    if (request.pdf === true) {
      const { openPrinter } = await import('../reports/pdf.ts');
      const printer = await openPrinter();
      try {
        for (let n = 1; n <= files; n++) {
          for (const lang of langs) {
            const html = join(staging, fileName(lang, n));
            await printer.print(await readFile(html, 'utf8'), html.replace(/\.html$/, '.pdf'));
          }
        }
      } finally {
        await printer.close();
      }
    }
    await rm(request.out_dir, { recursive: true, force: true });
    await rename(staging, request.out_dir);
    return { run_id: summary.run_id, out_dir: request.out_dir, customers, rows, files, buckets };
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
}

export function statementsJson(result: StatementsResult): StatementsResult {
  return result;
}
