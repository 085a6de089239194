// The funding waterfall at the level of totals: what each asset's customers are owed, what the
// sources hold, and what gets paid. Pure and exact; the engines then spread the paid totals over
// the customers' rows.
//
// per_asset. Obligations per asset: coins in kind (K) and yen for the fiat part (F, for a quantity
// Q at the reference price). Guarantee crypto pays only in-kind obligations of its own asset;
// money pays anything, buying coins at the latest price at or before detection (a requirement,
// rounded up: V(x) = ⌈x × p⌉). Money is drawn for what it buys, V(bought); the guarantee crypto
// for the rest of its asset's need, V(K′) − V(bought): a money source is never charged less than
// its coins cost, and none of it is left over that could still buy a minor unit (docs/formats/
// valuation.md). When the money suffices, the sources are drawn in the policy's order, money
// first going to what guarantee crypto cannot pay. When it does not, every obligation is paid the
// same share c (the coverage ratio, 18 decimals, the largest the money allows), except that an
// asset's guarantee crypto can lift its own in-kind share above c: max-min fairness.

import { allocate, divRound, pow10, quantityForValueMinor, normalize, valueFor, type Decimal } from '../money/index.ts';
import { drawInOrder, sourceResults, type FundingEntry } from './funding.ts';
import { COVERAGE_SCALE, RATIO_DISPLAY_SCALE, type SourceResult } from './types.ts';

export interface AssetObligation {
  asset: string;
  decimals: number;
  /** K: coins owed in kind. */
  in_kind_minor: bigint;
  /** Q: the quantity owed in fiat. */
  fiat_quantity_minor: bigint;
  /** F: what the fiat part pays under the policy's rounding, summed over rows. */
  fiat_minor: bigint;
  /** The reference price of the fiat part (null when Q = 0). */
  fiat_price: Decimal | null;
  /** The price coins are bought at (null when K = 0). */
  detection_price: Decimal | null;
  /** Guarantee crypto of this asset still held. */
  guarantee_minor: bigint;
}

export interface PerAssetInput {
  obligations: AssetObligation[];
  /** In policy order; a `guarantee` entry's available amount is ignored (it is recomputed). */
  entries: FundingEntry[];
  base_decimals: number;
  unit_minor: bigint;
}

export interface AssetPaid {
  /** K′: coins paid in kind. */
  in_kind_minor: bigint;
  /** Q′: the quantity paid in fiat. */
  fiat_quantity_minor: bigint;
  /** Of K′, what guarantee crypto restores. */
  guarantee_used_minor: bigint;
}

export interface PerAssetPlan {
  full: boolean;
  /** Under a shortfall: c, with 0 ≤ c ≤ 1; null when everything is paid. */
  coverage: Decimal | null;
  paid: AssetPaid[];
  total_need_minor: bigint;
}

const COVERAGE_ONE = pow10(COVERAGE_SCALE);

/** V(x): what x coins cost at the detection price — a requirement, rounded up. */
function costOf(o: AssetObligation, quantity_minor: bigint, base_decimals: number): bigint {
  if (quantity_minor === 0n) return 0n;
  if (o.detection_price === null) throw new Error(`no detection price for ${o.asset}`);
  return valueFor('requirement', quantity_minor, o.decimals, o.detection_price, base_decimals);
}

/**
 * ⌈Q × P⌉ to the payment unit: what paying Q in fiat may cost. Rows are paid rounded down, so they
 * never cost more; rounding the bound up keeps Q within what the money buys.
 */
function fiatCostOf(o: AssetObligation, quantity_minor: bigint, base_decimals: number, unit_minor: bigint): bigint {
  if (quantity_minor === 0n) return 0n;
  const price = o.fiat_price!;
  return unit_minor * divRound(quantity_minor * price.coef * pow10(base_decimals), pow10(o.decimals + price.scale) * unit_minor, 'ceil');
}

function guaranteeOrdered(entries: readonly FundingEntry[]): boolean {
  return entries.some((e) => e.kind === 'guarantee');
}

