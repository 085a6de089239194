// The proof endpoint's rendering (ProofTree.proofText: straight from the records, doubles below
// 2^53, rendered steps of the held levels kept, whatever is held in memory) against the reference: proofText of the proof
// object, whose sums are BigInt. The same bytes, for any account ids and any amounts.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../errors.ts';
import { buildTree } from './build.ts';
import { deriveProof, ProofTree, proofText, TREE_DIR, u128Decimal } from './derive.ts';
import { AMOUNT_LIMIT, customerSecret, toHex, writeU128 } from './format.ts';
import { rowsSource, VECTOR_HEADER } from './vectors.ts';

const ASSETS = [{ symbol: 'JPY', decimals: 0 }, { symbol: 'BTC', decimals: 8 }, { symbol: 'ETH', decimals: 18 }];
const TWO_53 = 2n ** 53n;
const SHA = new Uint8Array(32).fill(7);

let work = '';
beforeAll(async () => void (work = await mkdtemp(join(tmpdir(), 'hozen-derive-'))));
afterAll(async () => rm(work, { recursive: true, force: true }));

/** Amounts on both sides of 2^53 and of each 32-bit word, up to the largest u128. */
const amount = fc.oneof(
  fc.bigInt({ min: 0n, max: 2n ** 32n }),
  fc.bigInt({ min: TWO_53 - 1000n, max: TWO_53 + 1000n }),
  fc.bigInt({ min: 0n, max: 2n ** 64n }),
  fc.bigInt({ min: 0n, max: AMOUNT_LIMIT - 1n }),
  fc.constantFrom(0n, 1n, TWO_53 - 1n, TWO_53, 2n ** 64n - 1n, 2n ** 64n, AMOUNT_LIMIT - 1n),
);

describe('the decimal digits of a stored amount', () => {
  it('are BigInt’s, for every u128', () => {
    fc.assert(
      fc.property(amount, fc.integer({ min: 0, max: 16 }), (value, offset) => {
        const record = Buffer.alloc(offset + 16, 0xa5);
        writeU128(record, offset, value);
        expect(u128Decimal(record, offset)).toBe(value.toString());
      }),
      { numRuns: 2000 },
    );
  });
});

describe('a proof as the endpoint renders it', () => {
  it('is the bytes of proofText(proof), for any account ids and amounts, again from the kept steps', async () => {
    let round = 0;
    await fc.assert(
      fc.asyncProperty(
        // No line feed: the build packs a batch's ids separated by one (customers.ts).
        fc.uniqueArray(fc.string({ minLength: 1, maxLength: 8, unit: fc.oneof(fc.constantFrom('a', 'Z', '0', '"', '\\', '\t', '\u0001', '保', '😀', '\u2028'), fc.string({ minLength: 1, maxLength: 1 })) }), { minLength: 1, maxLength: 30 }),
        fc.array(amount, { minLength: 60, maxLength: 60 }),
        fc.integer({ min: 1, max: 6 }),
        // Held in memory: from the root alone to the whole tree, rendered steps kept for none to all of the held levels; the index sampled every 1…5 entries or not at all.
        fc.record({ levels_bytes_max: fc.integer({ min: 0, max: 40_000 }), steps_bytes_max: fc.integer({ min: 0, max: 80_000 }), index_run: fc.integer({ min: 0, max: 5 }) }),
        async (accounts, amounts, min_height, holding) => {
          // Sums stay below 2^128 whatever the draw: at most 30 customers of an amount below 2^123 each.
          const rows: [string, string, bigint][] = [];
          accounts.forEach((account, i) => {
            rows.push([account, 'JPY', amounts[i % 60]! >> 5n]);
            if (i % 2 === 0) rows.push([account, 'ETH', amounts[(i + 31) % 60]! >> 5n]);
          });
          const dir = join(work, String(round++));
          const master = new Uint8Array(32).fill(round);
          await buildTree({ snapshot_id: '0707070707070707', snapshot_sha256: SHA, ...VECTOR_HEADER, assets: ASSETS, balances: rowsSource(rows), master_secret: master, min_height, dir: join(dir, TREE_DIR) });
          const tree = new ProofTree(dir);
          const held = new ProofTree(dir, holding);
          try {
            for (let pass = 0; pass < 2; pass++) {
              for (const account of accounts) {
                const proof = deriveProof(dir, master, account);
                const reference = proofText(proof);
                // The secret is the spec's HMAC (format.ts), whatever the fast HMAC of the lookup computed.
                expect(proof.leaf.secret).toBe(toHex(customerSecret(master, SHA, account)));
                expect(tree.proofText(master, account)).toBe(reference);
                expect(proofText(tree.proof(master, account))).toBe(reference);
                expect(held.proofText(master, account)).toBe(reference);
              }
            }
            expect(() => tree.proofText(master, `${accounts[0]}-not-a-customer`)).toThrow(UserError);
            expect(() => held.proofText(master, `${accounts[0]}-not-a-customer`)).toThrow(UserError);
          } finally {
            tree.close();
            held.close();
          }
        },
      ),
      { numRuns: 30 },
    );
  });
});
