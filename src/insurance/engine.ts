// The exact engine: a policy year's loss events through every policy, then through the insurers'
// reinsurance, in bigint minor units of the base currency. This is the reference that the fast
// path (fast.ts) is tested against; the order of the terms is documented in
// docs/formats/insurance.md ("How a loss becomes a recovery").

import { allocate, valueFor, type Decimal } from '../money/index.ts';
import { UserError } from '../errors.ts';
import { inForce } from '../snapshot/period.ts';
import type { Peril } from '../incident/types.ts';
import { displayMoney } from './display.ts';
import {
  ReinstatableAggregate,
  complement,
  minLimit,
  minOf,
  remaining,
  shareOf,
} from './terms.ts';
import type {
  Allocation,
  EventResult,
  LimitedBy,
  LossEvent,
  LossItem,
  Policy,
  PolicyEventResult,
  PolicyProgramme,
  PolicyYearResult,
  ProgrammeResult,
  Reason,
  Reinsurance,
  ReinsuranceEventResult,
  ReinsuranceShare,
  ReinsuranceYearResult,
} from './types.ts';

/** How the engine turns an amount of an asset into base-currency minor units. */
export interface ValuationContext {
  base_currency: string;
  base_decimals: number;
  decimalsOf(asset: string): number | undefined;
  /** The market price of one unit in the base currency at an instant (latest at or before), or null. */
  marketPrice(asset: string, time_ms: number): Decimal | null;
}

/** A loss year holds at most this many events in the exact path (the fast path takes millions). */
export const EXACT_EVENTS_MAX = 1_000_000;

export function applyProgramme(programme: PolicyProgramme, events: readonly LossEvent[], valuation: ValuationContext): ProgrammeResult {
  if (events.length > EXACT_EVENTS_MAX) throw new RangeError(`at most ${EXACT_EVENTS_MAX} events per year in the exact path`);
  // Aggregates erode in time order; ties keep the caller's order (Array.sort is stable).
  const ordered = [...events].sort((a, b) => a.occurred_ms - b.occurred_ms);
  const money = (minor: bigint) => displayMoney(minor, programme.base_decimals, programme.base_currency);
  const policy_states = programme.policies.map((policy) => new PolicyState(policy, money));
  const reinsurance_states = programme.reinsurance.map((contract) => new ReinsuranceState(contract));
  const event_results: EventResult[] = [];
  for (const event of ordered) {
    assertEventShape(event);
    let gross_loss_minor = 0n;
    let unattributed_loss_minor: bigint | null = event.customers === undefined ? null : 0n;
    for (const item of event.items) {
      const value_minor = marketValue(item, event.occurred_ms, valuation);
      gross_loss_minor += value_minor;
      // A zero unattributed weight takes no unit of the value: split only when there is one.
      if (unattributed_loss_minor !== null && (item.unattributed_minor ?? 0n) > 0n) unattributed_loss_minor += customerValues(value_minor, item).unattributed_minor;
    }
    const policy_results = policy_states.map((state) => state.apply(event, valuation));
    const reinsurance_results = applyReinsurance(reinsurance_states, policy_results);
    for (const result of policy_results) {
      result.insurer_net_minor = result.recovery_minor - result.reinsurance.reduce((s, r) => s + r.amount_minor, 0n);
      if (result.insurer_net_minor < 0n) throw new Error('reinsurance exceeded the recovery');
    }
    const recovery_minor = policy_results.reduce((s, r) => s + r.recovery_minor, 0n);
    event_results.push({
      event_id: event.id,
      occurred_ms: event.occurred_ms,
      peril: event.peril,
      gross_loss_minor,
      unattributed_loss_minor,
      recovery_minor,
      policies: policy_results,
      reinsurance: reinsurance_results,
      allocation: mergeAllocations(policy_results.map((r) => r.allocation), event.customers !== undefined),
    });
  }
  const policies = policy_states.map((state) => state.yearResult(event_results));
  const reinsurance = reinsurance_states.map((state) => state.yearResult());
  return {
    events: event_results,
    policies,
    reinsurance,
    gross_loss_minor: event_results.reduce((s, e) => s + e.gross_loss_minor, 0n),
    recovery_minor: event_results.reduce((s, e) => s + e.recovery_minor, 0n),
    reinstatement_premium_minor: policies.reduce((s, p) => s + p.reinstatement_premium_minor, 0n),
  };
}

