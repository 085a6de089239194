// Scheme per_asset, streaming. Each lost asset's net loss is charged exactly to the accounts that
// state their loss, and the rest shared by the other affected holders pro rata to balance (largest
// remainder); each row's loss is restored in kind, paid in fiat at the reference price, or both
// (mixed); the funding waterfall (plan.ts) decides what is paid, and under a shortfall the paid
// totals are shared pro rata to what each row is owed.
//
// Passes over the lost assets' balances: (1) loss quotas and the totals owed, (2) only under a
// shortfall: quotas of the paid totals, (3) the payout rows. Memory: a remainder and a floor, as
// doubles, for rows with a fractional quota; rows themselves only as the bounded replay cache.

import { termsFor } from './policy.ts';
import { detectionPrice, resolvePrice } from './prices.ts';
import { fundingEntries } from './funding.ts';
import { planPerAsset, settlePerAsset, min, type AssetObligation, type PerAssetPlan, type PerAssetSettlement } from './plan.ts';
import { forEachBatch, forEachRow, scopeTotals, shareWeightOf, statedLossOf, statedSplit, type Prepared } from './prepare.ts';
import { AssetAccumulator, inKindShareOf, Valuation } from './rules.ts';
import { StreamingAllocation } from './streaming-allocate.ts';
import type { AssetMethod, CompensationResult, PayoutRow, PayoutSink, ReferencePrice } from './types.ts';

/** One lost asset's terms, resolved. */
export interface PerAssetSetup {
  asset: string;
  decimals: number;
  method: AssetMethod;
  /** The fiat part's price and unit (fiat, mixed). */
  valuation: Valuation | null;
  customer_net_minor: bigint;
}

export function perAssetSetups(prepared: Prepared): PerAssetSetup[] {
  return prepared.facts.lost.map((lost) => {
    const { method } = termsFor(prepared.policy, lost.asset);
    const valuation =
      method.method === 'in_kind'
        ? null
        : new Valuation(lost.decimals, resolvePrice(method.price, lost.asset, prepared.snapshot, prepared.incident), prepared.base_decimals, prepared.policy.rounding.unit_minor);
    return { asset: lost.asset, decimals: lost.decimals, method, valuation, customer_net_minor: lost.customer_net_minor };
  });
}

/** The in-kind part of a row's loss under the asset's method. */
export function inKindOf(setup: PerAssetSetup, loss_minor: bigint): bigint {
  switch (setup.method.method) {
    case 'in_kind':
      return loss_minor;
    case 'fiat':
      return 0n;
    case 'mixed':
      return inKindShareOf(loss_minor, setup.method.in_kind_share);
  }
}

/** The fiat payment for a quantity: the policy's rounding when paid in full, down under a shortfall. */
export function fiatOf(setup: PerAssetSetup, quantity_minor: bigint, prepared: Prepared, full: boolean): bigint {
  if (quantity_minor === 0n) return 0n;
  return setup.valuation!.pay(quantity_minor, full ? prepared.policy.rounding.mode : 'floor');
}

/** Totals owed per asset → obligations for the waterfall. */
export function obligationsOf(
  prepared: Prepared,
  setups: readonly PerAssetSetup[],
  owed: ReadonlyArray<{ in_kind_minor: bigint; fiat_quantity_minor: bigint; fiat_minor: bigint }>,
): AssetObligation[] {
  return setups.map((s, i) => {
    const o = owed[i]!;
    return {
      asset: s.asset,
      decimals: s.decimals,
      in_kind_minor: o.in_kind_minor,
      fiat_quantity_minor: o.fiat_quantity_minor,
      fiat_minor: o.fiat_minor,
      fiat_price: s.valuation?.price ?? null,
      detection_price: o.in_kind_minor > 0n ? detectionPrice(prepared.snapshot, s.asset, prepared.incident) : null,
      guarantee_minor: prepared.facts.guarantee_minor.get(s.asset) ?? 0n,
    };
  });
}

