// `npm start`: the main job on the embedded store with demo data, from nothing: write the demo
// exchange if absent, import it, show it, and check it under every regime that applies.

import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import { DEMO_ACCOUNTS_DEFAULT, DEMO_SEED_DEFAULT } from '../../demo/options.ts';
import { groupDigits } from '../../i18n/numbers.ts';
import type { CliContext } from '../context.ts';
import { printCheck } from './check.ts';
import { DEMO_DIR_DEFAULT } from './demo.ts';
import { importedLine } from './import.ts';
import { serveUntilStopped } from './serve.ts';

export function registerStart(program: Command, context: CliContext): void {
  program
    .command('start')
    .description(context.t('cli.start_description'))
    .option('--dir <dir>', context.t('cli.opt_demo_dir'), DEMO_DIR_DEFAULT)
    .option('--json', context.t('cli.opt_json'))
    .option('--serve', context.t('cli.opt_start_serve'))
    .option('--port <port>', context.t('server.cli.opt_port'), '8080')
    .action(async (options: { dir: string; json?: boolean; serve?: boolean; port: string }) => {
      const dir = options.dir;
      const json = options.json === true;
      const [{ writeDemo }, { importSnapshot, importJson }, { checkAndStore, checkJson }, { summarizeSnapshot }, { renderSnapshotSummary }] = await Promise.all([
        import('../../app/demo.ts'),
        import('../../app/import.ts'),
        import('../../app/check.ts'),
        import('../../snapshot/summary.ts'),
        import('../../text/snapshot-summary.ts'),
      ]);
      if ((await stat(join(dir, 'exchange.json')).catch(() => null)) === null) {
        if (!json) context.io.out(context.t('cli.start_generating', { dir, accounts: groupDigits(String(DEMO_ACCOUNTS_DEFAULT)) }) + '\n');
        const progress = context.progressSink(json);
        await writeDemo({ out_dir: dir, accounts: DEMO_ACCOUNTS_DEFAULT, seed: DEMO_SEED_DEFAULT }, progress.on_progress).finally(progress.done);
      }
      const { imported, check } = await context.withApp({ json }, async (deps) => {
        const imported = await importSnapshot(deps, { dir });
        // The daily question: are the customers covered under every regime that applies?
        const check = { ...(await checkAndStore(deps, imported.snapshot)), warnings: imported.warnings };
        return { imported, check };
      });
      const summary = summarizeSnapshot(imported.snapshot);
      if (json) {
        context.verdict(check.verdict);
        context.printJson({ import: importJson(imported, context.tr), summary, check: checkJson(check, context.tr) });
        return;
      }
      context.printWarnings(imported.warnings);
      context.io.out(importedLine(context, imported) + '\n\n');
      context.io.out(renderSnapshotSummary(summary, context.tr) + '\n');
      await printCheck(context, check, false);
      await printDemoLogin(context);
      if (options.serve === true) await serveUntilStopped(context, { host: '127.0.0.1', port: options.port, workers: '1' });
    });
}

export const DEMO_USER = 'demo';

/** The service's demo log-in: created once, its password shown that once (it is stored only hashed). */
async function printDemoLogin(context: CliContext): Promise<void> {
  const [{ addUser }, { cliActor }, { LOCAL_TENANT }] = await Promise.all([import('../../app/accounts.ts'), import('../../store/open.ts'), import('../../store/types.ts')]);
  const added = await context.withHandle(async (handle) => {
    if ((await handle.accounts.userByName(DEMO_USER)) !== null) return null;
    return addUser({ handle, actor: cliActor(context.io.env) }, { name: DEMO_USER, role: 'officer', tenant: LOCAL_TENANT });
  });
  context.io.out('\n' + (added === null ? context.t('cli.start_login_exists', { user: DEMO_USER }) : context.t('cli.start_login', { user: DEMO_USER, password: added.generated_password! })) + '\n');
}
