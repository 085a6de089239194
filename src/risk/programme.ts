// The insurance programme of a snapshot, as the spec the simulation's threads compile.

import { snapshotProgramme } from '../insurance/claim.ts';
import type { Snapshot } from '../snapshot/types.ts';
import { INSURANCE_NONE, type InsuranceSpec } from './insurance-spec.ts';
import type { CompiledModel } from './model.ts';

/** The snapshot's policies.json over the model's wallets, or none when there is no policy. */
export function insuranceSpec(snapshot: Snapshot, model: CompiledModel): InsuranceSpec {
  const programme = snapshotProgramme(snapshot);
  if (programme === null || programme.policies.length === 0) return INSURANCE_NONE;
  const by_id = new Map(snapshot.wallets.map((w) => [w.id, w]));
  const wallets = model.wallet_ids.map((id) => {
    const wallet = by_id.get(id)!;
    return { id, asset: wallet.asset, tier: wallet.tier };
  });
  return { kind: 'programme', programme, wallets };
}
