import type { Command } from 'commander';
import type { CheckResult } from '../../app/check.ts';
import type { CliContext } from '../context.ts';

const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

export function registerCheck(program: Command, context: CliContext): void {
  program
    .command('check')
    .description(context.t('coverage.cli.check_description'))
    .argument('<snapshot>', context.t('cli.arg_snapshot'))
    .option('--regime <id>', context.t('coverage.cli.opt_regime'), collect)
    .option('--drain <wallet-id>', context.t('coverage.cli.opt_drain'), collect)
    .option('--json', context.t('cli.opt_json'))
    .action(async (arg: string, options: { regime?: string[]; drain?: string[]; json?: boolean }) => {
      const json = options.json === true;
      const [{ checkSnapshot }, { snapshotRefOf }] = await Promise.all([import('../../app/check.ts'), import('../../app/resolve-snapshot.ts')]);
      const snapshot = await snapshotRefOf(arg);
      const result = await context.withApp({ json }, (deps) => checkSnapshot(deps, { snapshot, regimes: options.regime ?? [], drain: options.drain ?? [] }));
      if (!json) context.printWarnings(result.warnings);
      await printCheck(context, result, json);
    });
}

/** Shared with `hozen start`. */
export async function printCheck(context: CliContext, result: CheckResult, json: boolean): Promise<void> {
  context.verdict(result.verdict);
  if (json) {
    const { checkJson } = await import('../../app/check.ts');
    context.printJson(checkJson(result, context.tr));
    return;
  }
  const { renderReport } = await import('../../coverage/render.ts');
  context.io.out(renderReport(result.report, context.tr));
}