function assertEventShape(event: LossEvent): void {
  const accounts = event.customers === undefined ? null : new Set(event.customers.map((c) => c.account_id));
  for (const item of event.items) {
    if (item.amount_minor < 0n) throw new RangeError(`event ${event.id}: negative loss`);
    if (accounts === null) {
      if (item.by_customer !== undefined || item.unattributed_minor !== undefined) throw new RangeError(`event ${event.id}: wallet ${item.wallet_id} is split over customers the event does not name`);
      continue;
    }
    if (item.by_customer === undefined) throw new RangeError(`event ${event.id}: customers known but wallet ${item.wallet_id} has no split`);
    const unattributed = item.unattributed_minor ?? 0n;
    if (unattributed < 0n) throw new RangeError(`event ${event.id}: negative unattributed loss`);
    let sum = unattributed;
    for (const share of item.by_customer) {
      if (!accounts.has(share.account_id)) throw new RangeError(`event ${event.id}: split names unknown account ${share.account_id}`);
      if (share.amount_minor < 0n) throw new RangeError(`event ${event.id}: negative customer share`);
      sum += share.amount_minor;
    }
    // Conservation: the customers' parts and the part no customer bears are the wallet's loss.
    if (sum !== item.amount_minor) throw new RangeError(`event ${event.id}: customer split of ${item.wallet_id} does not sum to its loss`);
  }
}

function marketValue(item: LossItem, time_ms: number, valuation: ValuationContext): bigint {
  const price = valuation.marketPrice(item.asset, time_ms);
  if (price === null) throw new UserError('insurance.no_market_price', { asset: item.asset, time: new Date(time_ms).toISOString() });
  return lostValue(item, price, valuation);
}

/**
 * Coins lost are valued as the holdings they were (the valuation rule: rounded down, line by line),
 * because what the policies pay is cover: it is never overstated by rounding, and a total loss of
 * wallets is the figure `hozen show` and `hozen check` give for those wallets.
 */
function lostValue(item: LossItem, price: Decimal, valuation: ValuationContext): bigint {
  return valueFor('holding', item.amount_minor, decimalsOf(item.asset, valuation), price, valuation.base_decimals);
}

function decimalsOf(asset: string, valuation: ValuationContext): number {
  const decimals = valuation.decimalsOf(asset);
  if (decimals === undefined) throw new UserError('insurance.unknown_asset', { asset });
  return decimals;
}

function policyValue(policy: Policy, item: LossItem, time_ms: number, valuation: ValuationContext): bigint {
  if (policy.valuation.basis === 'market') return marketValue(item, time_ms, valuation);
  const price = policy.valuation.prices.get(item.asset);
  if (price === undefined) throw new UserError('insurance.no_stated_price', { policy: policy.id, asset: item.asset });
  return lostValue(item, price, valuation);
}

/**
 * A wallet × customer piece of the loss: the unit that caps shrink and recoveries are allocated
 * to. account_id is null for a wallet's loss when customers are unknown, and for the part no
 * customer bears when they are known (per-customer limits pass it by).
 */
interface Cell {
  wallet_id: string;
  asset: string;
  account_id: string | null;
  value_minor: bigint;
}

/**
 * An item's value split as its loss is: over its customers and the unattributed part, pro rata to
 * their amounts (largest remainder, exact). With nothing unattributed the customers' values are
 * those of a split over the customers alone (a zero weight takes no unit).
 */
function customerValues(value_minor: bigint, item: LossItem): { by_customer: bigint[]; unattributed_minor: bigint } {
  const shares = item.by_customer!;
  const unattributed = item.unattributed_minor ?? 0n;
  const parts = allocate(value_minor, [...shares.map((s) => s.amount_minor), unattributed]);
  return { by_customer: parts.slice(0, shares.length), unattributed_minor: parts[shares.length]! };
}

