import type { Command } from 'commander';
import { UserError } from '../../errors.ts';
import { DEMO_ACCOUNTS_DEFAULT, DEMO_ACCOUNTS_MAX, DEMO_SEED_DEFAULT, DEMO_SEED_MAX } from '../../demo/options.ts';
import { groupDigits } from '../../i18n/numbers.ts';
import type { CliContext } from '../context.ts';

export const DEMO_DIR_DEFAULT = 'demo';

/** A whole-number option; the bounds are the use case's, checked here to name the option. */
export function parseCount(text: string, name: string, min: number, max: number): number {
  if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max) throw new UserError('cli.bad_count', { option: name, value: text, min, max });
  return Number(text);
}

export function registerDemo(program: Command, context: CliContext): void {
  program
    .command('demo')
    .description(context.t('cli.demo_description'))
    .option('--out <dir>', context.t('cli.opt_out'), DEMO_DIR_DEFAULT)
    .option('--accounts <n>', context.t('cli.opt_accounts'), String(DEMO_ACCOUNTS_DEFAULT))
    .option('--seed <s>', context.t('cli.opt_seed'), String(DEMO_SEED_DEFAULT))
    .option('--force', context.t('cli.opt_force_demo'))
    .option('--json', context.t('cli.opt_json'))
    .action(async (options: { out: string; accounts: string; seed: string; force?: boolean; json?: boolean }) => {
      const accounts = parseCount(options.accounts, '--accounts', 1, DEMO_ACCOUNTS_MAX);
      const seed = parseCount(options.seed, '--seed', 0, DEMO_SEED_MAX);
      const json = options.json === true;
      const { writeDemo, demoJson } = await import('../../app/demo.ts');
      const progress = context.progressSink(json);
      const summary = await writeDemo({ out_dir: options.out, accounts, seed, force: options.force === true }, progress.on_progress).finally(progress.done);
      if (json) context.printJson(demoJson(summary));
      else context.io.out(context.t('cli.demo_done', { dir: summary.out_dir, accounts: groupDigits(String(summary.accounts)), rows: groupDigits(String(summary.balance_rows)), seconds: summary.seconds.toFixed(2) }) + '\n');
    });
}
