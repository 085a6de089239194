// `npm start`: the main job on the embedded store with demo data, from nothing.

import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import { generateDemo } from '../../demo/generate.ts';
import { summarizeSnapshot } from '../../services/summary.ts';
import type { CliContext } from '../context.ts';
import { groupDigits } from '../../i18n/numbers.ts';
import { DEMO_ACCOUNTS_DEFAULT, DEMO_SEED_DEFAULT } from '../../demo/options.ts';
import { DEMO_DIR_DEFAULT } from './demo.ts';
import { checkAndPrint } from './check.ts';
import { renderSummary } from './show.ts';

export function registerStart(program: Command, context: CliContext): void {
  program
    .command('start')
    .description(context.t('cli.start_description'))
    .option('--dir <dir>', context.t('cli.opt_demo_dir'), DEMO_DIR_DEFAULT)
    .action(async (options: { dir: string }) => {
      const dir = options.dir;
      if ((await stat(join(dir, 'exchange.json')).catch(() => null)) === null) {
        context.io.out(context.t('cli.start_generating', { dir, accounts: groupDigits(String(DEMO_ACCOUNTS_DEFAULT)) }) + '\n');
        const progress = context.progress(context.t('cli.progress_demo'), context.t('cli.rows'), false);
        await generateDemo({ out_dir: dir, accounts: DEMO_ACCOUNTS_DEFAULT, seed: DEMO_SEED_DEFAULT, on_progress: (rows) => progress.update(rows) });
        progress.done();
      }
      await context.withStore(async (store) => {
        const { snapshot, imported } = await context.loadSnapshotArg(store, dir);
        if (imported !== undefined) {
          context.io.out(
            context.t(imported.status === 'created' ? 'cli.import_created' : 'cli.import_exists', {
              id: imported.snapshot_id,
              rows: groupDigits(String(imported.balance_rows)),
              seconds: imported.seconds.toFixed(2),
              rate: groupDigits(String(imported.seconds > 0 ? Math.round(imported.balance_rows / imported.seconds) : 0)),
            }) + '\n\n',
          );
        }
        context.io.out(renderSummary(context, summarizeSnapshot(snapshot)) + '\n');
        // The daily question: are the customers covered under every regime that applies?
        await checkAndPrint(context, store, snapshot, { regimes: [], drain: [] });
      });
    });
}