class PolicyState {
  readonly aggregate: ReinstatableAggregate | null;
  readonly peril_paid = new Map<Peril, bigint>();
  readonly asset_paid = new Map<string, bigint>();
  readonly customer_paid = new Map<string, bigint>();
  private readonly totals = { reinstated_minor: 0n, reinstatement_premium_minor: 0n };

  constructor(
    readonly policy: Policy,
    private readonly money: (minor: bigint) => string,
  ) {
    this.aggregate =
      policy.aggregate_limit_minor === null ? null : new ReinstatableAggregate(policy.aggregate_limit_minor, policy.reinstatements, policy.premium_minor);
  }

  apply(event: LossEvent, valuation: ValuationContext): PolicyEventResult {
    const policy = this.policy;
    const zero = (reason: Reason, covered_loss_minor = 0n): PolicyEventResult => this.result(event, { covered_loss_minor, reason });

    const trigger_ms = policy.trigger === 'losses_discovered' ? event.detected_ms : event.occurred_ms;
    if (!inForce(policy.period, trigger_ms)) {
      return zero({ code: 'insurance.reason.outside_period', params: { policy: policy.id, time: new Date(trigger_ms).toISOString(), start: policy.period.start, end: policy.period.end } });
    }
    if (policy.excluded_perils.includes(event.peril)) return zero({ code: 'insurance.reason.peril_excluded', params: { peril: event.peril } });
    const cover = policy.perils.find((p) => p.peril === event.peril);
    if (cover === undefined) {
      return zero({ code: 'insurance.reason.peril_not_covered', params: { peril: event.peril, covered: policy.perils.map((p) => p.peril).join(', ') } });
    }
    const condition = event.conditions.find((c) => policy.excluded_conditions.includes(c));
    if (condition !== undefined) return zero({ code: 'insurance.reason.condition_excluded', params: { condition } });

    let first_scope_reason: Reason | null = null;
    const in_scope: LossItem[] = [];
    for (const item of event.items) {
      const reason = scopeReason(policy, cover.tiers, item);
      if (reason === null) in_scope.push(item);
      else first_scope_reason ??= reason;
    }
    if (in_scope.length === 0) return zero(first_scope_reason ?? { code: 'insurance.reason.no_loss', params: {} });
    if (policy.per_customer !== null && event.customers === undefined) return zero({ code: 'insurance.reason.customers_unknown', params: {} });

    let cells = valueCells(policy, in_scope, event, valuation);
    const covered_loss_minor = sumCells(cells);
    if (covered_loss_minor === 0n) return zero({ code: 'insurance.reason.no_loss', params: {} });

    let cap_reason: Reason | null = null;
    if (policy.per_customer !== null) {
      cells = this.capCustomers(cells, event);
      if (sumCells(cells) < covered_loss_minor) cap_reason = { code: 'insurance.reason.customer_limits', params: {} };
      if (sumCells(cells) === 0n) return zero({ code: 'insurance.reason.customer_limits_exhausted', params: {} }, covered_loss_minor);
    }
    const before_assets = sumCells(cells);
    const capped_assets = this.capAssets(cells);
    cells = capped_assets.cells;
    const counted_loss_minor = sumCells(cells);
    if (counted_loss_minor < before_assets) cap_reason ??= { code: 'insurance.reason.asset_sublimits', params: { assets: capped_assets.capped.join(', ') } };
    if (counted_loss_minor === 0n) {
      return zero({ code: 'insurance.reason.asset_sublimit_exhausted', params: { assets: capped_assets.capped.join(', ') } }, covered_loss_minor);
    }

    const deductible_minor = minOf(counted_loss_minor, policy.deductible_minor);
    const above_deductible = counted_loss_minor - deductible_minor;
    const insurer_part = shareOf(above_deductible, complement(policy.coinsurance));
    const coinsurance_minor = above_deductible - insurer_part;

    const peril_sublimit = policy.peril_sublimits.find((s) => s.peril === event.peril);
    const caps: Array<[LimitedBy, bigint | null]> = [
      ['occurrence_limit', policy.occurrence_limit_minor],
      ['peril_sublimit_occurrence', peril_sublimit?.occurrence_minor ?? null],
      ['peril_sublimit_aggregate', peril_sublimit === undefined ? null : remaining(peril_sublimit.aggregate_minor, this.peril_paid.get(event.peril) ?? 0n)],
      ['aggregate_limit', this.aggregate?.available_minor ?? null],
    ];
    let recovery_minor = insurer_part;
    for (const [, cap] of caps) recovery_minor = minLimit(recovery_minor, cap);
    const limited_by = recovery_minor < insurer_part ? (caps.find(([, cap]) => cap === recovery_minor)?.[0] ?? null) : null;

    let reason: Reason | null = cap_reason;
    if (limited_by !== null) reason = { code: `insurance.reason.limited.${limited_by}`, params: { peril: event.peril } };
    if (recovery_minor === 0n && limited_by === null) {
      reason =
        above_deductible === 0n
          ? { code: 'insurance.reason.below_deductible', params: { loss: this.money(counted_loss_minor), deductible: this.money(policy.deductible_minor) } }
          : { code: 'insurance.reason.rounded_to_zero', params: {} };
    }

    const reinstatement = this.aggregate?.take(recovery_minor) ?? { reinstated_minor: 0n, premium_minor: 0n };
    this.peril_paid.set(event.peril, (this.peril_paid.get(event.peril) ?? 0n) + recovery_minor);
    const allocation = allocateToCells(recovery_minor, cells, event.customers !== undefined);
    // Per-customer and asset sublimits erode by what was paid for that customer or asset.
    for (const { account_id, amount_minor } of allocation.by_customer ?? []) {
      this.customer_paid.set(account_id, (this.customer_paid.get(account_id) ?? 0n) + amount_minor);
    }
    for (const { asset, amount_minor } of allocation.by_asset) this.asset_paid.set(asset, (this.asset_paid.get(asset) ?? 0n) + amount_minor);
    return this.result(event, {
      covered_loss_minor,
      counted_loss_minor,
      deductible_minor,
      coinsurance_minor,
      recovery_minor,
      reason,
      limited_by,
      reinstated_minor: reinstatement.reinstated_minor,
      reinstatement_premium_minor: reinstatement.premium_minor,
      allocation,
    });
  }

