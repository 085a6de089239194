// One report, one format, one file: the model rendered in the reader's language by the format's
// writer into `<out>.<pid>.partial`, renamed over `out` only when complete (nothing half-written).

import { rename, rm } from 'node:fs/promises';
import { translator } from '../i18n/catalogs.ts';
import type { Lang } from '../i18n/i18n.ts';
import { UserError } from '../errors.ts';
import { writeCsv } from './csv.ts';
import { HtmlTooLargeError, reportHtml } from './html.ts';
import { localize } from './localize.ts';
import type { ReportModel } from './model.ts';
import { writePdf } from './pdf.ts';
import { writeXlsx, XlsxTooLargeError, type XlsxOptions } from './xlsx.ts';
import { writeFile } from 'node:fs/promises';

export const EXPORT_FORMATS = ['csv', 'xlsx', 'pdf', 'html'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
  html: 'text/html; charset=utf-8',
};

export interface WriteReportOptions {
  format: ExportFormat;
  lang: Lang;
  out: string;
  xlsx?: XlsxOptions;
  html_rows_max?: number;
}

export function exportFormatOf(text: string): ExportFormat {
  if (!(EXPORT_FORMATS as readonly string[]).includes(text)) throw new UserError('reports.bad_format', { format: text, known: EXPORT_FORMATS.join(', ') });
  return text as ExportFormat;
}

export async function writeReport(model: ReportModel, options: WriteReportOptions): Promise<void> {
  const report = localize(model, translator(options.lang));
  const staging = `${options.out}.${process.pid}.partial`;
  try {
    if (options.format === 'csv') await writeCsv(report, staging);
    else if (options.format === 'xlsx') await writeXlsx(report, staging, options.xlsx);
    else {
      const html = await reportHtml(report, options.html_rows_max);
      if (options.format === 'html') await writeFile(staging, html, 'utf8');
      else await writePdf(html, staging);
    }
    await rename(staging, options.out);
  } catch (error) {
    await rm(staging, { force: true });
    if (error instanceof XlsxTooLargeError) throw new UserError('reports.xlsx_too_large', { table: error.table, rows: error.rows_max });
    if (error instanceof HtmlTooLargeError) throw new UserError('reports.html_too_large', { table: error.table, rows: error.rows_max });
    throw error;
  }
}
