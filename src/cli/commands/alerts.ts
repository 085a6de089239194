import type { Command } from 'commander';
import type { CliContext } from '../context.ts';

export function registerAlerts(program: Command, context: CliContext): void {
  program
    .command('alerts')
    .description(context.t('app.alerts_description'))
    .argument('[snapshot]', context.t('cli.arg_snapshot'))
    .option('--now <instant>', context.t('alerts.opt_now'))
    .option('--json', context.t('cli.opt_json'))
    .action(async (snapshot: string | undefined, options: { json?: boolean; now?: string }) => {
      const json = options.json === true;
      const { listAlerts, alertsJson } = await import('../../app/alerts.ts');
      const { snapshotRefOf } = await import('../../app/resolve-snapshot.ts');
      const result = await context.withApp({ json }, async (deps) => listAlerts(deps, { ...(snapshot === undefined ? {} : { snapshot: await snapshotRefOf(snapshot) }), ...(options.now === undefined ? {} : { now: options.now }) }));
      context.verdict(result.verdict);
      const view = alertsJson(result, context.tr);
      if (json) return context.printJson(view);
      const params = { snapshot: result.snapshot_id.slice(0, 12), as_of: result.as_of, critical: view.critical as number, warnings: view.warnings as number };
      if (result.alerts.length === 0) return context.io.out(context.t('app.alerts_none', params) + '\n');
      context.io.out(context.t('app.alerts_summary', params) + '\n');
      for (const alert of view.alerts as Array<{ severity: 'critical' | 'warning'; regime: string | null; message: string }>) {
        context.io.out(`  [${context.t(`app.alert_${alert.severity}`)}] ${alert.regime === null ? '' : `${alert.regime}: `}${alert.message}\n`);
      }
    });
}