  /** Per-customer annual limits, chosen by each customer's holding, cap what the policy counts. */
  private capCustomers(cells: Cell[], event: LossEvent): Cell[] {
    const terms = this.policy.per_customer!;
    const holdings = new Map(event.customers!.map((c) => [c.account_id, c.holding_minor]));
    const capped = [...cells];
    // The loss no customer bears (account_id null) is no customer's to cap.
    for (const [account_id, indices] of groupIndices(cells, (cell) => cell.account_id)) {
      if (account_id === null) continue;
      const holding = holdings.get(account_id)!;
      let limit = terms.annual_limit_minor;
      for (const tier of terms.tiers) if (holding > tier.holding_over_minor) limit = tier.annual_limit_minor;
      const left = remaining(limit, this.customer_paid.get(account_id) ?? 0n)!;
      spread(capped, indices, minOf(sumAt(cells, indices), left));
    }
    return capped;
  }

  /**
   * Asset sublimits cap the loss counted per asset (before the deductible): per occurrence, and per
   * year by what is left of the annual sublimit after what the policy already paid for that asset.
   */
  private capAssets(cells: Cell[]): { cells: Cell[]; capped: string[] } {
    if (this.policy.asset_sublimits.length === 0) return { cells, capped: [] };
    const result = [...cells];
    const capped: string[] = [];
    for (const [asset, indices] of groupIndices(cells, (cell) => cell.asset)) {
      const sublimit = this.policy.asset_sublimits.find((s) => s.asset === asset);
      if (sublimit === undefined) continue;
      const loss = sumAt(cells, indices);
      const paid = this.asset_paid.get(asset) ?? 0n;
      const counted = minLimit(minLimit(loss, sublimit.occurrence_minor), remaining(sublimit.aggregate_minor, paid));
      if (counted < loss) capped.push(asset);
      spread(result, indices, counted);
    }
    return { cells: result, capped };
  }

