// `reserves`: the exchange's reserves addresses, their signatures over the challenge verified
// offline, and the solvency per asset against the snapshot's liabilities (the totals the import
// summed, which are the proof tree's totals; a given liabilities.json must state the same).
// The verdict fails when verified reserves fall short of an asset's liabilities.

import { parseJsonText } from '../encoding/json.ts';
import { UserError } from '../errors.ts';
import { checkReserves, parseReserves, type ReservesReport } from '../reserves/reserves.ts';
import type { AppDeps, NamedText, Verdict, WithWarnings } from './deps.ts';
import { resolveSnapshot, type SnapshotRef } from './resolve-snapshot.ts';

export interface ReservesRequest {
  snapshot: SnapshotRef;
  reserves: NamedText;
  liabilities?: NamedText;
}

export type ReservesResult = ReservesReport & WithWarnings & { base_currency: string; base_decimals: number; verdict: Verdict };

export async function reservesReport(deps: AppDeps, request: ReservesRequest): Promise<ReservesResult> {
  const { snapshot, imported } = await resolveSnapshot(deps, request.snapshot);
  const report = checkReserves(snapshot, parseReserves(request.reserves.text, request.reserves.name, snapshot), request.reserves.name);
  if (request.liabilities !== undefined) {
    let stated: { snapshot_id?: unknown; totals_minor?: unknown } = {};
    try {
      stated = parseJsonText(request.liabilities.text) as typeof stated;
    } catch {
      throw new UserError('proof.not_json', { file: request.liabilities.name });
    }
    const expected = snapshot.manifest.assets.map((a) => String(snapshot.balance_totals.find((t) => t.asset === a.symbol)?.total_minor ?? 0n));
    if (stated.snapshot_id !== snapshot.id || JSON.stringify(stated.totals_minor) !== JSON.stringify(expected)) throw new UserError('reserves.liabilities_mismatch', { file: request.liabilities.name, snapshot: snapshot.id });
  }
  return { ...report, base_currency: snapshot.manifest.base_currency, base_decimals: snapshot.assets.get(snapshot.manifest.base_currency)!.decimals, warnings: imported?.warnings ?? [], verdict: report.solvent ? 'ok' : 'failed' };
}

export function reservesJson(result: ReservesResult): unknown {
  return {
    snapshot_id: result.snapshot_id,
    challenge: result.challenge,
    solvent: result.solvent,
    base_currency: result.base_currency,
    base_decimals: result.base_decimals,
    addresses: result.addresses.map((a) => ({ ...a, balance_minor: String(a.balance_minor), status_code: `reserves.status.${a.status}` })),
    assets: result.assets.map((a) => ({
      ...a,
      liabilities_minor: String(a.liabilities_minor),
      verified_reserves_minor: String(a.verified_reserves_minor),
      unverified_reserves_minor: String(a.unverified_reserves_minor),
      wallets_minor: String(a.wallets_minor),
      gap_minor: String(a.gap_minor),
      gap_base_minor: a.gap_base_minor === null ? null : String(a.gap_base_minor),
      status_code: `reserves.asset.${a.status}`,
    })),
  };
}
