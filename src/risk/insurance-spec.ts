// What a worker thread needs to rebuild the insurance programme: plain, structured-clonable data
// (the parsed policies.json and the model's wallets). The main thread decides the spec; every
// worker compiles it into the same NetOfInsurance with the insurance module's fast path.

// Workers import this file: it reaches only the insurance fast path, not the whole module
// (each worker compiles what it imports at start-up).
import { compileFastProgramme, PERIL_INDEX, type FastWallet } from '../insurance/fast.ts';
import type { PolicyProgramme } from '../insurance/types.ts';
import { NO_INSURANCE, OCCURRENCE_PERILS, type NetOfInsurance } from './net.ts';

export type InsuranceSpec = { kind: 'none' } | { kind: 'programme'; programme: PolicyProgramme; wallets: FastWallet[] };

export const INSURANCE_NONE: InsuranceSpec = { kind: 'none' };

/** Our peril indices → the insurance module's. */
const PERIL_OF_OCCURRENCE = Uint8Array.from(OCCURRENCE_PERILS.map((p) => PERIL_INDEX[p]));

export function netOfInsurance(spec: InsuranceSpec): NetOfInsurance {
  switch (spec.kind) {
    case 'none':
      return NO_INSURANCE;
    case 'programme': {
      const fast = compileFastProgramme(spec.programme, { wallets: spec.wallets });
      return {
        recoveries(batch) {
          const count = batch.gross.length;
          const year = new Int32Array(count);
          for (let y = 0; y < batch.years; y++) for (let o = batch.year_start[y]!; o < batch.year_start[y + 1]!; o++) year[o] = y;
          const peril = new Uint8Array(count);
          for (let o = 0; o < count; o++) peril[o] = PERIL_OF_OCCURRENCE[batch.peril[o]!]!;
          return fast.apply({ count, year, peril, row_start: batch.hit_start, wallet: batch.hit_wallet, loss: batch.hit_gross }, batch.years).event_recovery;
        },
      };
    }
  }
}
