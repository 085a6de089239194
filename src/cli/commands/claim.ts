import type { Command } from 'commander';
import type { CliContext } from '../context.ts';
import { readNamedText } from '../read-text.ts';

export function registerClaim(program: Command, context: CliContext): void {
  program
    .command('claim')
    .description(context.t('insurance.cli.description'))
    .argument('<snapshot>', context.t('cli.arg_snapshot'))
    .argument('<incident>', context.t('insurance.cli.arg_incident'))
    .option('--json', context.t('cli.opt_json'))
    .action(async (snapshot_arg: string, incident_path: string, options: { json?: boolean }) => {
      const json = options.json === true;
      const [{ claimIncident, claimJson }, { snapshotRefOf }, { renderClaimText }] = await Promise.all([import('../../app/claim.ts'), import('../../app/resolve-snapshot.ts'), import('../../insurance/report.ts')]);
      const snapshot = await snapshotRefOf(snapshot_arg);
      const incident = await readNamedText(incident_path);
      const result = await context.withApp({ json }, (deps) => claimIncident(deps, { snapshot, incident }));
      if (json) {
        context.printJson(claimJson(result, context.tr));
        return;
      }
      context.printWarnings(result.warnings);
      context.io.out(renderClaimText(result.claim, context.tr));
    });
}
