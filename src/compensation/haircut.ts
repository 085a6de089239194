// Scheme haircut (Bitfinex 2016), streaming. Funds first make good what they can of the loss's
// value; the rest is socialised over every affected balance of every asset by one ratio, and each
// customer receives IOUs, one per unit of base currency cut, valued at the asset's price. An
// account that states its loss has only that at stake: it is cut by the same ratio on its stated
// loss, never on the rest of its balance, and so never by more than it lost.
//
// Passes over all balances: (1) each asset's cut spread pro rata to balance, (2) the rows.

import { detectionPrice, resolvePrice } from './prices.ts';
import { termsFor } from './policy.ts';
import { fundingEntries } from './funding.ts';
import { planHaircut, type HaircutPlan } from './plan.ts';
import { forEachBatch, forEachRow, scopeTotals, statedLossOf, type Prepared } from './prepare.ts';
import { AssetAccumulator, Valuation } from './rules.ts';
import { StreamingAllocation } from './streaming-allocate.ts';
import type { CompensationResult, PayoutRow, PayoutSink, PriceRuleName, ReferencePrice } from './types.ts';
import { valueFor } from '../money/index.ts';

export interface HaircutSetup {
  asset: string;
  decimals: number;
  rule: PriceRuleName;
  valuation: Valuation;
  scope_total_minor: bigint;
  net_loss_minor: bigint;
}

/**
 * Assets with affected balances or a loss, each valued under its price rule; also those that only
 * accounts stating their loss hold (`held_by_stated`: their rows are listed, with nothing at stake).
 */
export function haircutSetups(prepared: Prepared, scope: ReadonlyMap<string, bigint>, held_by_stated: ReadonlySet<string>): HaircutSetup[] {
  const losses = new Map(prepared.facts.lost.map((l) => [l.asset, l.customer_net_minor]));
  const setups: HaircutSetup[] = [];
  for (const spec of prepared.snapshot.manifest.assets) {
    const scope_total_minor = scope.get(spec.symbol) ?? 0n;
    const net_loss_minor = losses.get(spec.symbol) ?? 0n;
    if (scope_total_minor === 0n && net_loss_minor === 0n && !held_by_stated.has(spec.symbol)) continue;
    const rule = termsFor(prepared.policy, spec.symbol).price!;
    const price = resolvePrice(rule, spec.symbol, prepared.snapshot, prepared.incident);
    setups.push({
      asset: spec.symbol,
      decimals: spec.decimals,
      rule: rule.rule,
      valuation: new Valuation(spec.decimals, price, prepared.base_decimals, prepared.policy.rounding.unit_minor),
      scope_total_minor,
      net_loss_minor,
    });
  }
  return setups;
}

/**
 * Guarantee crypto counts as money where coins are not restored in kind: each wallet a holding,
 * valued at detection and rounded down on its own (docs/formats/valuation.md).
 */
export function guaranteeAsMoney(prepared: Prepared): bigint {
  if (!prepared.policy.funding_order.includes('guarantee')) return 0n;
  let total = 0n;
  for (const wallet of prepared.facts.guarantee_wallets) {
    if (wallet.amount_minor === 0n) continue;
    const price = detectionPrice(prepared.snapshot, wallet.asset, prepared.incident);
    total += valueFor('holding', wallet.amount_minor, prepared.snapshot.assets.get(wallet.asset)!.decimals, price, prepared.base_decimals);
  }
  return total;
}

export function planOf(prepared: Prepared, setups: readonly HaircutSetup[]): HaircutPlan {
  const entries = fundingEntries(prepared.snapshot, prepared.incident, prepared.policy, prepared.additional_funding, prepared.insurance, guaranteeAsMoney(prepared));
  return planHaircut(
    setups.map((s) => ({ asset: s.asset, decimals: s.decimals, scope_total_minor: s.scope_total_minor, net_loss_minor: s.net_loss_minor, price: s.valuation.price })),
    entries,
    prepared.base_decimals,
  );
}

/** The row of a balance that lost `loss_minor`: IOUs for its value, nothing paid. */
export function haircutRow(prepared: Prepared, setup: HaircutSetup, account_id: string, balance_minor: bigint, loss_minor: bigint): PayoutRow {
  const iou = setup.valuation.payRow(loss_minor, prepared.policy.rounding.mode);
  return {
    account_id,
    asset: setup.asset,
    balance_minor,
    loss_minor,
    paid_in_kind_minor: 0n,
    paid_fiat_minor: 0n,
    iou_minor: iou,
    unpaid_claim_minor: 0n,
    rounding_residue: { coef: setup.valuation.last_residue_coef, scale: setup.valuation.residue_scale },
  };
}

