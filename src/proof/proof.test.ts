import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UserError } from '../errors.ts';
import { buildTree, FastHmac, shuffledSlots } from './build.ts';
import { deriveProof, liabilitiesJson, proofText, TREE_DIR } from './derive.ts';
import { AMOUNT_LIMIT, customerSecret, fromHex, leafHash, nodeHash, padHash, rootHash, toHex, treeHeight, type LiabilitiesJson, type NodeValue, type ProofJson } from './format.ts';
// @ts-expect-error: a plain ESM file without types, as a customer downloads it.
import * as standalone from './verifier/verify.mjs';
import { verifyProof, type Verification } from './verify.ts';
import { buildVectors, rowsSource, VECTOR_ASSETS, VECTOR_HEADER, VECTOR_MASTER_SECRET, VECTOR_ROWS, VECTOR_SNAPSHOT_SHA256 } from './vectors.ts';

interface StandaloneResult {
  ok: boolean;
  checks: { id: string; ok: boolean }[];
  facts: { totals_minor: string[]; root_hash: string };
}
const standaloneVerify = standalone.verifyProof as (proof: unknown, options?: { liabilities?: unknown; account?: string }) => Promise<StandaloneResult>;

const EXAMPLES = new URL('../../examples/proof/', import.meta.url).pathname;
const readJson = <T>(name: string): T => JSON.parse(readFileSync(join(EXAMPLES, name), 'utf8')) as T;
const committedProofs = (): ProofJson[] => [1, 2, 3, 4, 5].map((i) => readJson<ProofJson>(`proofs/customer-${i}.json`));
const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

/** Both verifiers on one case: they must agree on every check. */
async function both(proof: unknown, liabilities?: unknown, account?: string): Promise<{ ts: Verification; mjs: StandaloneResult }> {
  const ts = verifyProof({ proof, proof_file: 'proof.json', ...(liabilities === undefined ? {} : { liabilities }), ...(account === undefined ? {} : { account_id: account }) });
  const mjs = await standaloneVerify(proof, { ...(liabilities === undefined ? {} : { liabilities }), ...(account === undefined ? {} : { account }) });
  expect(mjs.checks).toEqual(ts.checks);
  expect(mjs.ok).toBe(ts.ok);
  return { ts, mjs };
}

const failed = (v: Verification): string[] => v.checks.filter((c) => !c.ok).map((c) => c.id);

describe('hozen-pol/1 building blocks', () => {
  it('FastHmac is HMAC-SHA256 (RFC 2104) for any key and message', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 100 }), fc.uint8Array({ maxLength: 40 }), fc.string({ maxLength: 30 }), (key, prefix, text) => {
        const fast = new FastHmac(key, prefix, Buffer.byteLength(text, 'utf8'));
        const reference = createHmac('sha256', key).update(prefix).update(text, 'utf8').digest();
        expect(fast.digest(text).equals(reference)).toBe(true);
      }),
    );
  });

  it('the keyed shuffle is a permutation, and another key gives another one', () => {
    const a = shuffledSlots(4096, new Uint8Array(32).fill(1));
    expect([...a].sort((x, y) => x - y)).toEqual([...Array(4096).keys()]);
    expect([...shuffledSlots(4096, new Uint8Array(32).fill(2))]).not.toEqual([...a]);
  });

  it('pads to the next power of two, never below the minimum height', () => {
    expect(treeHeight(0, 3)).toBe(3);
    expect(treeHeight(8, 3)).toBe(3);
    expect(treeHeight(9, 3)).toBe(4);
    expect(treeHeight(1_000_000, 16)).toBe(20);
  });
});

