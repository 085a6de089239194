import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { UserError } from '../../errors.ts';
import { MoneyError, parseAmount } from '../../money/index.ts';
import { TIERS, type Snapshot, type Tier } from '../../snapshot/types.ts';
import type { CoverHeld } from '../../risk/cover.ts';
import { renderRiskText, riskJson } from '../../risk/report.ts';
import { saveRiskRun } from '../../risk/runs.ts';
import { runRisk, validateRiskParams } from '../../risk/service.ts';
import { exceedanceSvg } from '../../risk/svg.ts';
import type { CliContext } from '../context.ts';

interface RiskOptions {
  years?: string;
  seed?: string;
  confidence?: string;
  json?: boolean;
  svg?: string;
  cover?: string;
  tiers?: string;
  workers?: string;
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

function tiers(value: string | undefined): Tier[] | undefined {
  if (value === undefined) return undefined;
  const list = value.split(',').map((t) => t.trim());
  for (const tier of list) if (!(TIERS as readonly string[]).includes(tier)) throw new UserError('risk.cli.tier', { value: tier, allowed: TIERS.join(', ') });
  return [...new Set(list)] as Tier[];
}

function cover(snapshot: Snapshot, value: string | undefined): CoverHeld | undefined {
  if (value === undefined) return undefined;
  const base = snapshot.assets.get(snapshot.manifest.base_currency)!;
  try {
    return { amount_minor: parseAmount(value, base.decimals), source: 'option', contract_ids: [] };
  } catch (error) {
    if (error instanceof MoneyError) throw new UserError('risk.cli.cover', { value, base: base.symbol, decimals: base.decimals });
    throw error;
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
    .option('--svg <file>', context.t('risk.cli.opt_svg'))
    .option('--json', context.t('cli.opt_json'))
    .action(async (arg: string, options: RiskOptions) => {
      const json = options.json === true;
      const years = wholeNumber('--years', options.years);
      const seed = wholeNumber('--seed', options.seed);
      const workers = wholeNumber('--workers', options.workers);
      const level = confidence(options.confidence);
      const scope_tiers = tiers(options.tiers);
      // Checked before the snapshot is loaded, so that a typo fails at once.
      validateRiskParams({ ...(years === undefined ? {} : { years }), ...(seed === undefined ? {} : { seed }), ...(level === undefined ? {} : { confidence: level }) });
      const { report, saved } = await context.withStore(async (store) => {
        const { snapshot } = await context.loadSnapshotArg(store, arg, { json });
        const progress = context.progress(context.t('risk.cli.progress'), context.t('risk.cli.years_unit'), json);
        const given_cover = cover(snapshot, options.cover);
        const report = await runRisk(snapshot, {
          ...(years === undefined ? {} : { years }),
          ...(seed === undefined ? {} : { seed }),
          ...(level === undefined ? {} : { confidence: level }),
          ...(workers === undefined ? {} : { workers }),
          ...(scope_tiers === undefined ? {} : { scope: { tiers: scope_tiers } }),
          ...(given_cover === undefined ? {} : { cover: given_cover }),
          on_progress: (done) => progress.update(done),
        });
        progress.done();
        return { report, saved: await saveRiskRun(store, snapshot, report) };
      });
      if (options.svg !== undefined) await writeFile(options.svg, exceedanceSvg(report, context.tr));
      if (json) {
        context.printJson({ ...riskJson(report), run_id: saved.run_id });
        return;
      }
      context.io.out(renderRiskText(report, context.tr));
      context.io.out(context.t(saved.created ? 'risk.cli.run_saved' : 'risk.cli.run_exists', { id: saved.run_id }) + '\n');
      if (options.svg !== undefined) context.io.out(context.t('risk.cli.svg_written', { file: options.svg }) + '\n');
    });
}
