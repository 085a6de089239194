// `hozen association members|dependencies|stress|capacity`: the association's view over every
// tenant of this store, as an association user sees it (aggregates only).

import type { Command } from 'commander';
import { UserError } from '../../errors.ts';
import type { AssociationDeps } from '../../app/association-deps.ts';
import type { NamedText } from '../../app/deps.ts';
import type { CliContext } from '../context.ts';

const WHOLE_NUMBER = /^\d{1,16}$/;

function wholeNumber(option: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!WHOLE_NUMBER.test(value) || !Number.isSafeInteger(Number(value))) throw new UserError('risk.cli.whole_number', { option, value });
  return Number(value);
}

async function withMembers<T>(context: CliContext, json: boolean, fn: (deps: AssociationDeps) => Promise<T>): Promise<T> {
  const [{ memberHandles }, { cliActor }] = await Promise.all([import('../../app/association-deps.ts'), import('../../store/open.ts')]);
  const progress = context.progressSink(json);
  try {
    return await context.withHandle(async (handle) => fn({ members: await memberHandles(handle, { ...cliActor(), role: 'association' }), on_progress: progress.on_progress }));
  } finally {
    progress.done();
  }
}

async function aliasesOf(path: string | undefined): Promise<NamedText | undefined> {
  if (path === undefined) return undefined;
  const { readNamedText } = await import('../read-text.ts');
  return readNamedText(path);
}

