// Test support: incidents and policies written the way a person writes them ("0.9" BTC), and a
// run of the streaming engine next to the reference so that every example checks both.

import { parseAmount } from '../money/index.ts';
import { INCIDENT_FORMAT, type AffectedAccounts, type Incident } from '../incident/types.ts';
import type { Snapshot } from '../snapshot/types.ts';
import { compensate } from './engine.ts';
import { parseCompensationPolicy } from './policy.ts';
import type { CompensationInput } from './prepare.ts';
import { compensateReference } from './reference.ts';
import type { CompensationResult, PayoutRow } from './types.ts';

export interface IncidentInput {
  id?: string;
  occurred_at?: string;
  detected_at?: string;
  /** [wallet_id, asset, amount] */
  losses: Array<[string, string, string]>;
  /** [asset, amount] */
  recovered?: Array<[string, string]>;
  affected?: AffectedAccounts;
}

export function incidentOf(snapshot: Snapshot, input: IncidentInput): Incident {
  const decimals = (asset: string): number => snapshot.assets.get(asset)?.decimals ?? 8;
  const occurred_at = input.occurred_at ?? '2026-11-24T10:00:00+09:00';
  const detected_at = input.detected_at ?? '2026-11-24T12:00:00+09:00';
  return {
    format: INCIDENT_FORMAT,
    id: input.id ?? 'INC-TEST',
    occurred_at,
    occurred_at_ms: Date.parse(occurred_at),
    detected_at,
    detected_at_ms: Date.parse(detected_at),
    peril: 'external_hack',
    losses: input.losses.map(([wallet_id, asset, amount]) => ({ wallet_id, asset, amount_minor: parseAmount(amount, decimals(asset)) })),
    recovered: (input.recovered ?? []).map(([asset, amount]) => ({ asset, amount_minor: parseAmount(amount, decimals(asset)) })),
    affected: input.affected ?? { mode: 'holders_of_asset' },
    content_sha256: 'f'.repeat(64),
  };
}

export function policyOf(snapshot: Snapshot, json: Record<string, unknown>): CompensationInput['policy'] {
  return parseCompensationPolicy({ format: 'hozen-compensation-policy/1', ...json }, snapshot);
}

export interface BothRuns {
  rows: PayoutRow[];
  result: CompensationResult;
}

/**
 * Runs the streaming engine twice — replaying its first scan, and re-reading the source on every
 * pass — in small batches (to cross batch edges), and the reference; all three must agree.
 */
export async function runBoth(input: CompensationInput, batch_rows = 3): Promise<BothRuns> {
  const reference = await compensateReference(input);
  let streamed: BothRuns | undefined;
  for (const replay_rows_max of [undefined, 0]) {
    const rows: PayoutRow[] = [];
    const result = await compensate(
      {
        ...input,
        ...(replay_rows_max === undefined ? {} : { replay_rows_max }),
        snapshot: { ...input.snapshot, balances: { scan: (options = {}) => input.snapshot.balances.scan({ ...options, batch_rows }) } },
      },
      { row: (row) => void rows.push(row), flush: () => {} },
    );
    if (JSON.stringify(rows, bigints) !== JSON.stringify(reference.rows, bigints)) throw new Error('streaming rows differ from the reference');
    if (JSON.stringify(result, bigints) !== JSON.stringify(reference.result, bigints)) throw new Error('streaming summary differs from the reference');
    streamed = { rows, result };
  }
  return streamed!;
}

function bigints(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? `${value}n` : value;
}