function moneyOf(entries: readonly FundingEntry[]): bigint {
  return entries.reduce((sum, e) => (e.kind === 'guarantee' ? sum : sum + e.available_minor), 0n);
}

export function planPerAsset(input: PerAssetInput): PerAssetPlan {
  const { obligations, entries, base_decimals, unit_minor } = input;
  const with_guarantee = guaranteeOrdered(entries);
  // N: the in-kind part guarantee crypto could restore.
  const coverable = obligations.map((o) => (with_guarantee ? min(o.in_kind_minor, o.guarantee_minor) : 0n));
  const total_need_minor = obligations.reduce((sum, o) => sum + o.fiat_minor + costOf(o, o.in_kind_minor, base_decimals), 0n);
  const priority = obligations.reduce((sum, o, i) => sum + o.fiat_minor + costOf(o, o.in_kind_minor - coverable[i]!, base_decimals), 0n);
  const money = moneyOf(entries);
  if (money >= priority) {
    return {
      full: true,
      coverage: null,
      paid: obligations.map((o) => ({ in_kind_minor: o.in_kind_minor, fiat_quantity_minor: o.fiat_quantity_minor, guarantee_used_minor: 0n })),
      total_need_minor,
    };
  }
  const paidAt = (j: bigint): AssetPaid[] =>
    obligations.map((o, i) => {
      const in_kind = max(coverable[i]!, (o.in_kind_minor * j) / COVERAGE_ONE);
      return {
        in_kind_minor: in_kind,
        fiat_quantity_minor: (o.fiat_quantity_minor * j) / COVERAGE_ONE,
        guarantee_used_minor: with_guarantee ? min(o.guarantee_minor, in_kind) : 0n,
      };
    });
  const moneyNeeded = (paid: AssetPaid[]): bigint =>
    obligations.reduce(
      (sum, o, i) =>
        sum +
        fiatCostOf(o, paid[i]!.fiat_quantity_minor, base_decimals, unit_minor) +
        costOf(o, paid[i]!.in_kind_minor - paid[i]!.guarantee_used_minor, base_decimals),
      0n,
    );
  // The money needed grows with j; at j = 0 only guarantee crypto pays, which costs no money.
  let low = 0n;
  let high = COVERAGE_ONE;
  while (low < high) {
    const mid = (low + high + 1n) / 2n;
    if (moneyNeeded(paidAt(mid)) <= money) low = mid;
    else high = mid - 1n;
  }
  // Many j pay the same totals (floors): report the roundest ratio among them, so that "0.5" reads
  // 0.5 and not 0.500000000999999999. Any j in [first, low] pays exactly `paid`.
  const paid = paidAt(low);
  const same = (other: AssetPaid[]): boolean => other.every((p, i) => p.in_kind_minor === paid[i]!.in_kind_minor && p.fiat_quantity_minor === paid[i]!.fiat_quantity_minor);
  let first = 0n;
  let last = low;
  while (first < last) {
    const mid = (first + last) / 2n;
    if (same(paidAt(mid))) last = mid;
    else first = mid + 1n;
  }
  return { full: false, coverage: normalize({ coef: roundestIn(first, low), scale: COVERAGE_SCALE }), paid, total_need_minor };
}

/** The number in [low, high] with the most trailing zeros. */
function roundestIn(low: bigint, high: bigint): bigint {
  for (let digits = COVERAGE_SCALE; digits >= 0; digits--) {
    const step = pow10(digits);
    const candidate = ((low + step - 1n) / step) * step;
    if (candidate <= high) return candidate;
  }
  return low;
}

export interface PerAssetSettlement {
  sources: SourceResult[];
  /** What guarantee crypto restores per asset (K′ of it); the rest of K′ is bought. */
  guarantee_used_minor: bigint[];
  shortfall_minor: bigint;
}

/**
 * Which source pays what, once the rows are known: `fiat_paid_minor` is what the fiat rows add up
 * to. In full, money before the guarantee entry pays first what guarantee crypto cannot (fiat and
 * in-kind beyond the guarantee), then buys coins that spare the guarantee crypto.
 */
