// The seam between simulated gross losses and the insurance programme. The simulation hands over
// one block of simulated years at a time, each year's occurrences in the order they happened
// (deductibles, aggregates and reinstatements depend on that order), and gets back what the
// programme recovers per occurrence. Simulated years are policy years: aggregates reset each year.

/** Occurrence perils, in the incident vocabulary of src/incident/types.ts. */
export const OCCURRENCE_PERILS = ['external_hack', 'vendor_compromise'] as const;
export const PERIL_OWN_BREACH = 0;
export const PERIL_SHARED_CAUSE = 1;

/** Amounts are floats in base-currency minor units: the stochastic model's unit of account. */
export interface OccurrenceBatch {
  years: number;
  /** Occurrences of year y are [year_start[y], year_start[y + 1]); length years + 1. */
  year_start: Int32Array;
  gross: Float64Array;
  /** Index into OCCURRENCE_PERILS. */
  peril: Uint8Array;
  /** Wallet hits of occurrence o are [hit_start[o], hit_start[o + 1]); length occurrences + 1. */
  hit_start: Int32Array;
  /** Index into the model's wallets. */
  hit_wallet: Int32Array;
  hit_gross: Float64Array;
}

export interface NetOfInsurance {
  /** Recovery per occurrence, each in [0, gross]. */
  recoveries(batch: OccurrenceBatch): Float64Array;
}

/** No insurance: nothing is recovered. */
export const NO_INSURANCE: NetOfInsurance = {
  recoveries: (batch) => new Float64Array(batch.gross.length),
};
