// Insurance as a funding source: what the snapshot's policies pay for the incident, from the
// insurance engine (src/insurance). Injected into the service, so a test or another engine can
// stand in for it.

import { computeClaim } from '../insurance/claim.ts';
import type { Incident } from '../incident/types.ts';
import type { Snapshot } from '../snapshot/types.ts';
import type { InsuranceRecovery } from './types.ts';

export type InsuranceProvider = (snapshot: Snapshot, incident: Incident) => Promise<InsuranceRecovery>;

export const insuranceFromPolicies: InsuranceProvider = async (snapshot, incident) => {
  if (snapshot.documents.policies === undefined) return { status: 'no_policies', amount_minor: 0n };
  const claim = await computeClaim(snapshot, incident);
  return { status: 'computed', amount_minor: claim.result.recovery_minor };
};
