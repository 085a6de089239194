// The TypeScript verifier of hozen-liability-proof/1 (node:crypto). It recomputes everything from
// the leaf up and trusts no stated hash or sum: each parent's sums are the two below it added, the
// root is recomputed over the header, and the stated root and the published liabilities.json are
// only compared with what was recomputed. verifier/verify.mjs is the same procedure written
// independently for browsers; the tests hold both to examples/proof/.

import { parseJsonText } from '../encoding/json.ts';
import { UserError } from '../errors.ts';
import {
  addSums,
  AMOUNT_LIMIT,
  fromHex,
  HEIGHT_MAX,
  LIABILITIES_FORMAT,
  leafHash,
  nodeHash,
  PROOF_FORMAT,
  rootHash,
  toHex,
  TREE_FORMAT,
  type NodeValue,
  type ProofAsset,
} from './format.ts';

/** Every check a verifier reports, in order. */
export const CHECK_IDS = [
  'format',
  'snapshot_id',
  'amounts_fit',
  'path_length',
  'sums_fit',
  'root_hash',
  'root_totals',
  'account',
  'liabilities_consistent',
  'liabilities_snapshot',
  'liabilities_root',
  'liabilities_totals',
] as const;
export type CheckId = (typeof CHECK_IDS)[number];

/** What no verification of one proof can tell (docs/formats/proof.md, "What a proof does not show"). */
export const CANNOT_TELL = ['other_customers', 'balance_correct', 'published_same', 'reserves', 'other_liabilities'] as const;

export interface Check {
  id: CheckId;
  ok: boolean;
}

export interface Verification {
  ok: boolean;
  checks: Check[];
  account_id: string;
  snapshot_id: string;
  as_of: string;
  exchange: { id: string; name: string };
  assets: ProofAsset[];
  balances_minor: bigint[];
  /** Recomputed from the path. */
  root_hash: string;
  totals_minor: bigint[];
  liabilities_checked: boolean;
  cannot_tell: readonly string[];
}

const HEX64 = /^[0-9a-f]{64}$/;
const DIGITS = /^(0|[1-9][0-9]*)$/;

type Json = Record<string, unknown>;

class Reader {
  constructor(private readonly file: string) {}

  fail(field: string, reason: string): never {
    throw new UserError('proof.malformed', { file: this.file, field, reason });
  }

  object(value: unknown, field: string): Json {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) this.fail(field, 'object');
    return value as Json;
  }

  string(value: unknown, field: string, pattern?: RegExp): string {
    if (typeof value !== 'string' || (pattern !== undefined && !pattern.test(value))) this.fail(field, pattern === HEX64 ? 'hex64' : 'string');
    return value;
  }

  int(value: unknown, field: string, max: number): number {
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0 || value > max) this.fail(field, 'integer');
    return value;
  }

  array(value: unknown, field: string): unknown[] {
    if (!Array.isArray(value)) this.fail(field, 'array');
    return value;
  }

  /** Decimal digits of any length: one too wide for the field is a failed check, not bad syntax. */
  amounts(value: unknown, field: string, count: number): bigint[] {
    const list = this.array(value, field);
    if (list.length !== count) this.fail(field, 'one amount per asset');
    return list.map((v, i) => BigInt(this.string(v, `${field}[${i}]`, DIGITS)));
  }

  assets(value: unknown, field: string): ProofAsset[] {
    return this.array(value, field).map((a, i) => {
      const asset = this.object(a, `${field}[${i}]`);
      return { symbol: this.string(asset.symbol, `${field}[${i}].symbol`), decimals: this.int(asset.decimals, `${field}[${i}].decimals`, 255) };
    });
  }
}

export function parseJsonDocument(text: string, file: string): unknown {
  try {
    return parseJsonText(text);
  } catch {
    throw new UserError('proof.not_json', { file });
  }
}

export interface VerifyInput {
  proof: unknown;
  proof_file: string;
  liabilities?: unknown;
  liabilities_file?: string;
  /** The account the customer knows is theirs. */
  account_id?: string;
}

