// The obvious path, for tests: every affected row in memory, every pro-rata share by allocate().
// It shares the pure pieces (terms, prices, the waterfall, row arithmetic) with the streaming
// engines and none of their passes, quotas or bookkeeping; tests compare the two row by row.

import { allocate } from '../money/index.ts';
import { fundingEntries } from './funding.ts';
import { haircutRow, haircutResult, haircutSetups, planOf } from './haircut.ts';
import { fiatOf, inKindOf, obligationsOf, perAssetResult, perAssetSetups } from './per-asset.ts';
import { planPerAsset, settlePerAsset, min } from './plan.ts';
import { inScope, prepare, type CompensationInput, type Prepared } from './prepare.ts';
import { claimOf, rehabilitationResult, rehabilitationRow, rehabilitationSetups, settleRehabilitation } from './rehabilitation.ts';
import { AssetAccumulator } from './rules.ts';
import type { CompensationResult, PayoutRow } from './types.ts';
import { InputError, type InputIssue } from '../errors.ts';
import { statedLossBalanceIssues, unborneRestIssue } from '../incident/stated-losses.ts';

interface Holding {
  account_id: string;
  asset: string;
  balance_minor: bigint;
}

export async function compensateReference(input: CompensationInput): Promise<{ rows: PayoutRow[]; result: CompensationResult }> {
  const prepared = prepare(input);
  const holdings: Holding[] = [];
  for await (const batch of prepared.snapshot.balances.scan()) {
    for (let i = 0; i < batch.length; i++) {
      if (inScope(prepared, batch.account_id[i]!, batch.amount_minor[i]!)) {
        holdings.push({ account_id: batch.account_id[i]!, asset: batch.asset[i]!, balance_minor: batch.amount_minor[i]! });
      }
    }
  }
  switch (prepared.policy.scheme) {
    case 'per_asset':
      return perAsset(prepared, holdings);
    case 'haircut':
      return haircut(prepared, holdings);
    case 'rehabilitation':
      return rehabilitation(prepared, holdings);
  }
}

/**
 * The rows of `assets`, in file order, after checking every listed account holds one of them, no
 * account is stated to have lost more than it held, and every loss left after the stated ones
 * has a listed holder to share it.
 */
function holdingsOf(prepared: Prepared, holdings: readonly Holding[], assets: readonly string[]): Holding[] {
  const chosen = holdings.filter((h) => assets.includes(h.asset));
  if (prepared.incident.affected.mode === 'accounts') {
    const holders = new Set(chosen.map((h) => h.account_id));
    const stated = prepared.stated?.by_account;
    const issues: InputIssue[] = prepared.incident.affected.accounts.flatMap((account, i) =>
      holders.has(account) || stated?.has(account) === true
        ? []
        : [{ file: prepared.incident_file, path: `affected.accounts[${i}]`, field: 'accounts', code: 'compensation.affected_account_no_balance', params: { account, assets: assets.join(', ') } }],
    );
    if (stated !== undefined) {
      const balance = (account: string, asset: string): bigint | undefined => chosen.find((h) => h.account_id === account && h.asset === asset)?.balance_minor;
      issues.push(...statedLossBalanceIssues(prepared.incident, prepared.incident_file, balance, (asset) => prepared.snapshot.assets.get(asset)!.decimals));
      for (const lost of prepared.facts.lost) {
        const stated_minor = prepared.stated!.total.get(lost.asset) ?? 0n;
        const sharers = chosen.some((h) => h.asset === lost.asset && !stated.has(h.account_id));
        if (lost.customer_net_minor > stated_minor && !sharers) issues.push(unborneRestIssue(prepared.incident_file, lost.asset, stated_minor, lost.customer_net_minor, lost.decimals));
      }
    }
    if (issues.length > 0) throw new InputError(issues.slice(0, 100), issues.length);
  }
  return chosen;
}

/** A row's stated loss, or null when its account states none. */
function statedOf(prepared: Prepared, h: Holding): bigint | null {
  const of_account = prepared.stated?.by_account.get(h.account_id);
  return of_account === undefined ? null : (of_account.get(h.asset) ?? 0n);
}

/**
 * The loss of every row: stated rows exactly their stated loss; the rest of each asset's loss
 * (never more than the other rows hold) shared by the other rows pro rata to balance.
 */
