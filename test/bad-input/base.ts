// The valid documents the bad-input tests start from, and how each is read: the example snapshot
// with both policy documents, an incident and a compensation policy file beside it.

import { cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BadCase, Target } from './cases.ts';

const EXAMPLES = new URL('../../examples/', import.meta.url).pathname;
const SNAPSHOT_TARGETS = new Set<Target>(['exchange.json', 'balances.csv', 'wallets.json', 'prices.csv', 'safe_assets.csv', 'contracts.json', 'policies.json', 'compensation-policy.json']);

export const BASE_INCIDENT = `{
  "format": "hozen-incident/1",
  "id": "INC-T",
  "note": "test",
  "occurred_at": "2026-11-24T03:12:00+09:00",
  "detected_at": "2026-11-24T09:40:00+09:00",
  "peril": "external_hack",
  "losses": [{ "wallet_id": "btc-hot-1", "asset": "BTC", "amount": "0.05" }],
  "affected": { "mode": "holders_of_asset" }
}
`;

export const BASE_COMPENSATION_POLICY = `{
  "format": "hozen-compensation-policy/1",
  "scheme": "per_asset",
  "default": { "method": "in_kind" },
  "assets": {},
  "rounding": { "JPY": { "mode": "floor", "unit": "1" } },
  "funding_order": ["insurance", "guarantee", "safe_assets", "contracts", "net_assets", "group_support", "additional"],
  "on_shortfall": "record_claim"
}
`;

/** The example programme without its sublimit for an asset the example snapshot does not list. */
export async function basePolicies(): Promise<string> {
  const text = await readFile(join(EXAMPLES, 'policies.json'), 'utf8');
  return text.replace(/,\n\s*"assets": \{ "XEM": [^\n]*\}\n/, '\n');
}

/** A valid snapshot directory with both policy documents, an incident and a policy file beside it. */
export async function writeBase(dir: string): Promise<void> {
  await cp(join(EXAMPLES, 'snapshot'), join(dir, 'snapshot'), { recursive: true });
  await writeFile(join(dir, 'snapshot', 'policies.json'), await basePolicies());
  await writeFile(join(dir, 'snapshot', 'compensation-policy.json'), BASE_COMPENSATION_POLICY);
  await writeFile(join(dir, 'incident.json'), BASE_INCIDENT);
  await writeFile(join(dir, 'policy-file.json'), BASE_COMPENSATION_POLICY);
}

export function targetPath(dir: string, target: Target): string {
  return SNAPSHOT_TARGETS.has(target) ? join(dir, 'snapshot', target) : join(dir, target);
}

/** The command that reads the target, as argv. */
export function commandFor(dir: string, target: Target, out: string): string[] {
  if (SNAPSHOT_TARGETS.has(target)) return ['import', join(dir, 'snapshot'), '--json'];
  if (target === 'incident.json') return ['claim', join(dir, 'snapshot'), join(dir, 'incident.json'), '--json'];
  return ['compensate', join(dir, 'snapshot'), join(dir, 'incident.json'), '--policy', join(dir, 'policy-file.json'), '--out', out, '--json'];
}

export async function applyCase(dir: string, c: BadCase): Promise<void> {
  const path = targetPath(dir, c.target);
  if (c.mutate === 'directory') {
    await rm(path, { force: true });
    await mkdir(path);
    return;
  }
  await writeFile(path, c.mutate(await readFile(path)));
}