  private result(event: LossEvent, fields: Partial<PolicyEventResult> & { covered_loss_minor: bigint; reason: Reason | null }): PolicyEventResult {
    const reinstated_minor = fields.reinstated_minor ?? 0n;
    const reinstatement_premium_minor = fields.reinstatement_premium_minor ?? 0n;
    this.totals.reinstated_minor += reinstated_minor;
    this.totals.reinstatement_premium_minor += reinstatement_premium_minor;
    return {
      policy_id: this.policy.id,
      covered_loss_minor: fields.covered_loss_minor,
      counted_loss_minor: fields.counted_loss_minor ?? 0n,
      deductible_minor: fields.deductible_minor ?? 0n,
      coinsurance_minor: fields.coinsurance_minor ?? 0n,
      recovery_minor: fields.recovery_minor ?? 0n,
      reason: fields.reason,
      limited_by: fields.limited_by ?? null,
      aggregate_remaining_minor: this.aggregate?.available_minor ?? null,
      reinstated_minor,
      reinstatement_premium_minor,
      reinsurance: [],
      insurer_net_minor: 0n,
      allocation: fields.allocation ?? emptyAllocation(event.customers !== undefined),
    };
  }

  yearResult(events: readonly EventResult[]): PolicyYearResult {
    const mine = events.map((e) => e.policies.find((p) => p.policy_id === this.policy.id)!);
    const reinsurance = new Map<string, ReinsuranceShare>();
    for (const result of mine) {
      for (const share of result.reinsurance) {
        const total = reinsurance.get(share.reinsurance_id);
        if (total === undefined) reinsurance.set(share.reinsurance_id, { ...share });
        else total.amount_minor += share.amount_minor;
      }
    }
    return {
      policy_id: this.policy.id,
      covered_loss_minor: mine.reduce((s, r) => s + r.covered_loss_minor, 0n),
      deductible_minor: mine.reduce((s, r) => s + r.deductible_minor, 0n),
      recovery_minor: mine.reduce((s, r) => s + r.recovery_minor, 0n),
      aggregate_remaining_minor: this.aggregate?.available_minor ?? null,
      reinstated_minor: this.totals.reinstated_minor,
      reinstatement_premium_minor: this.totals.reinstatement_premium_minor,
      reinsurance: [...reinsurance.values()],
      insurer_net_minor: mine.reduce((s, r) => s + r.insurer_net_minor, 0n),
    };
  }
}

function scopeReason(policy: Policy, tiers: readonly string[] | null, item: LossItem): Reason | null {
  if (tiers !== null && !tiers.includes(item.tier)) {
    return { code: 'insurance.reason.tier_not_covered', params: { tier: item.tier, wallet: item.wallet_id, tiers: tiers.join(', ') } };
  }
  const scope = policy.wallets;
  const wallet_in_scope = scope.kind === 'all' || (scope.kind === 'tiers' ? scope.tiers.includes(item.tier) : scope.ids.includes(item.wallet_id));
  if (!wallet_in_scope) return { code: 'insurance.reason.wallet_not_covered', params: { wallet: item.wallet_id } };
  if (policy.assets !== null && !policy.assets.includes(item.asset)) return { code: 'insurance.reason.asset_not_covered', params: { asset: item.asset } };
  return null;
}

/** Values each in-scope item once, then splits the value over its customers pro rata to their amounts. */
function valueCells(policy: Policy, items: readonly LossItem[], event: LossEvent, valuation: ValuationContext): Cell[] {
  const cells: Cell[] = [];
  for (const item of items) {
    const value_minor = policyValue(policy, item, event.occurred_ms, valuation);
    if (item.by_customer === undefined || event.customers === undefined) {
      cells.push({ wallet_id: item.wallet_id, asset: item.asset, account_id: null, value_minor });
      continue;
    }
    const parts = customerValues(value_minor, item);
    item.by_customer.forEach((share, i) => cells.push({ wallet_id: item.wallet_id, asset: item.asset, account_id: share.account_id, value_minor: parts.by_customer[i]! }));
    if ((item.unattributed_minor ?? 0n) > 0n) cells.push({ wallet_id: item.wallet_id, asset: item.asset, account_id: null, value_minor: parts.unattributed_minor });
  }
  return cells;
}

function sumCells(cells: readonly Cell[]): bigint {
  let sum = 0n;
  for (const cell of cells) sum += cell.value_minor;
  return sum;
}

