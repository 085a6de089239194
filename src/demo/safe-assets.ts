// safe_assets.csv of the demo: where the exchange keeps yen it can pay out — demand and time
// deposits (some maturing within six months of as_of, some later), JGBs, a municipal bond, and
// the bank guarantee, linked to its contract by contract_id so it is counted once. Issuer names
// contain no commas or quotes, so rows need no CSV quoting.

import { addMonths, withDay } from './calendar.ts';
import { GUARANTEE_BANK, PRESERVATION_BANK, type ContractFile } from './contracts.ts';
import type { DemoRandom } from './random.ts';

export const SAFE_ASSETS_HEADER = 'id,kind,issuer,face_value,market_value,maturity,segregated,contract_id\n';

export interface SafeAssetRow {
  id: string;
  kind: 'bank_deposit' | 'time_deposit' | 'jgb' | 'municipal_bond' | 'trust' | 'bank_guarantee' | 'other';
  issuer: string;
  /** Whole yen. */
  face_value: string;
  market_value: string;
  maturity: string;
  segregated: boolean;
  contract_id: string;
}

/** `as_of_date` is as_of's calendar date; `bank_guarantee` the contract the guarantee row refers to. */
export function demoSafeAssets(random: DemoRandom, as_of_date: string, bank_guarantee: ContractFile): SafeAssetRow[] {
  // Bond prices move a little with the seed: ±0.8% around a slight discount, to the thousand yen.
  const marketValue = (face_yen: number, discount: number): string => {
    const factor = 1 - discount + 0.008 * (2 * random.next() - 1);
    return String(Math.round((face_yen * factor) / 1000) * 1000);
  };
  const row = (r: Omit<SafeAssetRow, 'market_value' | 'contract_id'> & { market_value?: string; contract_id?: string }): SafeAssetRow => ({
    ...r,
    market_value: r.market_value ?? r.face_value,
    contract_id: r.contract_id ?? '',
  });
  return [
    row({ id: 'sa-001', kind: 'bank_deposit', issuer: PRESERVATION_BANK, face_value: '1800000000', maturity: '', segregated: true }),
    row({ id: 'sa-002', kind: 'bank_deposit', issuer: GUARANTEE_BANK, face_value: '650000000', maturity: '', segregated: false }),
    row({ id: 'sa-003', kind: 'time_deposit', issuer: PRESERVATION_BANK, face_value: '500000000', maturity: addMonths(as_of_date, 3), segregated: true }),
    row({ id: 'sa-004', kind: 'time_deposit', issuer: 'Hoshi Shinkin Bank', face_value: '400000000', maturity: addMonths(as_of_date, 14), segregated: true }),
    row({ id: 'sa-005', kind: 'jgb', issuer: 'Government of Japan', face_value: '1000000000', market_value: marketValue(1_000_000_000, 0.012), maturity: withDay(addMonths(as_of_date, 28), 20), segregated: true }),
    row({ id: 'sa-006', kind: 'jgb', issuer: 'Government of Japan', face_value: '500000000', market_value: marketValue(500_000_000, 0.002), maturity: withDay(addMonths(as_of_date, 4), 20), segregated: true }),
    row({ id: 'sa-007', kind: 'municipal_bond', issuer: 'Tokyo Metropolitan Government', face_value: '300000000', market_value: marketValue(300_000_000, 0.006), maturity: withDay(addMonths(as_of_date, 19), 20), segregated: false }),
    row({ id: 'sa-008', kind: 'bank_guarantee', issuer: bank_guarantee.counterparty, face_value: bank_guarantee.amount, maturity: bank_guarantee.end, segregated: true, contract_id: bank_guarantee.id }),
  ];
}

export function safeAssetsCsv(rows: readonly SafeAssetRow[]): string {
  return (
    SAFE_ASSETS_HEADER +
    rows
      .map((r) => [r.id, r.kind, r.issuer, r.face_value, r.market_value, r.maturity, String(r.segregated), r.contract_id].join(',') + '\n')
      .join('')
  );
}
