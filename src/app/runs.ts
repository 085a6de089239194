// Every engine run is stored one way. Its id is derived from everything its result depends on:
//
//   inputs_sha256 = SHA-256 of the canonical JSON (docs/formats.md) of
//                   {"inputs": <the run's inputs>, "kind": <kind>, "scheme": "hozen-run/1"}
//   run id        = <kind> "-" the first 24 hex digits of inputs_sha256
//
// so the same inputs always give the same run, whichever front end asked, and a second save of
// it is a no-op. Inputs name content by hash (a snapshot's content_sha256, an incident's, a
// policy's), never by path. Results are stored language-neutral: message codes and parameters,
// exact amounts as decimal strings or bigints, so a reader in either language can re-render them.

import { canonicalSha256 } from '../encoding/json.ts';
import type { RunRecord, TenantStore } from '../store/types.ts';

export const RUN_ID_SCHEME = 'hozen-run/1';
/** 96 bits: collisions among a store's runs are out of reach, and ids stay short enough to type. */
export const RUN_ID_HEX_DIGITS = 24;

export type RunKind = 'check' | 'claim' | 'compensate' | 'risk' | 'daily';

export interface RunIdentity {
  run_id: string;
  inputs_sha256: string;
}

export function runIdentity(kind: RunKind, inputs: unknown): RunIdentity {
  const inputs_sha256 = canonicalSha256({ scheme: RUN_ID_SCHEME, kind, inputs });
  return { run_id: `${kind}-${inputs_sha256.slice(0, RUN_ID_HEX_DIGITS)}`, inputs_sha256 };
}

export interface RunToSave {
  kind: RunKind;
  snapshot_id: string;
  /** Everything the result depends on; hashed into the run id. */
  inputs: unknown;
  /** What a reader needs to know the run was asked for (shown, not hashed). */
  params: unknown;
  result: unknown;
}

export interface SavedRun extends RunIdentity {
  /** False when the same run was stored before. */
  created: boolean;
}

/** Stores a run with its audit entry (the store writes both in one transaction). */
export async function saveRun(store: TenantStore, run: RunToSave, identity: RunIdentity = runIdentity(run.kind, run.inputs)): Promise<SavedRun> {
  const record: RunRecord = {
    id: identity.run_id,
    kind: run.kind,
    snapshot_id: run.snapshot_id,
    inputs_sha256: identity.inputs_sha256,
    params: run.params,
    result: run.result,
  };
  return { ...identity, created: await store.saveRun(record) };
}
