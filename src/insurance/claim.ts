// The claim service behind `hozen claim`: an incident against the snapshot's policies.json. Turns
// the incident into one loss event (net of recoveries, split over the affected customers when it
// names them), runs the exact engine, and returns the event's result for the renderers.

import { InputError, UserError } from '../errors.ts';
import { statedLossBalanceIssues, statedLossesOf, unborneRestIssue, type StatedLosses } from '../incident/stated-losses.ts';
import { INCIDENT_FILE_NAME, type Incident } from '../incident/types.ts';
import { allocate, valueFor } from '../money/index.ts';
import type { Snapshot } from '../snapshot/types.ts';
import { applyProgramme } from './engine.ts';
import { parsePolicies } from './parse.ts';
import type { CustomerHolding, EventResult, LossEvent, LossItem, PolicyProgramme } from './types.ts';
import { valuationOf } from './valuation.ts';

export interface ClaimResult {
  incident_id: string;
  base_currency: string;
  base_decimals: number;
  /** null when the snapshot has no policies.json. */
  programme: PolicyProgramme | null;
  event: LossEvent;
  result: EventResult;
}

export const POLICIES_FILE = 'policies.json';

/** The snapshot's programme, or null when it has no policies.json. Throws InputError on a bad file. */
export function snapshotProgramme(snapshot: Snapshot): PolicyProgramme | null {
  const json = snapshot.documents.policies;
  return json === undefined ? null : parsePolicies(json, snapshot, POLICIES_FILE);
}

/** `incident_file` names the incident in errors its stated losses cause. */
export async function computeClaim(snapshot: Snapshot, incident: Incident, incident_file = INCIDENT_FILE_NAME): Promise<ClaimResult> {
  const programme = snapshotProgramme(snapshot);
  const event = await incidentLossEvent(snapshot, incident, incident_file);
  const valuation = valuationOf(snapshot);
  const empty: PolicyProgramme = { base_currency: valuation.base_currency, base_decimals: valuation.base_decimals, policies: [], reinsurance: [] };
  const result = applyProgramme(programme ?? empty, [event], valuation).events[0]!;
  return { incident_id: incident.id, base_currency: valuation.base_currency, base_decimals: valuation.base_decimals, programme, event, result };
}

/**
 * The incident as a loss event: each asset's loss net of what was recovered (the recovery spread
 * over that asset's wallets pro rata to their losses), and, when the incident lists its accounts,
 * each wallet's net loss split over the listed accounts pro rata to their balances of the asset —
 * or, when accounts state their losses, each of those charged exactly that (splitStated).
 */
export async function incidentLossEvent(snapshot: Snapshot, incident: Incident, incident_file = INCIDENT_FILE_NAME): Promise<LossEvent> {
  const wallets = new Map(snapshot.wallets.map((w) => [w.id, w]));
  const items: LossItem[] = incident.losses.map((loss) => {
    const wallet = wallets.get(loss.wallet_id);
    if (wallet === undefined) throw new UserError('incident.unknown_wallet', { wallet: loss.wallet_id });
    return { wallet_id: loss.wallet_id, tier: wallet.tier, asset: loss.asset, amount_minor: loss.amount_minor };
  });
  for (const recovery of incident.recovered) {
    const indices = items.flatMap((item, i) => (item.asset === recovery.asset ? [i] : []));
    const lost = indices.reduce((s, i) => s + items[i]!.amount_minor, 0n);
    if (recovery.amount_minor > lost) throw new UserError('incident.recovered_exceeds_loss', { asset: recovery.asset, recovered: String(recovery.amount_minor), lost: String(lost) });
    const net = allocate(lost - recovery.amount_minor, indices.map((i) => items[i]!.amount_minor));
    indices.forEach((item_index, k) => (items[item_index] = { ...items[item_index]!, amount_minor: net[k]! }));
  }
  const base: LossEvent = {
    id: incident.id,
    occurred_ms: incident.occurred_at_ms,
    detected_ms: incident.detected_at_ms,
    peril: incident.peril,
    conditions: incident.conditions ?? [],
    items,
  };
  if (incident.affected.mode !== 'accounts') return base;
  return withCustomers(snapshot, base, incident, incident.affected.accounts, incident_file);
}

