import type { Command } from 'commander';
import { checkCoverage, type CheckOptions } from '../../coverage/check.ts';
import { reportJson } from '../../coverage/json.ts';
import { renderReport } from '../../coverage/render.ts';
import { saveCheckRuns } from '../../coverage/runs.ts';
import { EXIT_CHECK_FAILED } from '../../errors.ts';
import { riskEngineProvider } from '../../risk/amount.ts';
import { SEED_DEFAULT, YEARS_DEFAULT } from '../../risk/service.ts';
import type { Snapshot } from '../../snapshot/types.ts';
import type { Store } from '../../store/types.ts';
import type { CliContext } from '../context.ts';

/**
 * Names the providers in stored runs: results depend on them. `share` risk specs are answered by
 * share of value; `var`/`tvar` by the risk engine with these years and seed (reproducible).
 */
const PROVIDERS = `risk:share-of-value|engine(years=${YEARS_DEFAULT},seed=${SEED_DEFAULT});insurance:engine-total-loss`;

const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

/**
 * Checks a snapshot, stores the result per regime (unless wallets are drained), prints the report
 * and sets exit code 3 when a check fails. Shared with `hozen start`.
 */
export async function checkAndPrint(context: CliContext, store: Store, snapshot: Snapshot, options: Pick<CheckOptions, 'regimes' | 'drain'> & { json?: boolean }): Promise<void> {
  const report = checkCoverage(snapshot, { ...options, risk: riskEngineProvider(snapshot, { years: YEARS_DEFAULT, seed: SEED_DEFAULT }) });
  if (report.drained.length === 0) await saveCheckRuns(store, snapshot, report, PROVIDERS);
  if (!report.compliant) context.exit_code = EXIT_CHECK_FAILED;
  if (options.json === true) context.printJson(reportJson(report, context.tr));
  else context.io.out(renderReport(report, context.tr));
}

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
      await context.withStore(async (store) => {
        const { snapshot } = await context.loadSnapshotArg(store, arg, { json });
        await checkAndPrint(context, store, snapshot, { regimes: options.regime ?? [], drain: options.drain ?? [], json });
      });
    });
}