export function perAssetResult(
  prepared: Prepared,
  setups: readonly PerAssetSetup[],
  obligations: readonly AssetObligation[],
  plan: PerAssetPlan,
  settlement: PerAssetSettlement,
  accumulators: readonly AssetAccumulator[],
): CompensationResult {
  const reference_prices: ReferencePrice[] = [];
  setups.forEach((s, i) => {
    if (s.valuation !== null && s.method.method !== 'in_kind') reference_prices.push({ asset: s.asset, rule: s.method.price.rule, price: s.valuation.price });
    const detection = obligations[i]!.detection_price;
    if (detection !== null) reference_prices.push({ asset: s.asset, rule: 'market_at_detection', price: detection });
  });
  return {
    incident_id: prepared.incident.id,
    scheme: 'per_asset',
    on_shortfall: prepared.policy.on_shortfall,
    base_currency: prepared.base_currency,
    base_decimals: prepared.base_decimals,
    total_need_minor: plan.total_need_minor,
    shortfall_minor: settlement.shortfall_minor,
    haircut_ratio: null,
    coverage_ratio: plan.coverage,
    reference_prices,
    sources: settlement.sources,
    insurance_status: prepared.insurance.status,
    insurance_unattributed_minor: prepared.insurance.unattributed_minor ?? null,
    by_asset: accumulators.map((a) => a.totals()),
    rows: accumulators.reduce((sum, a) => sum + a.rows, 0),
  };
}

class AssetRun {
  /** The shared part of the loss, over the rows of accounts that state none (weight: balance). */
  readonly loss: StreamingAllocation;
  rows = 0;
  in_kind_minor = 0n;
  fiat_quantity_minor = 0n;
  fiat_minor = 0n;
  /** Under a shortfall: the paid totals spread pro rata to what each row is owed. */
  in_kind_paid: StreamingAllocation | null = null;
  fiat_quantity_paid: StreamingAllocation | null = null;
  fiat_paid_minor = 0n;

  constructor(
    readonly setup: PerAssetSetup,
    /** Σ row losses: the stated losses and the shared part. */
    readonly loss_total_minor: bigint,
    shared_minor: bigint,
    readonly scope_total_minor: bigint,
  ) {
    this.loss = new StreamingAllocation(shared_minor, scope_total_minor, { keep_floors: true });
  }

  /** A row's loss when accounts state theirs: its stated loss, or its share (`row`: its index among the asset's rows). */
  statedRowLoss(prepared: Prepared, row: number, account_id: string, balance_minor: bigint): bigint {
    return statedLossOf(prepared, account_id, this.setup.asset) + this.loss.part(row, shareWeightOf(prepared, account_id, balance_minor));
  }
}