export function settlePerAsset(input: PerAssetInput, plan: PerAssetPlan, fiat_paid_minor: readonly bigint[]): PerAssetSettlement {
  const { obligations, entries, base_decimals } = input;
  const cost = (i: number, q: bigint): bigint => costOf(obligations[i]!, q, base_decimals);
  const guarantee_at = entries.findIndex((e) => e.kind === 'guarantee');
  const guarantee_available = obligations.reduce((sum, o, i) => (o.in_kind_minor > 0n ? sum + cost(i, o.guarantee_minor) : sum), 0n);
  const valued = entries.map((e) => (e.kind === 'guarantee' ? { ...e, available_minor: guarantee_available } : e));
  const drawn = entries.map(() => 0n);
  const drawMoney = (from: number, to: number, amount: bigint): void => {
    const slice = valued.slice(from, to).filter((e) => e.kind !== 'guarantee');
    const taken = drawInOrder(slice, amount);
    let k = 0;
    for (let i = from; i < to; i++) if (valued[i]!.kind !== 'guarantee') drawn[i] = taken[k++]!;
  };
  let guarantee_used: bigint[];
  if (plan.full) {
    obligations.forEach((o, i) => {
      if (fiat_paid_minor[i] !== o.fiat_minor) throw new Error('settlePerAsset: full payment must pay every fiat obligation');
    });
    const coverable = obligations.map((o) => (guarantee_at >= 0 ? min(o.in_kind_minor, o.guarantee_minor) : 0n));
    const priority = obligations.reduce((sum, o, i) => sum + o.fiat_minor + cost(i, o.in_kind_minor - coverable[i]!), 0n);
    const pre_end = guarantee_at >= 0 ? guarantee_at : entries.length;
    const pre_money = moneyOf(valued.slice(0, pre_end));
    if (pre_money <= priority) {
      drawMoney(0, pre_end, pre_money);
      drawMoney(pre_end, entries.length, priority - pre_money);
      guarantee_used = coverable;
    } else {
      // Money ahead of the guarantee buys coins too, pro rata to what each asset's coins cost.
      const spare = pre_money - priority;
      const coverable_cost = coverable.map((q, i) => cost(i, q));
      const coverable_total = coverable_cost.reduce((s, v) => s + v, 0n);
      let bought: bigint[];
      if (spare >= coverable_total) bought = coverable;
      else {
        const shares = allocate(spare, coverable_cost);
        bought = coverable.map((q, i) => {
          const o = obligations[i]!;
          return q === 0n ? 0n : min(q, quantityForValueMinor(shares[i]!, base_decimals, o.detection_price!, o.decimals, 'floor'));
        });
      }
      guarantee_used = coverable.map((q, i) => q - bought[i]!);
      // Money buys every coin the guarantee does not restore: at most priority + spare, since
      // ⌈a + b⌉ ≤ ⌈a⌉ + ⌈b⌉ and the coins bought with a share cost no more than the share.
      drawMoney(0, pre_end, obligations.reduce((sum, o, i) => sum + o.fiat_minor + cost(i, o.in_kind_minor - guarantee_used[i]!), 0n));
    }
  } else {
    guarantee_used = plan.paid.map((p) => p.guarantee_used_minor);
    const money_used = plan.paid.reduce((sum, p, i) => sum + fiat_paid_minor[i]! + cost(i, p.in_kind_minor - p.guarantee_used_minor), 0n);
    drawMoney(0, entries.length, money_used);
  }
  // The guarantee crypto meets the rest of each asset's need for the coins paid in kind.
  const in_kind_paid = plan.full ? obligations.map((o) => o.in_kind_minor) : plan.paid.map((p) => p.in_kind_minor);
  if (guarantee_at >= 0) drawn[guarantee_at] = guarantee_used.reduce((sum, q, i) => sum + cost(i, in_kind_paid[i]!) - cost(i, in_kind_paid[i]! - q), 0n);
  const drawn_total = drawn.reduce((s, v) => s + v, 0n);
  const shortfall_minor = plan.total_need_minor - drawn_total;
  if (shortfall_minor < 0n || (plan.full && shortfall_minor !== 0n)) throw new Error('settlePerAsset: draws do not match the need');
  return { sources: sourceResults(valued, drawn), guarantee_used_minor: guarantee_used, shortfall_minor };
}

