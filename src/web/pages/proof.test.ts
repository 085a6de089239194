// The customer's proof page shows balances to every digit, grouped, right-aligned, and yen as 円 in
// Japanese: the worked example's customer A0001 holds 1,250,000 yen, 0.5 BTC and one wei; all
// customers' ETH total is 340,282,366,920,941.463463374607431769 (2^128 + 1 wei, past any float).

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { translator } from '../../i18n/catalogs.ts';
import type { LiabilitiesJson, ProofJson } from '../../proof/format.ts';
import { verifyProof } from '../../proof/verify.ts';
import { proofBody } from './proof.ts';

const EXAMPLES = new URL('../../../examples/proof/', import.meta.url).pathname;
const proof = JSON.parse(readFileSync(`${EXAMPLES}proofs/customer-1.json`, 'utf8')) as ProofJson;
const liabilities = JSON.parse(readFileSync(`${EXAMPLES}liabilities.json`, 'utf8')) as LiabilitiesJson;
const verification = verifyProof({ proof, proof_file: 'proof.json', liabilities, liabilities_file: 'liabilities.json', account_id: 'A0001' });

/** The balances table's rows as [asset, yours, total], each cell's class beside its text. */
async function balanceRows(lang: 'en' | 'ja'): Promise<string[][]> {
  const page = String(await proofBody(translator(lang), { found: true, proof, liabilities, verification }, (iso) => iso));
  const table = page.slice(page.indexOf('<tbody>'), page.indexOf('</tbody>'));
  return [...table.matchAll(/<tr>(.*?)<\/tr>/g)].map((row) => [...row[1]!.matchAll(/<(th|td)([^>]*)>(.*?)<\/\1>/g)].map((cell) => `${cell[2]!.trim()}|${cell[3]}`));
}

describe("the customer's proof page", () => {
  it('shows every digit, grouped, in right-aligned cells, and yen as 円 in Japanese', async () => {
    expect(verification.ok).toBe(true);
    expect(await balanceRows('ja')).toEqual([
      ['scope="row"|円', 'class="num"|1,250,000', 'class="num"|1,000,001,249,999'],
      ['scope="row"|BTC', 'class="num"|0.5', 'class="num"|0.50000123'],
      ['scope="row"|ETH', 'class="num"|0.000000000000000001', 'class="num"|340,282,366,920,941.463463374607431769'],
    ]);
    expect((await balanceRows('en'))[0]).toEqual(['scope="row"|JPY', 'class="num"|1,250,000', 'class="num"|1,000,001,249,999']);
  });
});
