// Scheme rehabilitation (Mt.Gox), streaming. Each affected row's loss (its stated loss, or its
// share of the rest by balance) becomes a claim
// in the base currency at the policy's fixed (or market) price; each creditor (account) is repaid
// first up to the base cap, then pro rata from what the estate (every funding source) holds; a
// creditor's repayment is split over their rows by cumulative rounding in file order.
//
// Passes over the lost assets' balances: (1) loss quotas, (2) claims per creditor, (3) the rows.
// Memory: one entry per creditor (claims need the creditor's total before any row is paid).

import { quantityForValueMinor } from '../money/index.ts';
import { drawInOrder, fundingEntries, sourceResults } from './funding.ts';
import { guaranteeAsMoney } from './haircut.ts';
import { creditorPayments, min } from './plan.ts';
import { termsFor } from './policy.ts';
import { resolvePrice } from './prices.ts';
import { forEachBatch, forEachRow, scopeTotals, shareWeightOf, statedLossOf, statedSplit, type Prepared } from './prepare.ts';
import { AssetAccumulator, Valuation } from './rules.ts';
import { StreamingAllocation } from './streaming-allocate.ts';
import type { CompensationResult, PayoutRow, PayoutSink, PriceRuleName, SourceResult } from './types.ts';

export interface RehabilitationSetup {
  asset: string;
  decimals: number;
  rule: PriceRuleName;
  valuation: Valuation;
  customer_net_minor: bigint;
}

export function rehabilitationSetups(prepared: Prepared): RehabilitationSetup[] {
  return prepared.facts.lost.map((lost) => {
    const rule = termsFor(prepared.policy, lost.asset).price!;
    const price = resolvePrice(rule, lost.asset, prepared.snapshot, prepared.incident);
    return {
      asset: lost.asset,
      decimals: lost.decimals,
      rule: rule.rule,
      valuation: new Valuation(lost.decimals, price, prepared.base_decimals, prepared.policy.rounding.unit_minor),
      customer_net_minor: lost.customer_net_minor,
    };
  });
}

/** A row's claim: its loss valued at the claim price, to the payment unit. */
export function claimOf(prepared: Prepared, setup: RehabilitationSetup, loss_minor: bigint): bigint {
  return loss_minor === 0n ? 0n : setup.valuation.pay(loss_minor, prepared.policy.rounding.mode);
}

export interface RehabilitationSettlement {
  /** Per creditor, in payment units. */
  payments_units: bigint[];
  sources: SourceResult[];
  total_need_minor: bigint;
  shortfall_minor: bigint;
}

export function settleRehabilitation(prepared: Prepared, claims_units: readonly bigint[]): RehabilitationSettlement {
  const unit = prepared.policy.rounding.unit_minor;
  const entries = fundingEntries(prepared.snapshot, prepared.incident, prepared.policy, prepared.additional_funding, prepared.insurance, guaranteeAsMoney(prepared));
  const estate_minor = entries.reduce((sum, e) => sum + e.available_minor, 0n);
  const payments_units = creditorPayments(claims_units, prepared.policy.base_cap_minor! / unit, estate_minor / unit);
  const total_need_minor = claims_units.reduce((s, c) => s + c, 0n) * unit;
  const paid_minor = payments_units.reduce((s, p) => s + p, 0n) * unit;
  return { payments_units, sources: sourceResults(entries, drawInOrder(entries, paid_minor)), total_need_minor, shortfall_minor: total_need_minor - paid_minor };
}

/** Splits creditors' repayments over their rows, in row order, by cumulative rounding. */
export class CreditorSplit {
  private readonly claimed_units: bigint[];

  constructor(
    private readonly claims_units: readonly bigint[],
    private readonly payments_units: readonly bigint[],
  ) {
    this.claimed_units = claims_units.map(() => 0n);
  }

  /** The units paid on the creditor's next row, whose claim is `claim_units`. */
  next(creditor: number, claim_units: bigint): bigint {
    const total = this.claims_units[creditor]!;
    if (total === 0n) return 0n;
    const paid = this.payments_units[creditor]!;
    const before = this.claimed_units[creditor]!;
    const after = before + claim_units;
    if (after > total) throw new Error('CreditorSplit: more claimed than the creditor holds');
    this.claimed_units[creditor] = after;
    return (paid * after) / total - (paid * before) / total;
  }
}

/**
 * The row of a creditor's loss: `paid_fiat_minor` of its claim repaid. The unpaid yen become an
 * unpaid quantity, rounded up (a claim is never understated); the rest counts as paid.
 */
export function rehabilitationRow(prepared: Prepared, setup: RehabilitationSetup, account_id: string, balance_minor: bigint, loss_minor: bigint, paid_fiat_minor: bigint): { row: PayoutRow; settled_minor: bigint; unpaid_minor: bigint } {
  const claim = claimOf(prepared, setup, loss_minor);
  const unpaid_value = claim - paid_fiat_minor;
  const unpaid = unpaid_value === 0n ? 0n : min(loss_minor, quantityForValueMinor(unpaid_value, prepared.base_decimals, setup.valuation.price, setup.decimals, 'ceil'));
  const settled = loss_minor - unpaid;
  const socialize = prepared.policy.on_shortfall === 'socialize';
  return {
    row: {
      account_id,
      asset: setup.asset,
      balance_minor,
      loss_minor,
      paid_in_kind_minor: 0n,
      paid_fiat_minor,
      iou_minor: 0n,
      unpaid_claim_minor: socialize ? 0n : unpaid,
      rounding_residue: { coef: setup.valuation.residueCoef(settled, paid_fiat_minor), scale: setup.valuation.residue_scale },
    },
    settled_minor: settled,
    unpaid_minor: unpaid,
  };
}