export function verifyProof(input: VerifyInput): Verification {
  const r = new Reader(input.proof_file);
  const proof = r.object(input.proof, '$');
  const format = r.string(proof.format, 'format');
  if (format !== PROOF_FORMAT) throw new UserError('proof.unsupported_format', { file: input.proof_file, format, supported: PROOF_FORMAT });
  const tree_format = r.string(proof.tree_format, 'tree_format');
  const snapshot_sha256 = r.string(proof.snapshot_sha256, 'snapshot_sha256', HEX64);
  const snapshot_id = r.string(proof.snapshot_id, 'snapshot_id');
  const assets = r.assets(proof.assets, 'assets');
  const height = r.int(proof.height, 'height', HEIGHT_MAX);
  const leaf = r.object(proof.leaf, 'leaf');
  const index = r.int(leaf.index, 'leaf.index', Number.MAX_SAFE_INTEGER);
  const account_id = r.string(leaf.account_id, 'leaf.account_id');
  const secret = r.string(leaf.secret, 'leaf.secret', HEX64);
  const balances = r.amounts(leaf.balances_minor, 'leaf.balances_minor', assets.length);
  const path = r.array(proof.path, 'path').map((step, i) => {
    const s = r.object(step, `path[${i}]`);
    return { hash: fromHex(r.string(s.hash, `path[${i}].hash`, HEX64)), sums: r.amounts(s.sums_minor, `path[${i}].sums_minor`, assets.length) };
  });
  const stated_root = r.object(proof.root, 'root');
  const stated_hash = r.string(stated_root.hash, 'root.hash', HEX64);
  const stated_totals = r.amounts(stated_root.totals_minor, 'root.totals_minor', assets.length);
  const exchange = r.object(proof.exchange, 'exchange');
  const exchange_id = r.string(exchange.id, 'exchange.id');
  const exchange_name = r.string(exchange.name, 'exchange.name');
  const as_of = r.string(proof.as_of, 'as_of');

  const checks: Check[] = [];
  const check = (id: CheckId, ok: boolean): boolean => {
    checks.push({ id, ok });
    return ok;
  };
  const sha = fromHex(snapshot_sha256);
  check('format', tree_format === TREE_FORMAT);
  check('snapshot_id', snapshot_id === snapshot_sha256.slice(0, 16));
  const fits = (v: bigint): boolean => v < AMOUNT_LIMIT;
  const amounts_fit = check('amounts_fit', balances.every(fits) && path.every((p) => p.sums.every(fits)) && stated_totals.every(fits));
  const shape_ok = check('path_length', height >= 1 && path.length === height && index < 2 ** height);

  let computed: NodeValue | null = null;
  if (amounts_fit && shape_ok) {
    let current: NodeValue = { hash: leafHash(sha, index, fromHex(secret), account_id, balances), sums: balances };
    for (let level = 0; level < height && current !== null; level++) {
      const sibling = path[level]!;
      const right_child = Math.floor(index / 2 ** level) % 2 === 1;
      const [left, right] = right_child ? [sibling, current] : [current, sibling];
      const sums = addSums(left.sums, right.sums);
      if (sums === null) break;
      current = { hash: nodeHash(left, right), sums };
      if (level === height - 1) computed = current;
    }
    check('sums_fit', computed !== null);
  } else check('sums_fit', false);

  const root = computed === null ? '' : toHex(rootHash({ snapshot_sha256: sha, exchange_id, exchange_name, as_of, height, assets }, computed));
  const totals = computed?.sums ?? [];
  check('root_hash', computed !== null && root === stated_hash);
  check('root_totals', computed !== null && totals.every((t, i) => t === stated_totals[i]));
  if (input.account_id !== undefined) check('account', account_id === input.account_id);

  if (input.liabilities !== undefined) {
    const lr = new Reader(input.liabilities_file ?? 'liabilities.json');
    const l = lr.object(input.liabilities, '$');
    const l_format = lr.string(l.format, 'format');
    if (l_format !== LIABILITIES_FORMAT) throw new UserError('proof.unsupported_format', { file: input.liabilities_file ?? 'liabilities.json', format: l_format, supported: LIABILITIES_FORMAT });
    const l_sha = lr.string(l.snapshot_sha256, 'snapshot_sha256', HEX64);
    const l_assets = lr.assets(l.assets, 'assets');
    const l_height = lr.int(l.height, 'height', HEIGHT_MAX);
    const l_top = lr.string(l.top_hash, 'top_hash', HEX64);
    const l_totals = lr.amounts(l.totals_minor, 'totals_minor', l_assets.length);
    const l_root = lr.string(l.root_hash, 'root_hash', HEX64);
    const l_id = lr.string(l.snapshot_id, 'snapshot_id');
    const l_exchange = lr.object(l.exchange, 'exchange');
    const l_header = { snapshot_sha256: fromHex(l_sha), exchange_id: lr.string(l_exchange.id, 'exchange.id'), exchange_name: lr.string(l_exchange.name, 'exchange.name'), as_of: lr.string(l.as_of, 'as_of'), height: l_height, assets: l_assets };
    const l_fits = l_totals.every(fits);
    const l_computed = l_fits ? toHex(rootHash(l_header, { hash: fromHex(l_top), sums: l_totals })) : '';
    check('liabilities_consistent', l_fits && l_computed === l_root && l_id === l_sha.slice(0, 16) && l.leaf_count === 2 ** l_height && lr.string(l.tree_format, 'tree_format') === TREE_FORMAT);
    check('liabilities_snapshot', l_sha === snapshot_sha256 && l_id === snapshot_id);
    check('liabilities_root', computed !== null && l_root === root);
    check('liabilities_totals', computed !== null && l_totals.length === totals.length && l_totals.every((t, i) => t === totals[i]) && JSON.stringify(l_assets) === JSON.stringify(assets));
  }

  return {
    ok: checks.every((c) => c.ok),
    checks,
    account_id,
    snapshot_id,
    as_of,
    exchange: { id: exchange_id, name: exchange_name },
    assets,
    balances_minor: balances,
    root_hash: root,
    totals_minor: totals,
    liabilities_checked: input.liabilities !== undefined,
    cannot_tell: CANNOT_TELL,
  };
}
