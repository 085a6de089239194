// Row-level arithmetic shared by every scheme: a quantity valued at a price and paid to the
// policy's unit, with the residue (value owed − value paid) kept exactly; and the in-kind part of
// a mixed payout.

import { divRound, pow10, type Decimal, type RoundingMode } from '../money/index.ts';
import type { AssetTotals, PayoutRow } from './types.ts';

/** Paying quantities of one asset at one price, in multiples of `unit_minor` of the base currency. */
export class Valuation {
  /** 10^(asset decimals + price scale): the denominator of an exact value in base minor units. */
  private readonly denominator: bigint;
  private readonly numerator_factor: bigint;
  private readonly payment_denominator: bigint;
  /** Residues are Decimals in base-currency units with this scale. */
  readonly residue_scale: number;

  constructor(
    readonly asset_decimals: number,
    readonly price: Decimal,
    readonly base_decimals: number,
    readonly unit_minor: bigint,
  ) {
    if (price.coef <= 0n) throw new RangeError('Valuation needs a positive price');
    if (unit_minor <= 0n) throw new RangeError('Valuation needs a positive unit');
    this.denominator = pow10(asset_decimals + price.scale);
    this.numerator_factor = price.coef * pow10(base_decimals);
    this.payment_denominator = this.denominator * unit_minor;
    this.residue_scale = asset_decimals + price.scale + base_decimals;
  }

  /** The payment for `quantity_minor`, in base minor units, a multiple of the unit. */
  pay(quantity_minor: bigint, mode: RoundingMode): bigint {
    const numerator = quantity_minor * this.numerator_factor;
    // Quantities are never negative, so truncating division is floor: the common case, fast.
    if (mode === 'floor' && numerator >= 0n) return (numerator / this.payment_denominator) * this.unit_minor;
    return this.unit_minor * divRound(numerator, this.payment_denominator, mode);
  }

  /** value(quantity) − paid, exactly, in base-currency units (coef at `residue_scale`). */
  residueCoef(quantity_minor: bigint, paid_minor: bigint): bigint {
    return quantity_minor * this.numerator_factor - paid_minor * this.denominator;
  }

  /** What the last payRow() left: residueCoef(quantity, paid) of that row. */
  last_residue_coef = 0n;

  /**
   * pay() and residueCoef() of one payout row at once, sharing the product and the division:
   * a third of the bigint operations. The residue is left in `last_residue_coef`.
   */
  payRow(quantity_minor: bigint, mode: RoundingMode): bigint {
    if (quantity_minor === 0n) {
      this.last_residue_coef = 0n;
      return 0n;
    }
    const numerator = quantity_minor * this.numerator_factor;
    const units = mode === 'floor' && numerator >= 0n ? numerator / this.payment_denominator : divRound(numerator, this.payment_denominator, mode);
    // units × unit × 10^(decimals + price scale) = units × payment_denominator.
    this.last_residue_coef = numerator - units * this.payment_denominator;
    return this.unit_minor === 1n ? units : units * this.unit_minor;
  }
}

/** ⌊loss × share⌋: the in-kind part of a mixed payout; the rest is paid in fiat. */
export function inKindShareOf(loss_minor: bigint, share: Decimal): bigint {
  return (loss_minor * share.coef) / pow10(share.scale);
}

/** Column sums of one asset's rows; residues are summed exactly at one scale per asset. */
export class AssetAccumulator {
  rows = 0;
  balance_minor = 0n;
  loss_minor = 0n;
  paid_in_kind_minor = 0n;
  settled_in_value_minor = 0n;
  paid_fiat_minor = 0n;
  iou_minor = 0n;
  unpaid_claim_minor = 0n;
  written_off_minor = 0n;
  residue_coef = 0n;

  constructor(
    readonly asset: string,
    readonly decimals: number,
    readonly residue_scale: number,
    readonly borne_by_exchange_minor: bigint,
    /**
     * The streaming engines' rows carry residueCoef(settled, paid) of this valuation, so the
     * residue total follows from two column totals instead of a sum per row; the reference sums.
     */
    private readonly residues_of: Valuation | null = null,
  ) {
    if (residues_of !== null && residues_of.residue_scale !== residue_scale) throw new Error('AssetAccumulator: residue scale differs from its valuation');
  }

  /**
   * Adds a row after checking that its loss is accounted for: in kind + settled in value (fiat or
   * IOU) + claim + written off. `settled_in_value_minor` is the quantity paid in value.
   */
  add(row: PayoutRow, settled_in_value_minor: bigint, written_off_minor: bigint): void {
    // The reference checks that each row accounts for its loss; the streaming engines build each
    // row's unpaid part as the rest of its loss, so for them totals() checks the sums instead:
    // three bigint operations a row saved on the hot path.
    if (this.residues_of === null && row.loss_minor - row.paid_in_kind_minor - settled_in_value_minor !== row.unpaid_claim_minor + written_off_minor) {
      throw new Error(`payout row for ${row.account_id}/${row.asset} does not account for its loss`);
    }
    if (row.loss_minor > row.balance_minor || row.paid_in_kind_minor < 0n || row.unpaid_claim_minor < 0n || written_off_minor < 0n || settled_in_value_minor < 0n) {
      throw new Error(`payout row for ${row.account_id}/${row.asset} is out of bounds`);
    }
    if (row.rounding_residue.scale !== this.residue_scale) throw new Error('payout row residue at an unexpected scale');
    this.rows += 1;
    this.balance_minor += row.balance_minor;
    this.loss_minor += row.loss_minor;
    // Most columns of most rows are zero: skipping them saves a bigint allocation each.
    if (row.paid_in_kind_minor !== 0n) this.paid_in_kind_minor += row.paid_in_kind_minor;
    if (settled_in_value_minor !== 0n) this.settled_in_value_minor += settled_in_value_minor;
    if (row.paid_fiat_minor !== 0n) this.paid_fiat_minor += row.paid_fiat_minor;
    if (row.iou_minor !== 0n) this.iou_minor += row.iou_minor;
    if (row.unpaid_claim_minor !== 0n) this.unpaid_claim_minor += row.unpaid_claim_minor;
    if (written_off_minor !== 0n) this.written_off_minor += written_off_minor;
    if (this.residues_of === null && row.rounding_residue.coef !== 0n) this.residue_coef += row.rounding_residue.coef;
  }

  totals(): AssetTotals {
    if (this.loss_minor - this.paid_in_kind_minor - this.settled_in_value_minor !== this.unpaid_claim_minor + this.written_off_minor) {
      throw new Error(`payout rows of ${this.asset} do not account for their loss`);
    }
    return {
      asset: this.asset,
      decimals: this.decimals,
      rows: this.rows,
      balance_minor: this.balance_minor,
      loss_minor: this.loss_minor,
      paid_in_kind_minor: this.paid_in_kind_minor,
      settled_in_value_minor: this.settled_in_value_minor,
      paid_fiat_minor: this.paid_fiat_minor,
      iou_minor: this.iou_minor,
      unpaid_claim_minor: this.unpaid_claim_minor,
      written_off_minor: this.written_off_minor,
      rounding_residue: { coef: this.residues_of === null ? this.residue_coef : this.residues_of.residueCoef(this.settled_in_value_minor, this.paid_fiat_minor + this.iou_minor), scale: this.residue_scale },
      borne_by_exchange_minor: this.borne_by_exchange_minor,
    };
  }
}