export function rehabilitationResult(prepared: Prepared, setups: readonly RehabilitationSetup[], settlement: RehabilitationSettlement, accumulators: readonly AssetAccumulator[]): CompensationResult {
  return {
    incident_id: prepared.incident.id,
    scheme: 'rehabilitation',
    on_shortfall: prepared.policy.on_shortfall,
    base_currency: prepared.base_currency,
    base_decimals: prepared.base_decimals,
    total_need_minor: settlement.total_need_minor,
    shortfall_minor: settlement.shortfall_minor,
    haircut_ratio: null,
    coverage_ratio: null,
    reference_prices: setups.map((s) => ({ asset: s.asset, rule: s.rule, price: s.valuation.price })),
    sources: settlement.sources,
    insurance_status: prepared.insurance.status,
    insurance_unattributed_minor: prepared.insurance.unattributed_minor ?? null,
    by_asset: accumulators.map((a) => a.totals()),
    rows: accumulators.reduce((sum, a) => sum + a.rows, 0),
  };
}

export async function compensateRehabilitation(prepared: Prepared, sink: PayoutSink): Promise<CompensationResult> {
  const setups = rehabilitationSetups(prepared);
  const assets = setups.map((s) => s.asset);
  const scope = await scopeTotals(prepared, assets);
  const unit = prepared.policy.rounding.unit_minor;
  const runs = new Map<string, { setup: RehabilitationSetup; loss_total: bigint; loss: StreamingAllocation; rows: number }>();
  for (const s of setups) {
    const scope_total = scope.get(s.asset)!;
    const { stated_minor, rest_minor } = statedSplit(prepared, s.asset, s.customer_net_minor);
    const shared = min(rest_minor, scope_total);
    runs.set(s.asset, { setup: s, loss_total: stated_minor + shared, loss: new StreamingAllocation(shared, scope_total), rows: 0 });
  }
  const stated = prepared.stated;
  /** A row's loss when accounts state theirs: its stated loss, or its share by balance of the rest. */
  const statedRowLoss = (loss: StreamingAllocation, row: number, asset: string, account: string, balance: bigint): bigint =>
    statedLossOf(prepared, account, asset) + loss.part(row, shareWeightOf(prepared, account, balance));

  await forEachRow(prepared, assets, (asset, account, balance) => {
    runs.get(asset)!.loss.addWeight(stated === null ? balance : shareWeightOf(prepared, account, balance));
  });
  for (const run of runs.values()) run.loss.finish();

  const creditor_of = new Map<string, number>();
  const claims_units: bigint[] = [];
  await forEachRow(prepared, assets, (asset, account, balance) => {
    const run = runs.get(asset)!;
    const row = run.rows++;
    const claim = claimOf(prepared, run.setup, stated === null ? run.loss.part(row, balance) : statedRowLoss(run.loss, row, asset, account, balance));
    let creditor = creditor_of.get(account);
    if (creditor === undefined) {
      creditor = claims_units.length;
      creditor_of.set(account, creditor);
      claims_units.push(0n);
    }
    claims_units[creditor] = claims_units[creditor]! + claim / unit;
  });
  const settlement = settleRehabilitation(prepared, claims_units);
  const split = new CreditorSplit(claims_units, settlement.payments_units);

  const accumulators = new Map(setups.map((s) => [s.asset, new AssetAccumulator(s.asset, s.decimals, s.valuation.residue_scale, s.customer_net_minor - runs.get(s.asset)!.loss_total, s.valuation)] as const));
  for (const run of runs.values()) run.rows = 0;
  await forEachBatch(prepared, assets, sink, (asset, account_id, balance) => {
    const run = runs.get(asset)!;
    const index = run.rows++;
    const loss = stated === null ? run.loss.part(index, balance) : statedRowLoss(run.loss, index, asset, account_id, balance);
    const paid = split.next(creditor_of.get(account_id)!, claimOf(prepared, run.setup, loss) / unit) * unit;
    const { row, settled_minor, unpaid_minor } = rehabilitationRow(prepared, run.setup, account_id, balance, loss, paid);
    accumulators.get(asset)!.add(row, settled_minor, prepared.policy.on_shortfall === 'socialize' ? unpaid_minor : 0n);
    return row;
  });
  const paid_total = [...accumulators.values()].reduce((s, a) => s + a.paid_fiat_minor, 0n);
  if (paid_total !== settlement.total_need_minor - settlement.shortfall_minor) throw new Error('rehabilitation: rows do not add up to the repayments');
  return rehabilitationResult(prepared, setups, settlement, [...accumulators.values()]);
}