export async function compensatePerAsset(prepared: Prepared, sink: PayoutSink): Promise<CompensationResult> {
  const setups = perAssetSetups(prepared);
  const assets = setups.map((s) => s.asset);
  const scope = await scopeTotals(prepared, assets);
  const runs = new Map(
    setups.map((s) => {
      const scope_total = scope.get(s.asset)!;
      const { stated_minor, rest_minor } = statedSplit(prepared, s.asset, s.customer_net_minor);
      const shared = min(rest_minor, scope_total);
      return [s.asset, new AssetRun(s, stated_minor + shared, shared, scope_total)] as const;
    }),
  );
  const ordered = [...runs.values()];

  // Pass 1: loss quotas; what is owed at the floors, then the last unit of the chosen rows.
  const stated = prepared.stated;
  await forEachRow(prepared, assets, (run_asset, account, balance) => {
    const run = runs.get(run_asset)!;
    run.rows += 1;
    // A stated row adds weight 0 (no remainder, so never a bonus unit) and its loss on top.
    const floor = stated === null ? run.loss.add(balance) : run.loss.add(shareWeightOf(prepared, account, balance)) + statedLossOf(prepared, account, run_asset);
    // The same sums for every method; in kind and fiat skip the arithmetic of the part they lack.
    switch (run.setup.method.method) {
      case 'in_kind':
        run.in_kind_minor += floor;
        return;
      case 'fiat':
        run.fiat_quantity_minor += floor;
        run.fiat_minor += fiatOf(run.setup, floor, prepared, true);
        return;
      case 'mixed': {
        const in_kind = inKindOf(run.setup, floor);
        run.in_kind_minor += in_kind;
        run.fiat_quantity_minor += floor - in_kind;
        run.fiat_minor += fiatOf(run.setup, floor - in_kind, prepared, true);
      }
    }
  });
  for (const run of ordered) {
    run.loss.finish();
    run.loss.forEachBonus((_row, floor) => {
      const before = inKindOf(run.setup, floor);
      const after = inKindOf(run.setup, floor + 1n);
      run.in_kind_minor += after - before;
      run.fiat_quantity_minor += floor + 1n - after - (floor - before);
      run.fiat_minor += fiatOf(run.setup, floor + 1n - after, prepared, true) - fiatOf(run.setup, floor - before, prepared, true);
    });
  }

  const obligations = obligationsOf(prepared, setups, ordered);
  const entries = fundingEntries(prepared.snapshot, prepared.incident, prepared.policy, prepared.additional_funding, prepared.insurance, 0n);
  const plan_input = { obligations, entries, base_decimals: prepared.base_decimals, unit_minor: prepared.policy.rounding.unit_minor };
  const plan = planPerAsset(plan_input);

  // Pass 2 (shortfall only): quotas of the paid totals over what each row is owed.
  if (!plan.full) {
    ordered.forEach((run, i) => {
      run.in_kind_paid = new StreamingAllocation(plan.paid[i]!.in_kind_minor, run.in_kind_minor);
      run.fiat_quantity_paid = new StreamingAllocation(plan.paid[i]!.fiat_quantity_minor, run.fiat_quantity_minor, { keep_floors: true });
      run.rows = 0;
    });
    await forEachRow(prepared, assets, (asset, account, balance) => {
      const run = runs.get(asset)!;
      const row = run.rows++;
      const loss = stated === null ? run.loss.part(row, balance) : run.statedRowLoss(prepared, row, account, balance);
      const in_kind = inKindOf(run.setup, loss);
      run.in_kind_paid!.addWeight(in_kind);
      run.fiat_paid_minor += fiatOf(run.setup, run.fiat_quantity_paid!.add(loss - in_kind), prepared, false);
    });
    for (const run of ordered) {
      run.in_kind_paid!.finish();
      run.fiat_quantity_paid!.finish();
      run.fiat_quantity_paid!.forEachBonus((_row, floor) => {
        run.fiat_paid_minor += fiatOf(run.setup, floor + 1n, prepared, false) - fiatOf(run.setup, floor, prepared, false);
      });
    }
  } else {
    for (const run of ordered) run.fiat_paid_minor = run.fiat_minor;
  }
  const settlement = settlePerAsset(plan_input, plan, ordered.map((r) => r.fiat_paid_minor));

  // Pass 3: the rows.
  const accumulators = new Map(
    setups.map((s) => [s.asset, new AssetAccumulator(s.asset, s.decimals, s.valuation?.residue_scale ?? 0, s.customer_net_minor - runs.get(s.asset)!.loss_total_minor, s.valuation)] as const),
  );
  for (const run of ordered) run.rows = 0;
  const socialize = prepared.policy.on_shortfall === 'socialize';
  await forEachBatch(prepared, assets, sink, (asset, account_id, balance) => {
    const run = runs.get(asset)!;
    const row = run.rows++;
    const loss = stated === null ? run.loss.part(row, balance) : run.statedRowLoss(prepared, row, account_id, balance);
    const in_kind = inKindOf(run.setup, loss);
    const paid_in_kind = plan.full ? in_kind : run.in_kind_paid!.part(row, in_kind);
    const fiat_quantity = plan.full ? loss - in_kind : run.fiat_quantity_paid!.part(row, loss - in_kind);
    const valuation = run.setup.valuation;
    const paid_fiat = valuation === null ? 0n : valuation.payRow(fiat_quantity, plan.full ? prepared.policy.rounding.mode : 'floor');
    const unpaid = loss - paid_in_kind - fiat_quantity;
    const payout: PayoutRow = {
      account_id,
      asset,
      balance_minor: balance,
      loss_minor: loss,
      paid_in_kind_minor: paid_in_kind,
      paid_fiat_minor: paid_fiat,
      iou_minor: 0n,
      unpaid_claim_minor: socialize ? 0n : unpaid,
      rounding_residue: { coef: valuation === null ? 0n : valuation.last_residue_coef, scale: valuation?.residue_scale ?? 0 },
    };
    accumulators.get(asset)!.add(payout, fiat_quantity, socialize ? unpaid : 0n);
    return payout;
  });

  ordered.forEach((run, i) => {
    const totals = accumulators.get(run.setup.asset)!;
    const paid = plan.paid[i]!;
    if (totals.loss_minor !== run.loss_total_minor || totals.paid_in_kind_minor !== paid.in_kind_minor || totals.settled_in_value_minor !== paid.fiat_quantity_minor || totals.paid_fiat_minor !== run.fiat_paid_minor) {
      throw new Error(`per_asset: the rows of ${run.setup.asset} do not add up to the plan`);
    }
  });
  return perAssetResult(prepared, setups, obligations, plan, settlement, [...accumulators.values()]);
}
