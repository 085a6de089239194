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
    .option('--latest', context.t('coverage.cli.opt_latest'))
    .option('--json', context.t('cli.opt_json'))
    .action(async (arg: string, options: { regime?: string[]; drain?: string[]; latest?: boolean; json?: boolean }) => {
      const json = options.json === true;
      const [{ checkSnapshot, latestCheck, latestCheckJson }, { snapshotRefOf }] = await Promise.all([import('../../app/check.ts'), import('../../app/resolve-snapshot.ts')]);
      const snapshot = await snapshotRefOf(arg);
      if (options.latest === true) {
        const stored = await context.withApp({ json }, (deps) => latestCheck(deps, { snapshot }));
        const report = latestCheckJson(stored, context.tr);
        context.verdict(stored.verdict);
        if (json) {
          context.printJson(report);
          return;
        }
        for (const regime of report.regimes) {
          const failed = regime.checks.filter((c) => c.status === 'fail');
          context.io.out(context.t('coverage.cli.latest_regime', { regime: regime.id, verdict: context.t(regime.compliant ? 'coverage.report.compliant' : 'coverage.report.not_compliant'), run: report.runs.find((r) => r.regime === regime.id)!.run_id }) + '\n');
          for (const check of failed) context.io.out(`  [FAIL] ${check.message}\n`);
        }
        return;
      }
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
  const [{ renderReport }, { styleForTerminal, terminalStyle }] = await Promise.all([import('../../coverage/render.ts'), import('../terminal.ts')]);
  const labels = { fail: context.t('coverage.report.status.fail'), warn: context.t('coverage.report.status.warn'), pass: context.t('coverage.report.status.pass') };
  context.io.out(styleForTerminal(renderReport(result.report, context.tr), terminalStyle(context.io.env, context.io.stdout_terminal), labels));
}
