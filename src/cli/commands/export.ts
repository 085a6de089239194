import type { Command } from 'commander';
import type { CliContext } from '../context.ts';

interface ExportOptions {
  format?: string;
  out: string;
  regime?: string;
  from?: string;
  to?: string;
  timeZone?: string;
  json?: boolean;
}

export function registerExport(program: Command, context: CliContext): void {
  program
    .command('export')
    .description(context.t('reports.export_description'))
    .argument('<report>', context.t('reports.arg_report'))
    .argument('[subject]', context.t('reports.arg_subject'))
    .requiredOption('--out <file>', context.t('reports.opt_out'))
    .option('--format <format>', context.t('reports.opt_format'))
    .option('--regime <id>', context.t('coverage.cli.opt_history_regime'))
    .option('--from <day>', context.t('reports.opt_from'))
    .option('--to <day>', context.t('reports.opt_to'))
    .option('--time-zone <zone>', context.t('reports.opt_time_zone'))
    .option('--json', context.t('cli.opt_json'))
    .action(async (report: string, subject: string | undefined, options: ExportOptions) => {
      const [{ exportModel, exportRequestOf }, { exportFormatOf, writeReport }] = await Promise.all([import('../../app/exports.ts'), import('../../reports/write.ts')]);
      const format = exportFormatOf(options.format ?? options.out.slice(options.out.lastIndexOf('.') + 1).toLowerCase());
      const request = await exportRequestOf(report, subject, options);
      const model = await context.withApp({ json: options.json === true }, (deps) => exportModel(deps, request));
      await writeReport(model, { format, lang: context.lang, out: options.out });
      if (options.json === true) return context.printJson({ report, format, file: options.out, ok: model.ok });
      context.io.out(context.t('reports.export_written', { file: options.out }) + '\n');
    });

  program
    .command('segregation')
    .description(context.t('reports.segregation_description'))
    .option('--from <day>', context.t('reports.opt_from'))
    .option('--to <day>', context.t('reports.opt_to'))
    .option('--json', context.t('cli.opt_json'))
    .action(async (options: { from?: string; to?: string; json?: boolean }) => {
      const json = options.json === true;
      const [{ segregationRecords, segregationJson }, { segregationModel }, { localize }, { renderTable }] = await Promise.all([
        import('../../app/segregation.ts'),
        import('../../reports/segregation-model.ts'),
        import('../../reports/localize.ts'),
        import('../../text/table.ts'),
      ]);
      const result = await context.withApp({ json }, (deps) => segregationRecords(deps, { ...(options.from === undefined ? {} : { from: options.from }), ...(options.to === undefined ? {} : { to: options.to }) }));
      context.verdict(result.verdict);
      if (json) return context.printJson(segregationJson(result));
      const report = localize(segregationModel(result, 'UTC'), context.tr);
      context.io.out(report.verdict + '\n');
      for (const table of report.tables) {
        const rows: string[][] = [];
        for await (const row of table.rows) rows.push(row.map((c) => c.text));
        if (rows.length === 0) continue;
        context.io.out(`\n${table.title}\n`);
        context.io.out(renderTable(table.headers, rows, table.kinds.map((k) => (k === 'amount' || k === 'count' ? 'right' : 'left'))));
      }
      for (const note of report.notes) context.io.out(`\n${note}\n`);
    });
}

export function registerStatements(program: Command, context: CliContext): void {
  program
    .command('statements')
    .description(context.t('statements.description'))
    .argument('<run-dir>', context.t('statements.arg_run_dir'))
    .requiredOption('--out <dir>', context.t('reports.opt_out'))
    .requiredOption('--contact <text>', context.t('statements.opt_contact'))
    .option('--issued-on <day>', context.t('statements.opt_issued_on'))
    .option('--per-file <n>', context.t('statements.opt_per_file'))
    .option('--force', context.t('statements.opt_force'))
    .option('--pdf', context.t('statements.opt_pdf'))
    .option('--json', context.t('cli.opt_json'))
    .action(async (run_dir: string, options: { out: string; contact: string; issuedOn?: string; perFile?: string; force?: boolean; pdf?: boolean; json?: boolean }) => {
      const { statementsJob } = await import('../../app/statements.ts');
      const result = await context.withApp({ json: options.json === true }, (deps) =>
        statementsJob(deps, {
          run_dir,
          out_dir: options.out,
          contact: options.contact,
          ...(options.issuedOn === undefined ? {} : { issued_on: options.issuedOn }),
          ...(options.perFile === undefined ? {} : { per_file: Number(options.perFile) }),
          ...(options.force === true ? { force: true } : {}),
          ...(options.pdf === true ? { pdf: true } : {}),
        }),
      );
      if (options.json === true) return context.printJson(result);
      context.io.out(context.t('statements.written', { customers: result.customers, files: result.files, dir: result.out_dir }) + '\n');
    });
}