function sumAt(cells: readonly Cell[], indices: readonly number[]): bigint {
  let sum = 0n;
  for (const i of indices) sum += cells[i]!.value_minor;
  return sum;
}

/** Shrinks the cells at `indices` to `total` (≤ their sum) pro rata, exactly, in place. */
function spread(cells: Cell[], indices: readonly number[], total: bigint): void {
  if (total === sumAt(cells, indices)) return;
  const parts = allocate(total, indices.map((i) => cells[i]!.value_minor));
  indices.forEach((cell_index, k) => {
    cells[cell_index] = { ...cells[cell_index]!, value_minor: parts[k]! };
  });
}

/** Indices of the cells per key, keys in order of first appearance. */
function groupIndices<K>(cells: readonly Cell[], key: (cell: Cell) => K): Map<K, number[]> {
  const groups = new Map<K, number[]>();
  cells.forEach((cell, i) => {
    const k = key(cell);
    const group = groups.get(k);
    if (group === undefined) groups.set(k, [i]);
    else group.push(i);
  });
  return groups;
}

function emptyAllocation(with_customers: boolean): Allocation {
  return { by_wallet: [], by_asset: [], by_customer: with_customers ? [] : null, unattributed_minor: with_customers ? 0n : null };
}

function allocateToCells(recovery_minor: bigint, cells: readonly Cell[], with_customers: boolean): Allocation {
  if (recovery_minor === 0n) return emptyAllocation(with_customers);
  const parts = allocate(recovery_minor, cells.map((c) => c.value_minor));
  const by_wallet = new Map<string, bigint>();
  const by_asset = new Map<string, bigint>();
  const by_customer = new Map<string, bigint>();
  let unattributed_minor = 0n;
  cells.forEach((cell, i) => {
    const part = parts[i]!;
    by_wallet.set(cell.wallet_id, (by_wallet.get(cell.wallet_id) ?? 0n) + part);
    by_asset.set(cell.asset, (by_asset.get(cell.asset) ?? 0n) + part);
    if (cell.account_id !== null) by_customer.set(cell.account_id, (by_customer.get(cell.account_id) ?? 0n) + part);
    else unattributed_minor += part;
  });
  return {
    by_wallet: [...by_wallet].map(([wallet_id, amount_minor]) => ({ wallet_id, amount_minor })),
    by_asset: [...by_asset].map(([asset, amount_minor]) => ({ asset, amount_minor })),
    by_customer: with_customers ? [...by_customer].map(([account_id, amount_minor]) => ({ account_id, amount_minor })) : null,
    unattributed_minor: with_customers ? unattributed_minor : null,
  };
}

function mergeAllocations(allocations: readonly Allocation[], with_customers: boolean): Allocation {
  const by_wallet = new Map<string, bigint>();
  const by_asset = new Map<string, bigint>();
  const by_customer = new Map<string, bigint>();
  let unattributed_minor = 0n;
  for (const a of allocations) {
    for (const w of a.by_wallet) by_wallet.set(w.wallet_id, (by_wallet.get(w.wallet_id) ?? 0n) + w.amount_minor);
    for (const x of a.by_asset) by_asset.set(x.asset, (by_asset.get(x.asset) ?? 0n) + x.amount_minor);
    for (const c of a.by_customer ?? []) by_customer.set(c.account_id, (by_customer.get(c.account_id) ?? 0n) + c.amount_minor);
    unattributed_minor += a.unattributed_minor ?? 0n;
  }
  return {
    by_wallet: [...by_wallet].map(([wallet_id, amount_minor]) => ({ wallet_id, amount_minor })),
    by_asset: [...by_asset].map(([asset, amount_minor]) => ({ asset, amount_minor })),
    by_customer: with_customers ? [...by_customer].map(([account_id, amount_minor]) => ({ account_id, amount_minor })) : null,
    unattributed_minor: with_customers ? unattributed_minor : null,
  };
}

// ---- Reinsurance ----

class ReinsuranceState {
  readonly aggregate: ReinstatableAggregate | null;
  /** Stop loss: the year's subject loss so far. */
  subject_to_date_minor = 0n;
  amount_minor = 0n;
  premium_minor = 0n;