function rowLosses(prepared: Prepared, rows: readonly Holding[], setups: ReadonlyArray<{ asset: string; customer_net_minor: bigint }>): { loss: bigint[]; loss_totals: Map<string, bigint> } {
  const stated = rows.map((h) => statedOf(prepared, h));
  const loss_totals = new Map<string, bigint>();
  const shared_totals = new Map<string, bigint>();
  for (const s of setups) {
    const stated_sum = rows.reduce((t, h, i) => (h.asset === s.asset ? t + (stated[i] ?? 0n) : t), 0n);
    const sharers_hold = rows.reduce((t, h, i) => (h.asset === s.asset && stated[i] === null ? t + h.balance_minor : t), 0n);
    const shared = min(s.customer_net_minor - stated_sum, sharers_hold);
    shared_totals.set(s.asset, shared);
    loss_totals.set(s.asset, stated_sum + shared);
  }
  const share = sharePerAsset(rows, shared_totals, (i) => (stated[i] === null ? rows[i]!.balance_minor : 0n));
  return { loss: rows.map((_, i) => stated[i] ?? share[i]!), loss_totals };
}

/** allocate() over each asset's rows; the part of every row, by its index in `rows`. */
function sharePerAsset(rows: readonly Holding[], totals: ReadonlyMap<string, bigint>, weightOf: (row: number) => bigint): bigint[] {
  const parts = rows.map(() => 0n);
  for (const [asset, total] of totals) {
    const indices = rows.flatMap((h, i) => (h.asset === asset ? [i] : []));
    const shares = allocate(total, indices.map(weightOf));
    indices.forEach((row, k) => (parts[row] = shares[k]!));
  }
  return parts;
}

const sumOf = (rows: readonly Holding[], asset: string, values: readonly bigint[]): bigint =>
  rows.reduce((sum, h, i) => (h.asset === asset ? sum + values[i]! : sum), 0n);

function perAsset(prepared: Prepared, holdings: readonly Holding[]): { rows: PayoutRow[]; result: CompensationResult } {
  const setups = perAssetSetups(prepared);
  const rows = holdingsOf(prepared, holdings, setups.map((s) => s.asset));
  const setup_of = new Map(setups.map((s) => [s.asset, s]));
  const { loss, loss_totals } = rowLosses(prepared, rows, setups);
  const in_kind = rows.map((h, i) => inKindOf(setup_of.get(h.asset)!, loss[i]!));
  const fiat_quantity = rows.map((_, i) => loss[i]! - in_kind[i]!);
  const fiat = rows.map((h, i) => fiatOf(setup_of.get(h.asset)!, fiat_quantity[i]!, prepared, true));
  const owed = setups.map((s) => ({ in_kind_minor: sumOf(rows, s.asset, in_kind), fiat_quantity_minor: sumOf(rows, s.asset, fiat_quantity), fiat_minor: sumOf(rows, s.asset, fiat) }));
  const obligations = obligationsOf(prepared, setups, owed);
  const entries = fundingEntries(prepared.snapshot, prepared.incident, prepared.policy, prepared.additional_funding, prepared.insurance, 0n);
  const plan_input = { obligations, entries, base_decimals: prepared.base_decimals, unit_minor: prepared.policy.rounding.unit_minor };
  const plan = planPerAsset(plan_input);
  const paid_in_kind = plan.full ? in_kind : sharePerAsset(rows, new Map(setups.map((s, i) => [s.asset, plan.paid[i]!.in_kind_minor])), (i) => in_kind[i]!);
  const paid_quantity = plan.full ? fiat_quantity : sharePerAsset(rows, new Map(setups.map((s, i) => [s.asset, plan.paid[i]!.fiat_quantity_minor])), (i) => fiat_quantity[i]!);
  const paid_fiat = plan.full ? fiat : rows.map((h, i) => fiatOf(setup_of.get(h.asset)!, paid_quantity[i]!, prepared, false));
  const settlement = settlePerAsset(plan_input, plan, setups.map((s) => sumOf(rows, s.asset, paid_fiat)));
  const socialize = prepared.policy.on_shortfall === 'socialize';
  const accumulators = new Map(setups.map((s) => [s.asset, new AssetAccumulator(s.asset, s.decimals, s.valuation?.residue_scale ?? 0, s.customer_net_minor - loss_totals.get(s.asset)!)]));
  const payouts = rows.map((h, i): PayoutRow => {
    const setup = setup_of.get(h.asset)!;
    const unpaid = loss[i]! - paid_in_kind[i]! - paid_quantity[i]!;
    const row: PayoutRow = {
      account_id: h.account_id,
      asset: h.asset,
      balance_minor: h.balance_minor,
      loss_minor: loss[i]!,
      paid_in_kind_minor: paid_in_kind[i]!,
      paid_fiat_minor: paid_fiat[i]!,
      iou_minor: 0n,
      unpaid_claim_minor: socialize ? 0n : unpaid,
      rounding_residue: { coef: setup.valuation?.residueCoef(paid_quantity[i]!, paid_fiat[i]!) ?? 0n, scale: setup.valuation?.residue_scale ?? 0 },
    };
    accumulators.get(h.asset)!.add(row, paid_quantity[i]!, socialize ? unpaid : 0n);
    return row;
  });
  return { rows: payouts, result: perAssetResult(prepared, setups, obligations, plan, settlement, [...accumulators.values()]) };
}

