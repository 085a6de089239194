// `association stress`: the sector stress test over every member's latest snapshot (association/
// sector.ts), with the reverse stress test by shared cause. Computed on request, not stored: it
// belongs to no one member's store. The verdict fails when a single shared cause, drained in full,
// would leave any customer unpaid.

import { runSector, type SectorReport } from '../association/sector.ts';
import type { AssociationDeps } from './association-deps.ts';
import { memberInputs } from './association-inputs.ts';
import type { NamedText, Verdict } from './deps.ts';

export const SECTOR_YEARS_DEFAULT = 100_000;

export interface StressRequest {
  years?: number;
  seed?: number;
  confidence?: number;
  aliases?: NamedText;
}

export interface StressResult {
  verdict: Verdict;
  report: SectorReport;
  skipped: string[];
}

export async function associationStress(deps: AssociationDeps, request: StressRequest = {}): Promise<StressResult> {
  const inputs = await memberInputs(deps, request.aliases);
  const report = await runSector(inputs.members, {
    years: request.years ?? SECTOR_YEARS_DEFAULT,
    ...(request.seed === undefined ? {} : { seed: request.seed }),
    ...(request.confidence === undefined ? {} : { confidence: request.confidence }),
    aliases: inputs.aliases,
    ...(deps.on_progress === undefined ? {} : { on_progress: (done: number, total: number) => deps.on_progress!({ phase: 'risk', done, total }) }),
  });
  return { verdict: report.reverse_stress.some((r) => r.unpaid_minor > 0n) ? 'failed' : 'ok', report, skipped: inputs.skipped };
}
