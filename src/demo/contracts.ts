// contracts.json of the demo: the preservation contract with a trust bank for the fiscal year of
// as_of (in force), last year's one (expired, so engines must check dates), and a bank guarantee
// running for about a year around as_of.

import { HACK_COMPENSATION } from '../snapshot/period.ts';
import { addDays, fiscalYear } from './calendar.ts';

export interface ContractFile {
  id: string;
  kind: 'preservation' | 'bank_guarantee' | 'trust';
  counterparty: string;
  /** Base currency, whole yen. */
  amount: string;
  start: string;
  end: string;
  covers: string[];
}

export const PRESERVATION_BANK = 'Marunouchi Trust Bank';
export const GUARANTEE_BANK = 'Kanda Bank';

/** `as_of_date` is as_of's calendar date, "YYYY-MM-DD". */
export function demoContracts(as_of_date: string): ContractFile[] {
  const [start, end] = fiscalYear(as_of_date);
  const [previous_start, previous_end] = fiscalYear(addDays(start, -1));
  return [
    {
      id: `pc-${start.slice(0, 4)}`,
      kind: 'preservation',
      counterparty: PRESERVATION_BANK,
      amount: '3000000000',
      start,
      end,
      covers: [HACK_COMPENSATION],
    },
    {
      id: `pc-${previous_start.slice(0, 4)}`,
      kind: 'preservation',
      counterparty: PRESERVATION_BANK,
      amount: '2500000000',
      start: previous_start,
      end: previous_end,
      covers: [HACK_COMPENSATION],
    },
    {
      id: `bg-${as_of_date.slice(0, 4)}`,
      kind: 'bank_guarantee',
      counterparty: GUARANTEE_BANK,
      amount: '1500000000',
      start: addDays(as_of_date, -200),
      end: addDays(as_of_date, 165),
      covers: [HACK_COMPENSATION],
    },
  ];
}