export interface HaircutAsset {
  asset: string;
  decimals: number;
  /** Σ balances in scope: what the cut applies to. */
  scope_total_minor: bigint;
  /** Customers' net loss of this asset. */
  net_loss_minor: bigint;
  price: Decimal;
}

export interface HaircutPlan {
  total_need_minor: bigint;
  shortfall_minor: bigint;
  sources: SourceResult[];
  /** Per asset (same order): the quantity cut from its balances. */
  cut_minor: bigint[];
  ratio: Decimal;
}

/**
 * haircut: funds first make good what they can of the loss's value (each asset's loss a
 * requirement, rounded up on its own); the rest is cut from every balance in scope by the same
 * ratio h = rest / value of all balances (exact), per asset rounded half-even and never more than
 * the balances.
 */
export function planHaircut(assets: readonly HaircutAsset[], entries: readonly FundingEntry[], base_decimals: number): HaircutPlan {
  // Values × 10^E are integers: E covers every asset's decimals plus its price's.
  const exponent = Math.max(0, ...assets.map((a) => a.decimals + a.price.scale - base_decimals));
  const scaled = (a: HaircutAsset, quantity: bigint): bigint => quantity * a.price.coef * pow10(base_decimals + exponent - a.decimals - a.price.scale);
  const one = pow10(exponent);
  const total_scaled = assets.reduce((sum, a) => sum + scaled(a, a.scope_total_minor), 0n);
  // The need: each asset's loss a requirement, rounded up on its own, then summed.
  const total_need_minor = assets.reduce((sum, a) => sum + valueFor('requirement', a.net_loss_minor, a.decimals, a.price, base_decimals), 0n);
  const money = entries.reduce((sum, e) => sum + e.available_minor, 0n);
  const drawn_total = min(money, total_need_minor);
  const drawn = drawInOrder(entries, drawn_total);
  const shortfall_minor = total_need_minor - drawn_total;
  const cut_scaled = shortfall_minor * one;
  const everything = total_scaled === 0n || cut_scaled >= total_scaled;
  const cut_minor = assets.map((a) => (everything ? a.scope_total_minor : divRound(cut_scaled * a.scope_total_minor, total_scaled, 'half-even')));
  const ratio = everything ? { coef: total_scaled === 0n && cut_scaled === 0n ? 0n : 1n, scale: 0 } : normalize({ coef: divRound(cut_scaled * pow10(RATIO_DISPLAY_SCALE), total_scaled, 'half-even'), scale: RATIO_DISPLAY_SCALE });
  return { total_need_minor, shortfall_minor, sources: sourceResults(entries, drawn), cut_minor, ratio };
}

export function min(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}
export function max(a: bigint, b: bigint): bigint {
  return a > b ? a : b;
}

/**
 * rehabilitation: every creditor is first repaid up to the cap; what the estate holds beyond that
 * goes pro rata to the claims' rest. An estate too small for the first tier is shared pro rata to
 * it. All amounts are in payment units; shares by largest remainder.
 */
export function creditorPayments(claims: readonly bigint[], cap: bigint, estate: bigint): bigint[] {
  const total = claims.reduce((s, c) => s + c, 0n);
  if (estate >= total) return [...claims];
  const base = claims.map((c) => min(c, cap));
  const base_total = base.reduce((s, b) => s + b, 0n);
  if (estate <= base_total) return allocate(estate, base);
  const rest = allocate(
    estate - base_total,
    claims.map((c, i) => c - base[i]!),
  );
  return base.map((b, i) => b + rest[i]!);
}