async function withCustomers(snapshot: Snapshot, event: LossEvent, incident: Incident, accounts: readonly string[], incident_file: string): Promise<LossEvent> {
  const listed = new Set(accounts);
  // account → asset → balance, only for the listed accounts (bounded by the incident's list).
  const balances = new Map<string, Map<string, bigint>>(accounts.map((a) => [a, new Map()]));
  for await (const batch of snapshot.balances.scan()) {
    for (let i = 0; i < batch.length; i++) {
      const account = batch.account_id[i]!;
      if (!listed.has(account)) continue;
      balances.get(account)!.set(batch.asset[i]!, batch.amount_minor[i]!);
    }
  }
  const valuation = valuationOf(snapshot);
  const customers: CustomerHolding[] = accounts.map((account_id) => {
    let holding_minor = 0n;
    for (const [asset, amount_minor] of balances.get(account_id)!) {
      const price = valuation.marketPrice(asset, event.occurred_ms);
      if (price === null) throw new UserError('insurance.no_market_price', { asset, time: new Date(event.occurred_ms).toISOString() });
      holding_minor += valueFor('holding', amount_minor, snapshot.assets.get(asset)!.decimals, price, valuation.base_decimals);
    }
    return { account_id, holding_minor };
  });
  const stated = statedLossesOf(incident);
  const items = stated === null ? splitByBalance(event.items, accounts, balances) : splitStated(snapshot, event.items, incident, accounts, balances, stated, incident_file);
  return { ...event, items, customers };
}

/** Each wallet's net loss over the listed accounts pro rata to their balances of its asset. */
function splitByBalance(items: readonly LossItem[], accounts: readonly string[], balances: ReadonlyMap<string, ReadonlyMap<string, bigint>>): LossItem[] {
  return items.map((item) => {
    const weights = accounts.map((account) => balances.get(account)!.get(item.asset) ?? 0n);
    if (weights.every((w) => w === 0n)) throw new UserError('insurance.no_holder', { asset: item.asset });
    const parts = allocate(item.amount_minor, weights);
    const by_customer = accounts.flatMap((account_id, i) => (parts[i]! === 0n ? [] : [{ account_id, amount_minor: parts[i]! }]));
    return { ...item, by_customer };
  });
}

/**
 * Stated losses: per asset, each account stating its loss is charged exactly that and the rest of
 * the asset's net loss is shared by the other listed accounts pro rata to balance; then each
 * account's part is laid over the asset's wallets in order (account j takes the next c_j units of
 * the wallets' losses one after another), so every wallet's split and every account's total are
 * exact. The rule is compensation's (docs/formats/incident.md), so a customer's claim and
 * compensation start from the same stated loss.
 */
function splitStated(
  snapshot: Snapshot,
  items: readonly LossItem[],
  incident: Incident,
  accounts: readonly string[],
  balances: ReadonlyMap<string, ReadonlyMap<string, bigint>>,
  stated: StatedLosses,
  incident_file: string,
): LossItem[] {
  const decimalsOf = (asset: string): number => snapshot.assets.get(asset)!.decimals;
  const issues = statedLossBalanceIssues(incident, incident_file, (account, asset) => balances.get(account)?.get(asset), decimalsOf);
  const parts_by_asset = new Map<string, bigint[]>();
  for (const item of items) {
    if (parts_by_asset.has(item.asset)) continue;
    const net = items.reduce((sum, i) => (i.asset === item.asset ? sum + i.amount_minor : sum), 0n);
    const stated_minor = stated.total.get(item.asset) ?? 0n;
    const weights = accounts.map((account) => (stated.by_account.has(account) ? 0n : (balances.get(account)!.get(item.asset) ?? 0n)));
    const rest = net - stated_minor;
    if (rest > 0n && weights.every((w) => w === 0n)) {
      issues.push(unborneRestIssue(incident_file, item.asset, stated_minor, net, decimalsOf(item.asset)));
      continue;
    }
    const shared = rest > 0n ? allocate(rest, weights) : weights.map(() => 0n);
    parts_by_asset.set(item.asset, accounts.map((account, j) => stated.by_account.get(account)?.get(item.asset) ?? shared[j]!));
  }
  if (issues.length > 0) throw new InputError(issues);
  const taken = new Map<string, { account: number; left: bigint }>();
  return items.map((item) => {
    const parts = parts_by_asset.get(item.asset)!;
    const cursor = taken.get(item.asset) ?? { account: 0, left: parts[0]! };
    const by_customer: Array<{ account_id: string; amount_minor: bigint }> = [];
    let need = item.amount_minor;
    while (need > 0n) {
      if (cursor.left === 0n) {
        cursor.account += 1;
        cursor.left = parts[cursor.account]!;
        continue;
      }
      const take = cursor.left < need ? cursor.left : need;
      by_customer.push({ account_id: accounts[cursor.account]!, amount_minor: take });
      cursor.left -= take;
      need -= take;
    }
    taken.set(item.asset, cursor);
    return { ...item, by_customer };
  });
}
