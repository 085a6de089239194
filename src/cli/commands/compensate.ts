import type { Command } from 'commander';
import { renderSummaryMarkdown } from '../../compensation/summary.ts';
import { runCompensation } from '../../compensation/service.ts';
import { EXIT_CHECK_FAILED } from '../../errors.ts';
import { parseIncident } from '../../incident/parse.ts';
import type { CliContext } from '../context.ts';
import { groupDigits } from '../../i18n/numbers.ts';
import { readTextArg, registerPolicy } from './policy.ts';

const collect = (value: string, previous: string[]): string[] => [...previous, value];

/** `hozen compensate` and `hozen policy render`. */
export function registerCompensate(program: Command, context: CliContext): void {
  registerPolicy(program, context);
  program
    .command('compensate')
    .description(context.t('compensation.cli.description'))
    .argument('<snapshot>', context.t('compensation.cli.arg_snapshot'))
    .argument('<incident>', context.t('compensation.cli.arg_incident'))
    .option('--policy <file>', context.t('compensation.cli.opt_policy'))
    .option('--out <dir>', context.t('compensation.cli.opt_out'))
    .option('--add-funding <name=amount>', context.t('compensation.cli.opt_add_funding'), collect, [])
    .option('--json', context.t('cli.opt_json'))
    .action(async (snapshot_arg: string, incident_path: string, options: { policy?: string; out?: string; addFunding: string[]; json?: boolean }) => {
      const json = options.json === true;
      const run = await context.withStore(async (store) => {
        const { snapshot } = await context.loadSnapshotArg(store, snapshot_arg, { json });
        const incident = parseIncident(await readTextArg(incident_path), incident_path, snapshot);
        const policy_file = options.policy === undefined ? undefined : { name: options.policy, text: await readTextArg(options.policy) };
        return runCompensation(store, {
          snapshot,
          incident,
          incident_file: incident_path,
          ...(policy_file === undefined ? {} : { policy_file }),
          add_funding: options.addFunding,
          ...(options.out === undefined ? {} : { out_dir: options.out }),
        });
      });
      if (run.result.shortfall_minor > 0n && run.result.on_shortfall === 'record_claim') context.exit_code = EXIT_CHECK_FAILED;
      if (json) {
        context.printJson(run.summary);
        return;
      }
      context.io.out(renderSummaryMarkdown(run.summary, context.tr));
      context.io.out('\n' + context.t('compensation.cli.written', { dir: run.out_dir, rows: groupDigits(String(run.summary.rows)) }) + '\n');
    });
}