export function registerAssociation(program: Command, context: CliContext): void {
  const group = program.command('association').description(context.t('association.cli.description'));

  group
    .command('members')
    .description(context.t('association.cli.members'))
    .option('--json', context.t('cli.opt_json'))
    .action(async (options: { json?: boolean }) => {
      const json = options.json === true;
      const [{ associationMembers }, { associationJson }, { renderTable }, { money, sharePercent }, { parseDecimal }] = await Promise.all([
        import('../../app/association.ts'),
        import('../../app/association-json.ts'),
        import('../../text/table.ts'),
        import('../../association/render.ts'),
        import('../../money/decimal.ts'),
      ]);
      const result = await withMembers(context, json, (deps) => associationMembers(deps));
      context.verdict(result.verdict);
      if (json) return context.printJson(associationJson(result));
      const attention = result.members.filter((m) => m.verdict !== 'compliant').length;
      context.io.out(context.t(attention === 0 ? 'association.members.verdict_ok' : 'association.members.verdict_bad', { count: attention, total: result.members.length }) + '\n\n');
      const rows = result.members.map((m) => [
        m.member_name,
        context.t(`association.verdict.${m.verdict}`),
        m.snapshot?.as_of ?? '',
        m.headroom_share_min === null ? '' : sharePercent(parseDecimal(m.headroom_share_min, { signed: true })),
        m.snapshot === null ? '' : money(m.snapshot.wallets.hot_minor, m.snapshot.base_decimals),
        m.snapshot === null ? '' : money(m.snapshot.wallets.warm_minor, m.snapshot.base_decimals),
        m.snapshot === null ? '' : money(m.snapshot.wallets.cold_minor, m.snapshot.base_decimals),
        context.t('association.members.alerts', { critical: m.alerts.filter((a) => a.severity === 'critical').length, warnings: m.alerts.filter((a) => a.severity === 'warning').length }),
      ]);
      const unit = result.members.find((m) => m.snapshot !== null)?.snapshot?.base_currency ?? 'JPY';
      const shown = unit === 'JPY' && context.lang === 'ja' ? '円' : unit;
      context.io.out(
        renderTable(
          [
            context.t('association.col.member'),
            context.t('association.col.verdict'),
            context.t('association.col.as_of'),
            context.t('association.col.headroom'),
            context.t('association.col.hot', { unit: shown }),
            context.t('association.col.warm', { unit: shown }),
            context.t('association.col.cold', { unit: shown }),
            context.t('association.col.alerts'),
          ],
          rows,
          ['left', 'left', 'left', 'right', 'right', 'right', 'right', 'left'],
        ),
      );
    });

  group
    .command('dependencies')
    .description(context.t('association.cli.dependencies'))
    .option('--aliases <file>', context.t('association.cli.opt_aliases'))
    .option('--shared', context.t('association.cli.opt_shared'))
    .option('--json', context.t('cli.opt_json'))
    .action(async (options: { aliases?: string; shared?: boolean; json?: boolean }) => {
      const json = options.json === true;
      const [{ associationDependencies }, { associationJson }, { renderTable }, { dependencyTable, sharePercent }] = await Promise.all([
        import('../../app/association-dependencies.ts'),
        import('../../app/association-json.ts'),
        import('../../text/table.ts'),
        import('../../association/render.ts'),
      ]);
      const aliases = await aliasesOf(options.aliases);
      const result = await withMembers(context, json, (deps) => associationDependencies(deps, { ...(aliases === undefined ? {} : { aliases }), shared_only: options.shared === true }));
      context.verdict(result.verdict);
      if (json) return context.printJson(associationJson(result));
      const top = result.map.dependencies.find((d) => d.shared && (d.kind === 'vendor' || d.kind === 'platform'));
      if (result.map.dependencies.length === 0) return context.io.out(context.t('association.dependencies.none') + '\n');
      context.io.out(
        (result.verdict === 'failed' && top !== undefined ? context.t('association.dependencies.verdict_bad', { name: top.name, share: sharePercent(top.concentration) }) : context.t('association.dependencies.verdict_ok')) + '\n\n',
      );
      const table = dependencyTable(result.map, context.tr);
      context.io.out(renderTable(table.headers, table.rows, table.align));
      if (result.skipped.length > 0) context.io.out('\n' + context.t('association.skipped', { members: result.skipped.join(', ') }) + '\n');
    });

  group
    .command('stress')
    .description(context.t('association.cli.stress'))
    .option('--years <n>', context.t('risk.cli.opt_years'))
    .option('--seed <s>', context.t('risk.cli.opt_seed'))
    .option('--workers <n>', context.t('risk.cli.opt_workers'))
    .option('--aliases <file>', context.t('association.cli.opt_aliases'))
    .option('--json', context.t('cli.opt_json'))
    .action(async (options: { years?: string; seed?: string; workers?: string; aliases?: string; json?: boolean }) => {
      const json = options.json === true;
      const years = wholeNumber('--years', options.years);
      const seed = wholeNumber('--seed', options.seed);
      const workers = wholeNumber('--workers', options.workers);
      const [{ associationStress }, { associationJson }, { renderTable }, render] = await Promise.all([
        import('../../app/association-stress.ts'),
        import('../../app/association-json.ts'),
        import('../../text/table.ts'),
        import('../../association/render.ts'),
      ]);
      const aliases = await aliasesOf(options.aliases);
      const result = await withMembers(context, json, (deps) =>
        associationStress(deps, { ...(years === undefined ? {} : { years }), ...(seed === undefined ? {} : { seed }), ...(workers === undefined ? {} : { workers }), ...(aliases === undefined ? {} : { aliases }) }),
      );
      context.verdict(result.verdict);
      if (json) return context.printJson(associationJson(result));
      context.io.out(render.stressHeadline(result.report, context.tr).join('\n') + '\n\n');
      const members = render.sectorMembersTable(result.report, context.tr);
      context.io.out(renderTable(members.headers, members.rows, members.align) + '\n');
      const reverse = render.reverseStressTable(result.report, context.tr);
      context.io.out(renderTable(reverse.headers, reverse.rows, reverse.align));
    });

  group
    .command('capacity')
    .description(context.t('association.cli.capacity'))
    .option('--cause <id>', context.t('association.cli.opt_cause'))
    .option('--aliases <file>', context.t('association.cli.opt_aliases'))
    .option('--json', context.t('cli.opt_json'))
    .action(async (options: { cause?: string; aliases?: string; json?: boolean }) => {
      const json = options.json === true;
      const [{ associationCapacity }, { associationJson }, { renderTable }, { capacityTable }] = await Promise.all([
        import('../../app/association-capacity.ts'),
        import('../../app/association-json.ts'),
        import('../../text/table.ts'),
        import('../../association/render.ts'),
      ]);
      const aliases = await aliasesOf(options.aliases);
      const result = await withMembers(context, json, (deps) => associationCapacity(deps, { ...(options.cause === undefined ? {} : { cause: options.cause }), ...(aliases === undefined ? {} : { aliases }) }));
      context.verdict(result.verdict);
      if (json) return context.printJson(associationJson(result));
      if (result.causes.length === 0) return context.io.out(context.t('association.capacity.none') + '\n');
      const short = new Set(result.causes.flatMap((c) => c.members.filter((m) => m.shortfall_minor > 0n).map((m) => m.member_id)));
      context.io.out(context.t(short.size === 0 ? 'association.capacity.verdict_ok' : 'association.capacity.verdict_bad', { count: short.size }) + '\n\n');
      const table = capacityTable(result.causes, result.base_currency, result.base_decimals, context.tr);
      context.io.out(renderTable(table.headers, table.rows, table.align));
    });
}
