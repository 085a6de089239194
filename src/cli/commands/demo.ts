import type { Command } from 'commander';
import { UserError } from '../../errors.ts';
import { generateDemo } from '../../demo/generate.ts';
import type { CliContext } from '../context.ts';
import { groupDigits } from '../table.ts';

export const DEMO_DIR_DEFAULT = 'demo';
export const DEMO_ACCOUNTS_DEFAULT = 200_000;
/** 10M accounts is the benchmark scale; a bound keeps a typo from filling the disk. */
export const DEMO_ACCOUNTS_MAX = 50_000_000;

export function parseCount(text: string, name: string, max: number): number {
  if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > max) throw new UserError('cli.bad_count', { option: name, value: text, max });
  return Number(text);
}

export function registerDemo(program: Command, context: CliContext): void {
  program
    .command('demo')
    .description(context.t('cli.demo_description'))
    .option('--out <dir>', context.t('cli.opt_out'), DEMO_DIR_DEFAULT)
    .option('--accounts <n>', context.t('cli.opt_accounts'), String(DEMO_ACCOUNTS_DEFAULT))
    .option('--seed <s>', context.t('cli.opt_seed'), '1')
    .option('--json', context.t('cli.opt_json'))
    .action(async (options: { out: string; accounts: string; seed: string; json?: boolean }) => {
      const accounts = parseCount(options.accounts, '--accounts', DEMO_ACCOUNTS_MAX);
      const seed = parseCount(options.seed, '--seed', 2 ** 32 - 1);
      const json = options.json === true;
      const progress = context.progress(context.t('cli.progress_demo'), context.t('cli.rows'), json);
      const summary = await generateDemo({ out_dir: options.out, accounts, seed, on_progress: (rows) => progress.update(rows) });
      progress.done();
      if (json) context.printJson(summary);
      else context.io.out(context.t('cli.demo_done', { dir: summary.out_dir, accounts: groupDigits(String(summary.accounts)), rows: groupDigits(String(summary.balance_rows)), seconds: summary.seconds.toFixed(2) }) + '\n');
    });
}