export function haircutResult(prepared: Prepared, setups: readonly HaircutSetup[], plan: HaircutPlan, accumulators: readonly AssetAccumulator[]): CompensationResult {
  const reference_prices: ReferencePrice[] = setups
    .filter((s) => s.asset !== prepared.base_currency)
    .map((s) => ({ asset: s.asset, rule: s.rule, price: s.valuation.price }));
  return {
    incident_id: prepared.incident.id,
    scheme: 'haircut',
    on_shortfall: prepared.policy.on_shortfall,
    base_currency: prepared.base_currency,
    base_decimals: prepared.base_decimals,
    total_need_minor: plan.total_need_minor,
    shortfall_minor: plan.shortfall_minor,
    haircut_ratio: plan.ratio,
    coverage_ratio: null,
    reference_prices,
    sources: plan.sources,
    insurance_status: prepared.insurance.status,
    insurance_unattributed_minor: prepared.insurance.unattributed_minor ?? null,
    by_asset: accumulators.filter((a) => a.rows > 0).map((a) => a.totals()),
    rows: accumulators.reduce((sum, a) => sum + a.rows, 0),
  };
}

/** What a row has at stake under a haircut: its balance, or its stated loss when its account states one. */
export function atStakeOf(prepared: Prepared, account_id: string, asset: string, balance_minor: bigint): bigint {
  return prepared.stated !== null && prepared.stated.by_account.has(account_id) ? statedLossOf(prepared, account_id, asset) : balance_minor;
}

/** Σ at stake per asset: the balances shared by balance and the stated losses. */
export function atStakeTotals(prepared: Prepared, shared: ReadonlyMap<string, bigint>): Map<string, bigint> {
  const totals = new Map(shared);
  for (const [asset, stated] of prepared.stated?.total ?? []) totals.set(asset, (totals.get(asset) ?? 0n) + stated);
  return totals;
}

export async function compensateHaircut(prepared: Prepared, sink: PayoutSink): Promise<CompensationResult> {
  const all_assets = prepared.snapshot.manifest.assets.map((a) => a.symbol);
  const held_by_stated = new Set<string>();
  const scope = atStakeTotals(prepared, await scopeTotals(prepared, all_assets, held_by_stated));
  const stated = prepared.stated;
  const setups = haircutSetups(prepared, scope, held_by_stated);
  const plan = planOf(prepared, setups);
  const runs = new Map<string, { setup: HaircutSetup; cut: StreamingAllocation; rows: number }>();
  setups.forEach((s, i) => runs.set(s.asset, { setup: s, cut: new StreamingAllocation(plan.cut_minor[i]!, s.scope_total_minor), rows: 0 }));

  // Without stated losses the weight is the balance, read as before with nothing else on the hot path.
  await forEachRow(
    prepared,
    all_assets,
    stated === null
      ? (asset, _account, balance) => runs.get(asset)!.cut.addWeight(balance)
      : (asset, account, balance) => runs.get(asset)!.cut.addWeight(atStakeOf(prepared, account, asset, balance)),
  );
  for (const run of runs.values()) run.cut.finish();

  const accumulators = new Map(setups.map((s) => [s.asset, new AssetAccumulator(s.asset, s.decimals, s.valuation.residue_scale, 0n, s.valuation)] as const));
  await forEachBatch(prepared, all_assets, sink, (asset, account_id, balance) => {
    const run = runs.get(asset)!;
    const weight = stated === null ? balance : atStakeOf(prepared, account_id, asset, balance);
    const payout = haircutRow(prepared, run.setup, account_id, balance, run.cut.part(run.rows++, weight));
    accumulators.get(asset)!.add(payout, payout.loss_minor, 0n);
    return payout;
  });
  setups.forEach((s, i) => {
    if (accumulators.get(s.asset)!.loss_minor !== plan.cut_minor[i]) throw new Error(`haircut: the rows of ${s.asset} do not add up to the cut`);
  });
  return haircutResult(prepared, setups, plan, [...accumulators.values()]);
}