describe('examples/proof: test vectors (format version 1)', () => {
  it('the builder reproduces every committed vector file byte for byte', async () => {
    const { files } = await buildVectors();
    for (const [name, text] of files) expect(text, name).toBe(readFileSync(join(EXAMPLES, name), 'utf8'));
  });

  it('every hash in tree.json follows from the spec (leaves, padding, nodes, root), in both implementations', async () => {
    const tree = readJson<{ levels: { hash: string; sums_minor: string[] }[][]; customer_secrets: Record<string, string> }>('tree.json');
    const liabilities = readJson<LiabilitiesJson>('liabilities.json');
    const sha = fromHex(VECTOR_SNAPSHOT_SHA256);
    const value = (r: { hash: string; sums_minor: string[] }): NodeValue => ({ hash: fromHex(r.hash), sums: r.sums_minor.map(BigInt) });
    for (const proof of committedProofs()) {
      const secret = tree.customer_secrets[proof.leaf.account_id]!;
      expect(secret).toBe(proof.leaf.secret);
      expect(toHex(customerSecret(fromHex(VECTOR_MASTER_SECRET), sha, proof.leaf.account_id))).toBe(secret);
      const balances = proof.leaf.balances_minor.map(BigInt);
      expect(tree.levels[0]![proof.leaf.index]!.hash).toBe(toHex(leafHash(sha, proof.leaf.index, fromHex(secret), proof.leaf.account_id, balances)));
      expect(tree.levels[0]![proof.leaf.index]!.hash).toBe(toHex(await standalone.leafHash(VECTOR_SNAPSHOT_SHA256, proof.leaf.index, secret, proof.leaf.account_id, balances)));
    }
    // Padding: zero sums, and a hash nobody without the pad key can tell from a customer's.
    const pads = tree.levels[0]!.filter((r, i) => !committedProofs().some((p) => p.leaf.index === i));
    expect(pads).toHaveLength(3);
    for (const p of pads) expect(p.sums_minor).toEqual(['0', '0', '0']);
    for (let level = 1; level < tree.levels.length; level++) {
      tree.levels[level]!.forEach((parent, i) => {
        const left = value(tree.levels[level - 1]![2 * i]!);
        const right = value(tree.levels[level - 1]![2 * i + 1]!);
        expect(parent.hash).toBe(toHex(nodeHash(left, right)));
        expect(parent.sums_minor).toEqual(left.sums.map((s, a) => String(s + right.sums[a]!)));
      });
    }
    const top = value(tree.levels.at(-1)![0]!);
    expect(liabilities.top_hash).toBe(toHex(top.hash));
    expect(liabilities.root_hash).toBe(toHex(rootHash({ snapshot_sha256: sha, exchange_id: VECTOR_HEADER.exchange.id, exchange_name: VECTOR_HEADER.exchange.name, as_of: VECTOR_HEADER.as_of, height: 3, assets: VECTOR_ASSETS }, top)));
    expect(liabilities.totals_minor).toEqual(VECTOR_ASSETS.map((a) => String(VECTOR_ROWS.filter((r) => r[1] === a.symbol).reduce((s, r) => s + r[2], 0n))));
    // The committed pad hashes are what the spec gives with the vectors' pad key.
    const pad_key = createHmac('sha256', fromHex(VECTOR_MASTER_SECRET)).update('hozen-pol/1 padding').update(Buffer.from([0])).update(sha).digest();
    tree.levels[0]!.forEach((r, i) => {
      if (pads.includes(r)) expect(r.hash).toBe(toHex(padHash(sha, i, pad_key)));
    });
  });

  it('a version-1 proof stays verifiable: every committed proof passes both verifiers, with and without liabilities.json', async () => {
    const liabilities = readJson<LiabilitiesJson>('liabilities.json');
    for (const proof of committedProofs()) {
      const { ts, mjs } = await both(proof, liabilities, proof.leaf.account_id);
      expect(failed(ts)).toEqual([]);
      expect(ts.root_hash).toBe(liabilities.root_hash);
      expect(mjs.facts.root_hash).toBe(liabilities.root_hash);
      expect((await both(proof)).ts.ok).toBe(true);
    }
  });
});