function haircut(prepared: Prepared, holdings: readonly Holding[]): { rows: PayoutRow[]; result: CompensationResult } {
  const rows = holdingsOf(prepared, holdings, prepared.snapshot.manifest.assets.map((a) => a.symbol));
  // At stake: a row's balance, or its stated loss when its account states one.
  const at_stake = rows.map((h) => statedOf(prepared, h) ?? h.balance_minor);
  const scope = new Map<string, bigint>();
  rows.forEach((h, i) => scope.set(h.asset, (scope.get(h.asset) ?? 0n) + at_stake[i]!));
  const held_by_stated = new Set(rows.flatMap((h) => (statedOf(prepared, h) === null ? [] : [h.asset])));
  const setups = haircutSetups(prepared, scope, held_by_stated);
  const plan = planOf(prepared, setups);
  const setup_of = new Map(setups.map((s) => [s.asset, s]));
  const cut = sharePerAsset(rows, new Map(setups.map((s, i) => [s.asset, plan.cut_minor[i]!])), (i) => at_stake[i]!);
  const accumulators = new Map(setups.map((s) => [s.asset, new AssetAccumulator(s.asset, s.decimals, s.valuation.residue_scale, 0n)]));
  const payouts = rows.map((h, i) => {
    const row = haircutRow(prepared, setup_of.get(h.asset)!, h.account_id, h.balance_minor, cut[i]!);
    accumulators.get(h.asset)!.add(row, row.loss_minor, 0n);
    return row;
  });
  return { rows: payouts, result: haircutResult(prepared, setups, plan, [...accumulators.values()]) };
}

function rehabilitation(prepared: Prepared, holdings: readonly Holding[]): { rows: PayoutRow[]; result: CompensationResult } {
  const setups = rehabilitationSetups(prepared);
  const rows = holdingsOf(prepared, holdings, setups.map((s) => s.asset));
  const setup_of = new Map(setups.map((s) => [s.asset, s]));
  const { loss, loss_totals } = rowLosses(prepared, rows, setups);
  const unit = prepared.policy.rounding.unit_minor;
  const claim_units = rows.map((h, i) => claimOf(prepared, setup_of.get(h.asset)!, loss[i]!) / unit);
  const creditors = [...new Set(rows.map((h) => h.account_id))];
  const rows_of = creditors.map((c) => rows.flatMap((h, i) => (h.account_id === c ? [i] : [])));
  const claims = rows_of.map((indices) => indices.reduce((sum, i) => sum + claim_units[i]!, 0n));
  const settlement = settleRehabilitation(prepared, claims);
  // Cumulative rounding: the first j rows of a creditor are paid ⌊P × (c_1 + … + c_j) / C⌋.
  const paid_units = rows.map(() => 0n);
  rows_of.forEach((indices, c) => {
    let claimed = 0n;
    for (const i of indices) {
      const before = claims[c] === 0n ? 0n : (settlement.payments_units[c]! * claimed) / claims[c]!;
      claimed += claim_units[i]!;
      const after = claims[c] === 0n ? 0n : (settlement.payments_units[c]! * claimed) / claims[c]!;
      paid_units[i] = after - before;
    }
  });
  const accumulators = new Map(setups.map((s) => [s.asset, new AssetAccumulator(s.asset, s.decimals, s.valuation.residue_scale, s.customer_net_minor - loss_totals.get(s.asset)!)]));
  const payouts = rows.map((h, i) => {
    const { row, settled_minor, unpaid_minor } = rehabilitationRow(prepared, setup_of.get(h.asset)!, h.account_id, h.balance_minor, loss[i]!, paid_units[i]! * unit);
    accumulators.get(h.asset)!.add(row, settled_minor, prepared.policy.on_shortfall === 'socialize' ? unpaid_minor : 0n);
    return row;
  });
  return { rows: payouts, result: rehabilitationResult(prepared, setups, settlement, [...accumulators.values()]) };
}
