// The compensation engine: an incident, a snapshot and a policy in; payout rows (to a sink, in
// balance-file order) and a summary out. Pure apart from reading the snapshot's balances.

import { compensateHaircut } from './haircut.ts';
import { compensatePerAsset } from './per-asset.ts';
import { prepare, type CompensationInput } from './prepare.ts';
import { compensateRehabilitation } from './rehabilitation.ts';
import type { CompensationResult, PayoutSink } from './types.ts';

export async function compensate(input: CompensationInput, sink: PayoutSink): Promise<CompensationResult> {
  const prepared = prepare(input);
  switch (prepared.policy.scheme) {
    case 'per_asset':
      return compensatePerAsset(prepared, sink);
    case 'haircut':
      return compensateHaircut(prepared, sink);
    case 'rehabilitation':
      return compensateRehabilitation(prepared, sink);
  }
}
