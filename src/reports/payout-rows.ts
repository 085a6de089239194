// Reads a compensation run's payouts.csv (docs/formats/compensation.md) row by row, streaming: the
// distinct customers of the summary and the per-customer statements both come from it.

import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { PAYOUTS_HEADER } from '../compensation/csv.ts';

export interface PayoutCsvRow {
  account_id: string;
  asset: string;
  balance: string;
  loss: string;
  paid_in_kind: string;
  paid_fiat: string;
  iou: string;
  unpaid_claim: string;
  rounding_residue: string;
}

/** Splits one line of payouts.csv: fields are quoted only when they hold a comma, quote or line break. */
export function splitCsvLine(line: string): string[] {
  const fields: string[] = [];
  let i = 0;
  while (i <= line.length) {
    if (line.charCodeAt(i) === 34) {
      let value = '';
      i += 1;
      for (;;) {
        const q = line.indexOf('"', i);
        if (q < 0) throw new Error('unterminated quote in payouts.csv');
        value += line.slice(i, q);
        if (line.charCodeAt(q + 1) === 34) {
          value += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      fields.push(value);
      i += 1;
    } else {
      const comma = line.indexOf(',', i);
      const end = comma < 0 ? line.length : comma;
      fields.push(line.slice(i, end));
      i = end + 1;
    }
  }
  return fields;
}

export async function* payoutRows(path: string, options: { header?: boolean } = {}): AsyncIterable<PayoutCsvRow> {
  const lines = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
  let first = options.header ?? true;
  for await (const line of lines) {
    if (first) {
      if (line !== PAYOUTS_HEADER) throw new Error(`${path}: not a payouts.csv header`);
      first = false;
      continue;
    }
    if (line === '') continue;
    const f = splitCsvLine(line);
    if (f.length !== 9) throw new Error(`${path}: a row of ${f.length} fields`);
    yield { account_id: f[0]!, asset: f[1]!, balance: f[2]!, loss: f[3]!, paid_in_kind: f[4]!, paid_fiat: f[5]!, iou: f[6]!, unpaid_claim: f[7]!, rounding_residue: f[8]! };
  }
}

/** Distinct customers a Set may hold while counting (about 100 bytes each). */
export const DISTINCT_CUSTOMERS_MAX = 20_000_000;

export interface CustomerCounts {
  customers: number;
  /** Customers with a quantity still owed (unpaid claim) or paid in IOU tokens. */
  customers_not_paid_in_full: number;
  rows: number;
}

export async function countCustomers(path: string): Promise<CustomerCounts> {
  const seen = new Set<string>();
  const short = new Set<string>();
  let rows = 0;
  for await (const row of payoutRows(path)) {
    rows += 1;
    seen.add(row.account_id);
    if (row.unpaid_claim !== '0' || row.iou !== '0') short.add(row.account_id);
    if (seen.size > DISTINCT_CUSTOMERS_MAX) throw new Error(`more than ${DISTINCT_CUSTOMERS_MAX} customers`);
  }
  return { customers: seen.size, customers_not_paid_in_full: short.size, rows };
}
