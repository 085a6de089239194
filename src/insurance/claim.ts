// The claim service behind `hozen claim`: an incident against the snapshot's policies.json. Turns
// the incident into one loss event (net of recoveries, split over the affected customers when it
// names them), runs the exact engine, and returns the event's result for the renderers.

import { InputError, UserError } from '../errors.ts';
import { customerNetLosses, statedLossBalanceIssues, statedLossesOf, statedWithinCustomerLossIssues, unborneRestIssue } from '../incident/stated-losses.ts';
import { INCIDENT_FILE_NAME, type Incident } from '../incident/types.ts';
import { allocate, valueFor } from '../money/index.ts';
import type { Snapshot } from '../snapshot/types.ts';
import { applyProgramme } from './engine.ts';
import { parsePolicies } from './parse.ts';
import type { CustomerHolding, CustomerShare, EventResult, LossEvent, LossItem, PolicyProgramme } from './types.ts';
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
 * each wallet's net loss split over them and the part no customer bears (splitOverCustomers).
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
  const items = splitOverCustomers(snapshot, event.items, incident, accounts, balances, incident_file);
  return { ...event, items, customers };
}

/**
 * Each asset's net loss over the listed accounts, as compensation charges it: the customers lost
 * N_c (the loss from customer wallets, recoveries reducing it first); an account stating its loss
 * bears exactly that (S in all), and the others share min(N_c − S, W′) pro rata to their
 * balances of the asset (W′ = Σ of them; largest remainder, in list order). What is left — a
 * guarantee or own wallet's loss, and a loss beyond what the sharing accounts held — is no
 * customer's: it stays unattributed, so per-customer limits do not cap it. The accounts' parts are
 * laid over the asset's customer wallets in `losses` order (account by account in list order, each
 * taking the next units), the unattributed part over what is left of every wallet's loss, so each
 * wallet's split and each account's total are exact. The rule is compensation's
 * (docs/formats/incident.md), so a customer's claim and compensation start from the same loss.
 */
function splitOverCustomers(
  snapshot: Snapshot,
  items: readonly LossItem[],
  incident: Incident,
  accounts: readonly string[],
  balances: ReadonlyMap<string, ReadonlyMap<string, bigint>>,
  incident_file: string,
): LossItem[] {
  const decimalsOf = (asset: string): number => snapshot.assets.get(asset)!.decimals;
  const customer_wallets = new Set(snapshot.wallets.flatMap((w) => (w.purpose === 'customer' ? [w.id] : [])));
  const customer_net = customerNetLosses(incident, (wallet_id) => customer_wallets.has(wallet_id));
  const stated = statedLossesOf(incident);
  const issues =
    stated === null
      ? []
      : [
          ...statedLossBalanceIssues(incident, incident_file, (account, asset) => balances.get(account)?.get(asset), decimalsOf),
          ...statedWithinCustomerLossIssues(incident, stated, incident_file, (asset) => customer_net.get(asset) ?? 0n, decimalsOf),
        ];
  const parts_by_asset = new Map<string, bigint[]>();
  const seen = new Set<string>();
  for (const item of items) {
    if (seen.has(item.asset)) continue;
    seen.add(item.asset);
    const net_minor = customer_net.get(item.asset) ?? 0n;
    const stated_minor = stated?.total.get(item.asset) ?? 0n;
    const weights = accounts.map((account) => (stated?.by_account.has(account) === true ? 0n : (balances.get(account)!.get(item.asset) ?? 0n)));
    const weight_sum = weights.reduce((s, w) => s + w, 0n);
    const rest = net_minor - stated_minor;
    if (rest > 0n && weight_sum === 0n) {
      if (stated === null) throw new UserError('insurance.no_holder', { asset: item.asset });
      issues.push(unborneRestIssue(incident_file, item.asset, stated_minor, net_minor, decimalsOf(item.asset)));
      continue;
    }
    // Customers never lose more than they hold: the excess is the exchange's, as in compensation.
    const shared = rest > 0n ? allocate(rest < weight_sum ? rest : weight_sum, weights) : weights.map(() => 0n);
    parts_by_asset.set(item.asset, accounts.map((account, j) => stated?.by_account.get(account)?.get(item.asset) ?? shared[j]!));
  }
  if (issues.length > 0) throw new InputError(issues);
  const split = items.map((item) => ({ ...item, by_customer: [] as CustomerShare[], unattributed_minor: 0n }));
  for (const [asset, parts] of parts_by_asset) {
    const mine = split.filter((item) => item.asset === asset);
    const customers_minor = parts.reduce((s, p) => s + p, 0n);
    // N_c ≤ what the customer wallets lost net of their pro-rata share of the recovery, so the
    // customers' parts fit in those wallets.
    if (customers_minor > mine.reduce((s, item) => (customer_wallets.has(item.wallet_id) ? s + item.amount_minor : s), 0n)) {
      throw new Error(`claim: the customers' part of ${asset} exceeds its customer wallets' loss`);
    }
    let account = 0;
    let left = parts[0] ?? 0n;
    for (const item of mine) {
      let need = item.amount_minor;
      while (need > 0n && customer_wallets.has(item.wallet_id) && account < parts.length) {
        if (left === 0n) {
          account += 1;
          left = parts[account] ?? 0n;
          continue;
        }
        const take = left < need ? left : need;
        item.by_customer.push({ account_id: accounts[account]!, amount_minor: take });
        left -= take;
        need -= take;
      }
      item.unattributed_minor = need;
    }
  }
  // Conservation, per wallet: the customers' parts and the part no customer bears are its loss.
  for (const item of split) {
    if (item.by_customer.reduce((s, c) => s + c.amount_minor, item.unattributed_minor) !== item.amount_minor) throw new Error(`claim: the split of ${item.wallet_id} does not add up to its loss`);
  }
  return split.map(({ unattributed_minor, ...item }) => (unattributed_minor === 0n ? item : { ...item, unattributed_minor }));
}
