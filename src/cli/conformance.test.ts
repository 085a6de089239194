// The CLI in the front-end conformance suite: each use case as the command a user types with
// --json, run in-process on the fixture's store.

import { describe } from 'vitest';
import { frontEndConformance, type FrontEnd, type Outcome } from '../app/conformance.ts';
import type { SnapshotRef } from '../app/resolve-snapshot.ts';
import type { RequestOf, UseCaseName } from '../app/use-cases.ts';
import type { Lang } from '../i18n/i18n.ts';
import { runCli } from './main.ts';

const snapshotArg = (ref: SnapshotRef): string => ('dir' in ref ? ref.dir : ref.id);

/** The command line that asks for this use case and request. */
function argvOf<N extends UseCaseName>(use_case: N, request: RequestOf<N>): string[] {
  const r = request as Record<string, unknown> & { snapshot: SnapshotRef };
  switch (use_case) {
    case 'snapshots':
      return ['snapshots'];
    case 'import':
      return ['import', r.dir as string];
    case 'show':
      return ['show', snapshotArg(r.snapshot)];
    case 'check':
      return ['check', snapshotArg(r.snapshot), ...((r.regimes as string[] | undefined) ?? []).flatMap((id) => ['--regime', id]), ...((r.drain as string[] | undefined) ?? []).flatMap((id) => ['--drain', id])];
    case 'latest_check':
      return ['check', snapshotArg(r.snapshot), '--latest'];
    case 'alerts':
      return ['alerts', ...(r.snapshot === undefined ? [] : [snapshotArg(r.snapshot)]), ...(r.now === undefined ? [] : ['--now', r.now as string])];
    case 'history':
      return ['history', ...(r.regime === undefined ? [] : ['--regime', r.regime as string])];
    case 'claim':
      return ['claim', snapshotArg(r.snapshot), (r.incident as { name: string }).name];
    case 'compensate':
      return [
        'compensate',
        snapshotArg(r.snapshot),
        (r.incident as { name: string }).name,
        ...((r.add_funding as string[] | undefined) ?? []).flatMap((f) => ['--add-funding', f]),
        ...(r.out_dir === undefined ? [] : ['--out', r.out_dir as string]),
      ];
    case 'risk':
      return ['risk', snapshotArg(r.snapshot), ...(['years', 'seed', 'workers', 'confidence', 'cover'] as const).flatMap((k) => (r[k] === undefined ? [] : [`--${k}`, String(r[k])]))];
    case 'policy_render':
      return 'snapshot' in (r.source as object) ? ['policy', 'render', '--snapshot', (r.source as { snapshot: { id: string } }).snapshot.id] : ['policy', 'render', (r.source as { dir: string }).dir];
    case 'prove':
      return ['prove', snapshotArg(r.snapshot), '--secret-file', (r.master_secret as { name: string }).name, ...(r.out_dir === undefined ? [] : ['--out', r.out_dir as string]), ...(r.min_height === undefined ? [] : ['--min-height', String(r.min_height)])];
    case 'proof':
      return ['proof', snapshotArg(r.snapshot), r.account as string, '--secret-file', (r.master_secret as { name: string }).name, ...(r.tree_dir === undefined ? [] : ['--tree', r.tree_dir as string])];
    case 'verify_proof':
      return ['verify-proof', (r.proof as { name: string }).name, ...(r.liabilities === undefined ? [] : ['--liabilities', (r.liabilities as { name: string }).name]), ...(r.account === undefined ? [] : ['--account', r.account as string])];
    case 'reserves':
      return ['reserves', snapshotArg(r.snapshot), (r.reserves as { name: string }).name, ...(r.liabilities === undefined ? [] : ['--liabilities', (r.liabilities as { name: string }).name])];
    case 'audit_verify':
      return ['audit', 'verify', ...((r.anchors as Array<{ name: string }> | undefined) ?? []).flatMap((a) => ['--anchor', a.name])];
    case 'snapshot_verify':
      return ['snapshot', 'verify', r.id as string];
    case 'audit_log':
      return ['audit', 'log'];
  }
  throw new Error(`no command for ${use_case}`);
}

const VERDICT_OF_EXIT: Record<number, Outcome['verdict']> = { 0: 'ok', 2: 'error', 3: 'failed' };

describe('front-end conformance: CLI (--json)', () => {
  frontEndConformance(async (fixture) => {
    const { DATABASE_URL: _url, HOZEN_DB: _db, LANG: _lang, LC_ALL: _lc, ...rest } = process.env;
    const env = { ...rest, HOZEN_DB: fixture.database.dir! };
    const front_end: FrontEnd = {
      async invoke(use_case, request, lang: Lang) {
        const result = await runCli([...argvOf(use_case, request), '--json', '--lang', lang], env);
        const verdict = VERDICT_OF_EXIT[result.exit_code];
        if (verdict === undefined) throw new Error(`exit ${result.exit_code}: ${result.stderr}`);
        return { verdict, json: JSON.parse(result.stdout) as unknown };
      },
    };
    return front_end;
  });
});
