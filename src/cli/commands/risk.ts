import type { Command } from 'commander';
import { UserError } from '../../errors.ts';
import type { CliContext } from '../context.ts';
import type { RiskRequest, RiskResult } from '../../app/risk.ts';

interface RiskOptions {
  years?: string;
  seed?: string;
  confidence?: string;
  json?: boolean;
  svg?: string;
  cover?: string;
  tiers?: string;
  workers?: string;
  split?: string;
}

const WHOLE_NUMBER = /^\d{1,16}$/;
const CONFIDENCE = /^0\.\d{1,6}$/;

function wholeNumber(option: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!WHOLE_NUMBER.test(value) || !Number.isSafeInteger(Number(value))) throw new UserError('risk.cli.whole_number', { option, value });
  return Number(value);
}

function confidence(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!CONFIDENCE.test(value)) throw new UserError('risk.cli.confidence', { value });
  return Number(value);
}

/** The run in parts through the job queue (app/jobs.ts riskRunSplit), on the store the command line names. */
async function splitRun(context: CliContext, json: boolean, request: RiskRequest, split: number): Promise<RiskResult> {
  const [{ riskRunSplit }, { cliActor }, { LOCAL_TENANT }] = await Promise.all([import('../../app/jobs.ts'), import('../../store/open.ts'), import('../../store/types.ts')]);
  const progress = context.progressSink(json);
  try {
    return await context.withHandle(async (handle) => riskRunSplit(handle, { store: await handle.forTenant(LOCAL_TENANT, cliActor(context.io.env)), on_progress: progress.on_progress }, request, split));
  } finally {
    progress.done();
  }
}

export function registerRisk(program: Command, context: CliContext): void {
  program
    .command('risk')
    .description(context.t('risk.cli.description'))
    .argument('<snapshot>', context.t('cli.arg_snapshot'))
    .option('--years <n>', context.t('risk.cli.opt_years'))
    .option('--seed <s>', context.t('risk.cli.opt_seed'))
    .option('--confidence <c>', context.t('risk.cli.opt_confidence'))
    .option('--cover <amount>', context.t('risk.cli.opt_cover'))
    .option('--tiers <list>', context.t('risk.cli.opt_tiers'))
    .option('--workers <n>', context.t('risk.cli.opt_workers'))
    .option('--split <n>', context.t('risk.cli.opt_split'))
    .option('--svg <file>', context.t('risk.cli.opt_svg'))
    .option('--json', context.t('cli.opt_json'))
    .action(async (arg: string, options: RiskOptions) => {
      const json = options.json === true;
      const years = wholeNumber('--years', options.years);
      const seed = wholeNumber('--seed', options.seed);
      const workers = wholeNumber('--workers', options.workers);
      const level = confidence(options.confidence);
      const split = wholeNumber('--split', options.split) ?? 1;
      if (split !== 1) {
        const { PARTS_MAX } = await import('../../risk/split.ts');
        if (split < 1 || split > PARTS_MAX) throw new UserError('risk.cli.bad_split', { value: split, max: PARTS_MAX });
      }
      const request = {
        ...(years === undefined ? {} : { years }),
        ...(seed === undefined ? {} : { seed }),
        ...(level === undefined ? {} : { confidence: level }),
        ...(workers === undefined ? {} : { workers }),
        ...(options.tiers === undefined ? {} : { tiers: options.tiers.split(',').map((t) => t.trim()) }),
        ...(options.cover === undefined ? {} : { cover: options.cover }),
      };
      const [{ riskRun, riskResultJson, validateRiskRequest }, { snapshotRefOf }] = await Promise.all([import('../../app/risk.ts'), import('../../app/resolve-snapshot.ts')]);
      // Checked before the snapshot is loaded, so that a typo fails at once.
      validateRiskRequest(request);
      const snapshot = await snapshotRefOf(arg);
      const result = split === 1 ? await context.withApp({ json }, (deps) => riskRun(deps, { snapshot, ...request })) : await splitRun(context, json, { snapshot, ...request }, split);
      if (!json) context.printWarnings(result.warnings);
      if (options.svg !== undefined) {
        const [{ writeFile }, { exceedanceSvg }] = await Promise.all([import('node:fs/promises'), import('../../risk/svg.ts')]);
        await writeFile(options.svg, exceedanceSvg(result.report, context.tr));
      }
      if (json) {
        context.printJson(riskResultJson(result));
        return;
      }
      const { renderRiskText } = await import('../../risk/report.ts');
      context.io.out(renderRiskText(result.report, context.tr));
      context.io.out(context.t(result.created ? 'risk.cli.run_saved' : 'risk.cli.run_exists', { id: result.run_id }) + '\n');
      if (options.svg !== undefined) context.io.out(context.t('risk.cli.svg_written', { file: options.svg }) + '\n');
    });
}