  constructor(readonly contract: Reinsurance) {
    this.aggregate =
      contract.kind === 'excess_of_loss' && contract.limit_minor !== null && contract.reinstatements !== null
        ? new ReinstatableAggregate(contract.limit_minor, contract.reinstatements, contract.premium_minor)
        : null;
  }

  /** The contract's amount for one occurrence whose subject loss is `subject_minor`. */
  take(subject_minor: bigint): { amount_minor: bigint; premium_minor: bigint } {
    const c = this.contract;
    let amount_minor: bigint;
    let premium_minor = 0n;
    switch (c.kind) {
      case 'quota_share':
        amount_minor = minLimit(shareOf(subject_minor, c.share), c.occurrence_limit_minor);
        break;
      case 'excess_of_loss': {
        let layer = minLimit(subject_minor > c.attachment_minor ? subject_minor - c.attachment_minor : 0n, c.limit_minor);
        if (this.aggregate !== null) {
          layer = minOf(layer, this.aggregate.available_minor);
          premium_minor = this.aggregate.take(layer).premium_minor;
        }
        amount_minor = shareOf(layer, c.share);
        break;
      }
      case 'aggregate_stop_loss': {
        const before = stopLossCumulative(c.attachment_minor, c.limit_minor, c.share, this.subject_to_date_minor);
        this.subject_to_date_minor += subject_minor;
        amount_minor = stopLossCumulative(c.attachment_minor, c.limit_minor, c.share, this.subject_to_date_minor) - before;
        break;
      }
    }
    this.amount_minor += amount_minor;
    this.premium_minor += premium_minor;
    return { amount_minor, premium_minor };
  }

  yearResult(): ReinsuranceYearResult {
    const c = this.contract;
    let aggregate_remaining_minor: bigint | null = null;
    if (this.aggregate !== null) aggregate_remaining_minor = this.aggregate.available_minor;
    if (c.kind === 'aggregate_stop_loss' && c.limit_minor !== null) {
      const used = this.subject_to_date_minor > c.attachment_minor ? this.subject_to_date_minor - c.attachment_minor : 0n;
      aggregate_remaining_minor = remaining(c.limit_minor, used);
    }
    return {
      reinsurance_id: c.id,
      reinsurer: c.reinsurer,
      amount_minor: this.amount_minor,
      reinstatement_premium_minor: this.premium_minor,
      aggregate_remaining_minor,
    };
  }
}

/** floor(share × min(limit, max(0, cumulative − attachment))): the stop loss's recovery to date. */
export function stopLossCumulative(attachment_minor: bigint, limit_minor: bigint | null, share: Decimal, cumulative_minor: bigint): bigint {
  const excess = cumulative_minor > attachment_minor ? cumulative_minor - attachment_minor : 0n;
  return shareOf(minLimit(excess, limit_minor), share);
}

/** Each contract in order takes from the insurer's retained loss of the policies it covers. */
function applyReinsurance(states: readonly ReinsuranceState[], policy_results: PolicyEventResult[]): ReinsuranceEventResult[] {
  const by_policy = new Map(policy_results.map((r) => [r.policy_id, r]));
  const retained = new Map(policy_results.map((r) => [r.policy_id, r.recovery_minor]));
  return states.map((state) => {
    const covers = state.contract.covers;
    const weights = covers.map((id) => retained.get(id)!);
    const subject_loss_minor = weights.reduce((s, w) => s + w, 0n);
    const { amount_minor, premium_minor } = state.take(subject_loss_minor);
    if (amount_minor > subject_loss_minor) throw new Error(`reinsurance ${state.contract.id} took more than its subject loss`);
    const parts = allocate(amount_minor, weights);
    covers.forEach((id, i) => {
      const part = parts[i]!;
      retained.set(id, retained.get(id)! - part);
      by_policy.get(id)!.reinsurance.push({ reinsurance_id: state.contract.id, reinsurer: state.contract.reinsurer, amount_minor: part });
    });
    return { reinsurance_id: state.contract.id, subject_loss_minor, amount_minor, reinstatement_premium_minor: premium_minor };
  });
}