describe('the builder', () => {
  it('for any customers and balances, every customer gets a proof that verifies, and the totals are the sums', async () => {
    const work = await mkdtemp(join(tmpdir(), 'hozen-prove-'));
    try {
      let round = 0;
      await fc.assert(
        fc.asyncProperty(
          fc.uniqueArray(fc.string({ minLength: 1, maxLength: 6, unit: fc.constantFrom('a', 'b', 'c', '1', '2', '保', '-') }), { minLength: 1, maxLength: 20 }),
          fc.array(fc.bigInt({ min: 0n, max: 10n ** 36n - 1n }), { minLength: 40, maxLength: 40 }),
          fc.integer({ min: 1, max: 5 }),
          async (accounts, amounts, min_height) => {
            const rows: [string, string, bigint][] = [];
            accounts.forEach((a, i) => {
              rows.push([a, 'JPY', amounts[i % 40]! % 10n ** 15n]);
              if (i % 3 === 0) rows.push([a, 'ETH', amounts[(i + 7) % 40]! >> 20n]);
            });
            rows.reverse();
            const dir = join(work, String(round++));
            const master = new Uint8Array(32).fill(round);
            const sha = new Uint8Array(32).fill(7);
            const assets = [{ symbol: 'JPY', decimals: 0 }, { symbol: 'ETH', decimals: 18 }];
            const built = await buildTree({ snapshot_id: '0707070707070707', snapshot_sha256: sha, ...VECTOR_HEADER, assets, balances: rowsSource(rows), master_secret: master, min_height, dir: join(dir, TREE_DIR) });
            expect(built.meta.customers).toBe(accounts.length);
            expect(2 ** built.meta.height).toBeGreaterThanOrEqual(accounts.length);
            const liabilities = liabilitiesJson(built.meta, built.top_hash, built.totals_minor);
            expect(built.totals_minor).toEqual(assets.map((a) => rows.filter((r) => r[1] === a.symbol).reduce((s, r) => s + r[2], 0n)));
            const positions = new Set<number>();
            for (const account of accounts) {
              const proof = deriveProof(dir, master, account);
              positions.add(proof.leaf.index);
              expect(JSON.parse(proofText(proof))).toEqual(proof);
              const v = verifyProof({ proof, proof_file: 'p', liabilities, account_id: account });
              expect(failed(v)).toEqual([]);
            }
            expect(positions.size).toBe(accounts.length);
          },
        ),
        { numRuns: 25 },
      );
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  });

  it('refuses a negative balance, and does not know an account that is not in the tree', async () => {
    const work = await mkdtemp(join(tmpdir(), 'hozen-prove-'));
    try {
      const input = { snapshot_id: 'x', snapshot_sha256: new Uint8Array(32), ...VECTOR_HEADER, assets: VECTOR_ASSETS, master_secret: new Uint8Array(32), min_height: 2, dir: join(work, TREE_DIR) };
      await expect(buildTree({ ...input, balances: rowsSource([['A', 'JPY', -1n]]) })).rejects.toMatchObject({ code: 'proof.bad_balance' });
      await buildTree({ ...input, balances: rowsSource([['A', 'JPY', 1n]]) });
      expect(() => deriveProof(work, new Uint8Array(32), 'B')).toThrow(UserError);
      // The right account with the wrong master secret finds nothing either.
      expect(() => deriveProof(work, new Uint8Array(32).fill(9), 'A')).toThrow(UserError);
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  });
});

describe('attacks that must fail verification (both verifiers)', () => {
  const liabilities = (): LiabilitiesJson => readJson<LiabilitiesJson>('liabilities.json');
  const proofOf = (i: number): ProofJson => committedProofs()[i]!;

  it('the control case passes, so every failure below is the attack’s', async () => {
    expect((await both(proofOf(0), liabilities(), proofOf(0).leaf.account_id)).ts.ok).toBe(true);
  });

  it('the max attack: a tree whose parent sums are max(L, R) instead of L + R is caught by every customer below the cheat', async () => {
    // A dishonest prover over the vectors' own leaves: at level 1 it stores max() as the sum,
    // hashing the nodes honestly otherwise (as Maxwell's original scheme let it).
    const tree = readJson<{ levels: { hash: string; sums_minor: string[] }[][] }>('tree.json');
    const value = (r: { hash: string; sums_minor: string[] }): NodeValue => ({ hash: fromHex(r.hash), sums: r.sums_minor.map(BigInt) });
    let level: NodeValue[] = tree.levels[0]!.map(value);
    const levels: NodeValue[][] = [level];
    for (let l = 1; l <= 3; l++) {
      const next: NodeValue[] = [];
      for (let i = 0; i < level.length; i += 2) {
        const [a, b] = [level[i]!, level[i + 1]!];
        next.push({ hash: nodeHash(a, b), sums: a.sums.map((s, k) => (l === 1 ? (s > b.sums[k]! ? s : b.sums[k]!) : s + b.sums[k]!)) });
      }
      levels.push((level = next));
    }
    const top = levels[3]![0]!;
    const honest = liabilities();
    const sha = fromHex(VECTOR_SNAPSHOT_SHA256);
    const header = { snapshot_sha256: sha, exchange_id: honest.exchange.id, exchange_name: honest.exchange.name, as_of: honest.as_of, height: 3, assets: VECTOR_ASSETS };
    const cheat: LiabilitiesJson = { ...honest, top_hash: toHex(top.hash), totals_minor: top.sums.map(String), root_hash: toHex(rootHash(header, top)) };
    expect(BigInt(cheat.totals_minor[2]!)).toBeLessThan(BigInt(honest.totals_minor[2]!));
    let caught = 0;
    for (const honest_proof of committedProofs()) {
      const proof = clone(honest_proof);
      const index = proof.leaf.index;
      proof.path = [0, 1, 2].map((l) => {
        const s = levels[l]![(index >>> l) ^ 1]!;
        return { hash: toHex(s.hash), sums_minor: s.sums.map(String) };
      });
      proof.root = { hash: cheat.root_hash, totals_minor: cheat.totals_minor };
      const { ts } = await both(proof, cheat);
      // The verifier recomputes each parent sum from the two below it, so the stated max never enters its hash.
      if (!ts.ok) caught++;
      expect(failed(ts)).toEqual(ts.ok ? [] : expect.arrayContaining(['root_hash', 'liabilities_root']));
    }
    // The cheat changed the level-1 sums of the pairs with two non-zero children: their customers catch it.
    expect(caught).toBeGreaterThanOrEqual(2);
  });

  it("a sibling's sums altered (liabilities hidden on the path) fails", async () => {
    const proof = proofOf(0);
    proof.path[1]!.sums_minor[2] = '0';
    const { ts } = await both(proof, liabilities());
    expect(failed(ts)).toEqual(expect.arrayContaining(['root_hash', 'liabilities_root', 'liabilities_totals']));
  });

  it('a leaf moved to another position fails', async () => {
    const proof = proofOf(0);
    proof.leaf.index ^= 1;
    const { ts } = await both(proof, liabilities());
    expect(failed(ts)).toEqual(expect.arrayContaining(['root_hash', 'liabilities_root']));
  });

  it('one leaf shown to two customers fails: renamed, the leaf no longer hashes; as is, it names the other account', async () => {
    const renamed = proofOf(0);
    renamed.leaf.account_id = proofOf(1).leaf.account_id;
    expect(failed((await both(renamed, liabilities(), renamed.leaf.account_id)).ts)).toEqual(expect.arrayContaining(['root_hash', 'liabilities_root']));
    const shared = proofOf(0);
    expect(failed((await both(shared, liabilities(), proofOf(1).leaf.account_id)).ts)).toEqual(['account']);
  });

  it('a proof of another snapshot fails against this snapshot’s liabilities, and a relabelled one fails on its own', async () => {
    const other = clone(liabilities());
    const relabel = (s: string): string => 'c' + s.slice(1);
    const proof = proofOf(0);
    // The other snapshot's liabilities.json, consistent in itself.
    other.snapshot_sha256 = relabel(other.snapshot_sha256);
    other.snapshot_id = other.snapshot_sha256.slice(0, 16);
    other.root_hash = toHex(rootHash({ snapshot_sha256: fromHex(other.snapshot_sha256), exchange_id: other.exchange.id, exchange_name: other.exchange.name, as_of: other.as_of, height: other.height, assets: other.assets }, { hash: fromHex(other.top_hash), sums: other.totals_minor.map(BigInt) }));
    expect(failed((await both(proof, other)).ts)).toEqual(['liabilities_snapshot', 'liabilities_root']);
    const relabelled = proofOf(0);
    relabelled.snapshot_sha256 = other.snapshot_sha256;
    relabelled.snapshot_id = other.snapshot_id;
    expect(failed((await both(relabelled, other)).ts)).toEqual(expect.arrayContaining(['root_hash', 'liabilities_root']));
  });

  it('a truncated or an extended path fails', async () => {
    const truncated = proofOf(0);
    truncated.path.pop();
    expect(failed((await both(truncated, liabilities())).ts)).toEqual(expect.arrayContaining(['path_length']));
    const short = proofOf(0);
    short.path.pop();
    short.height = 2;
    short.leaf.index &= 3;
    expect(failed((await both(short, liabilities())).ts)).toEqual(expect.arrayContaining(['root_hash', 'liabilities_root']));
    const extended = proofOf(0);
    extended.path.push({ hash: '00'.repeat(32), sums_minor: ['0', '0', '0'] });
    extended.height = 4;
    expect(failed((await both(extended, liabilities())).ts)).toEqual(expect.arrayContaining(['root_hash', 'liabilities_root']));
  });

  it('an amount wider than the field fails, in a leaf, in a sibling, and as a sum that would wrap', async () => {
    const wide = proofOf(0);
    wide.leaf.balances_minor[0] = String(AMOUNT_LIMIT);
    expect(failed((await both(wide, liabilities())).ts)).toEqual(expect.arrayContaining(['amounts_fit']));
    const wrap = proofOf(0);
    wrap.path[0]!.sums_minor[0] = String(AMOUNT_LIMIT - 1n);
    expect(failed((await both(wrap, liabilities())).ts)).toEqual(expect.arrayContaining(['sums_fit']));
    // Wrapping mod 2^128 would have given back small totals: the verifier must not wrap.
    const wrapped = proofOf(0);
    wrapped.path[0]!.sums_minor[0] = String(AMOUNT_LIMIT - BigInt(wrapped.leaf.balances_minor[0]!));
    expect(failed((await both(wrapped, liabilities())).ts)).toEqual(expect.arrayContaining(['sums_fit']));
  });

  it('a tampered liabilities.json fails: a total, the root, the snapshot, the asset order, the name', async () => {
    const proof = proofOf(0);
    const total = liabilities();
    total.totals_minor[0] = '1';
    expect(failed((await both(proof, total)).ts)).toEqual(['liabilities_consistent', 'liabilities_totals']);
    const root = liabilities();
    root.root_hash = '00'.repeat(32);
    expect(failed((await both(proof, root)).ts)).toEqual(['liabilities_consistent', 'liabilities_root']);
    const order = liabilities();
    order.assets = [order.assets[1]!, order.assets[0]!, order.assets[2]!];
    expect(failed((await both(proof, order)).ts)).toEqual(['liabilities_consistent', 'liabilities_totals']);
    const name = liabilities();
    name.exchange.name = 'Someone Else K.K.';
    expect(failed((await both(proof, name)).ts)).toEqual(['liabilities_consistent']);
  });
});
