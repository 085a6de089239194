import type { Command } from 'commander';
import { groupDigits } from '../../i18n/numbers.ts';
import type { CliContext } from '../context.ts';
import { readNamedText } from '../read-text.ts';

const collect = (value: string, previous: string[]): string[] => [...previous, value];

export function registerCompensate(program: Command, context: CliContext): void {
  program
    .command('compensate')
    .description(context.t('compensation.cli.description'))
    .argument('<snapshot>', context.t('compensation.cli.arg_snapshot'))
    .argument('<incident>', context.t('compensation.cli.arg_incident'))
    .option('--policy <file>', context.t('compensation.cli.opt_policy'))
    .option('--out <dir>', context.t('compensation.cli.opt_out'))
    .option('--force', context.t('compensation.cli.opt_force'))
    .option('--add-funding <name=amount>', context.t('compensation.cli.opt_add_funding'), collect, [])
    .option('--json', context.t('cli.opt_json'))
    .action(async (snapshot_arg: string, incident_path: string, options: { policy?: string; out?: string; force?: boolean; addFunding: string[]; json?: boolean }) => {
      const json = options.json === true;
      const [{ compensateIncident, compensateJson }, { snapshotRefOf }, { renderSummaryMarkdown }] = await Promise.all([import('../../app/compensate.ts'), import('../../app/resolve-snapshot.ts'), import('../../compensation/summary.ts')]);
      const snapshot = await snapshotRefOf(snapshot_arg);
      const incident = await readNamedText(incident_path);
      const policy = options.policy === undefined ? undefined : await readNamedText(options.policy);
      const result = await context.withApp({ json }, (deps) =>
        compensateIncident(deps, { snapshot, incident, ...(policy === undefined ? {} : { policy }), add_funding: options.addFunding, ...(options.out === undefined ? {} : { out_dir: options.out }), ...(options.force === true ? { force: true } : {}) }),
      );
      context.verdict(result.verdict);
      if (json) {
        context.printJson(compensateJson(result));
        return;
      }
      context.printWarnings(result.warnings);
      context.io.out(renderSummaryMarkdown(result.summary, context.tr));
      context.io.out('\n' + context.t('compensation.cli.written', { dir: result.out_dir, rows: groupDigits(String(result.summary.rows)) }) + '\n');
    });
}
