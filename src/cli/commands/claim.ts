import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { UserError } from '../../errors.ts';
import { parseIncident } from '../../incident/parse.ts';
import { computeClaim } from '../../insurance/claim.ts';
import { claimReportJson, renderClaimText } from '../../insurance/report.ts';
import { saveClaimRun } from '../../insurance/runs.ts';
import { translator } from '../../i18n/catalogs.ts';
import type { CliContext } from '../context.ts';

export function registerClaim(program: Command, context: CliContext): void {
  program
    .command('claim')
    .description(context.t('insurance.cli.description'))
    .argument('<snapshot>', context.t('cli.arg_snapshot'))
    .argument('<incident>', context.t('insurance.cli.arg_incident'))
    .option('--json', context.t('cli.opt_json'))
    .action(async (snapshot_arg: string, incident_path: string, options: { json?: boolean }) => {
      const json = options.json === true;
      const { claim, occurred_at } = await context.withStore(async (store) => {
        const { snapshot } = await context.loadSnapshotArg(store, snapshot_arg, { json });
        const text = await readFile(incident_path, 'utf8').catch(() => {
          throw new UserError('insurance.cli.unreadable', { file: incident_path });
        });
        const incident = parseIncident(text, incident_path, snapshot);
        const claim = await computeClaim(snapshot, incident);
        // Stored in English: the stored result is data; the reader's language is applied on output.
        await saveClaimRun(store, snapshot, incident, claimReportJson(claim, translator('en')));
        return { claim, occurred_at: incident.occurred_at };
      });
      if (json) context.printJson(claimReportJson(claim, context.tr));
      else context.io.out(renderClaimText(claim, context.tr, occurred_at));
    });
}
