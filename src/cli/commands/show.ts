import type { Command } from 'commander';
import type { CliContext } from '../context.ts';

export function registerShow(program: Command, context: CliContext): void {
  program
    .command('show')
    .description(context.t('cli.show_description'))
    .argument('<snapshot>', context.t('cli.arg_snapshot'))
    .option('--json', context.t('cli.opt_json'))
    .action(async (arg: string, options: { json?: boolean }) => {
      const json = options.json === true;
      const [{ showSnapshot, showJson }, { snapshotRefOf }, { renderSnapshotSummary }] = await Promise.all([import('../../app/show.ts'), import('../../app/resolve-snapshot.ts'), import('../../text/snapshot-summary.ts')]);
      const snapshot = await snapshotRefOf(arg);
      const result = await context.withApp({ json }, (deps) => showSnapshot(deps, { snapshot }));
      if (json) {
        context.printJson(showJson(result));
        return;
      }
      context.printWarnings(result.warnings);
      context.io.out(renderSnapshotSummary(result.summary, context.tr));
    });
}
