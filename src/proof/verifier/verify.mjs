// Standalone verifier of Hozen's proof of liabilities (hozen-liability-proof/1, tree hozen-pol/1).
// One file, no dependencies, no network: it runs in any browser (WebCrypto) and in Node 20
// (globalThis.crypto). The specification it implements is docs/formats/proof.md; it shares no
// code with Hozen's own verifier, and both are tested against examples/proof/.
//
//   import { verifyProof } from './verify.mjs';
//   const result = await verifyProof(proofObject, { liabilities: liabilitiesObject, account: 'A0001' });
//   result.ok, result.checks[{ id, ok }], result.facts, result.cannot_tell

export const PROOF_FORMAT = 'hozen-liability-proof/1';
export const LIABILITIES_FORMAT = 'hozen-liabilities/1';
export const TREE_FORMAT = 'hozen-pol/1';
const LIMIT = 1n << 128n;
const HEX64 = /^[0-9a-f]{64}$/;
const DIGITS = /^(0|[1-9][0-9]*)$/;
const utf8 = (s) => new TextEncoder().encode(s);

export class MalformedProof extends Error {
  constructor(field, reason) {
    super(`field ${field}: ${reason}`);
    this.field = field;
    this.reason = reason;
  }
}

async function sha256(bytes) {
  return new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', bytes));
}

function hexToBytes(hex) {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

function bytesToHex(bytes) {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Collects byte fields in order, then yields one buffer. */
class Bytes {
  constructor() {
    this.parts = [];
  }
  u8(v) {
    this.parts.push(new Uint8Array([v]));
    return this;
  }
  u16(v) {
    this.parts.push(new Uint8Array([v >> 8, v & 0xff]));
    return this;
  }
  u64(v) {
    const b = new Uint8Array(8);
    new DataView(b.buffer).setBigUint64(0, BigInt(v));
    this.parts.push(b);
    return this;
  }
  raw(b) {
    this.parts.push(b);
    return this;
  }
  /** An unsigned 128-bit big-endian integer. */
  u128(v) {
    const b = new Uint8Array(16);
    const view = new DataView(b.buffer);
    view.setBigUint64(0, v >> 64n);
    view.setBigUint64(8, BigInt.asUintN(64, v));
    this.parts.push(b);
    return this;
  }
  text16(s) {
    const b = utf8(s);
    return this.u16(b.length).raw(b);
  }
  done() {
    const out = new Uint8Array(this.parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of this.parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  }
}

function need(cond, field, reason) {
  if (!cond) throw new MalformedProof(field, reason);
}

function str(v, field, pattern) {
  need(typeof v === 'string' && (pattern === undefined || pattern.test(v)), field, pattern === HEX64 ? '64 lower-case hex digits' : 'a string');
  return v;
}

function int(v, field, max) {
  need(Number.isSafeInteger(v) && v >= 0 && v <= max, field, `a whole number from 0 to ${max}`);
  return v;
}

function amounts(v, field, count) {
  need(Array.isArray(v) && v.length === count, field, `${count} amounts, one per asset`);
  return v.map((a, i) => BigInt(str(a, `${field}[${i}]`, DIGITS)));
}

function assetList(v, field) {
  need(Array.isArray(v), field, 'a list');
  return v.map((a, i) => {
    need(typeof a === 'object' && a !== null, `${field}[${i}]`, 'an object');
    return { symbol: str(a.symbol, `${field}[${i}].symbol`), decimals: int(a.decimals, `${field}[${i}].decimals`, 255) };
  });
}

function rootPreimage(h, top) {
  const b = new Bytes().u8(0x03).raw(utf8(TREE_FORMAT)).raw(hexToBytes(h.snapshot_sha256)).text16(h.exchange_id).text16(h.exchange_name).text16(h.as_of).u8(h.height).u16(h.assets.length);
  for (const a of h.assets) {
    const s = utf8(a.symbol);
    b.u8(s.length).raw(s).u8(a.decimals);
  }
  b.raw(top.hash);
  for (const v of top.sums) b.u128(v);
  return b.done();
}

/** Exposed for test vectors and independent implementations: each preimage, then its SHA-256. */
export async function leafHash(snapshot_sha256, index, secret_hex, account_id, balances) {
  const id = utf8(account_id);
  const b = new Bytes().u8(0x00).raw(hexToBytes(snapshot_sha256)).u64(index).raw(hexToBytes(secret_hex)).u16(id.length).raw(id);
  for (const v of balances) b.u128(v);
  return sha256(b.done());
}

export async function nodeHash(left, right) {
  const b = new Bytes().u8(0x01).raw(left.hash);
  for (const v of left.sums) b.u128(v);
  b.raw(right.hash);
  for (const v of right.sums) b.u128(v);
  return sha256(b.done());
}

export const CANNOT_TELL = ['other_customers', 'balance_correct', 'published_same', 'reserves', 'other_liabilities'];

/**
 * Verifies one proof; `liabilities` (the published file) and `account` (the customer's own id) are
 * optional and add checks. Throws MalformedProof when a field is missing or of the wrong kind.
 */
export async function verifyProof(proof, { liabilities, account } = {}) {
  need(typeof proof === 'object' && proof !== null, '$', 'an object');
  need(proof.format === PROOF_FORMAT, 'format', `${PROOF_FORMAT} (a later format needs a later verifier)`);
  const sha = str(proof.snapshot_sha256, 'snapshot_sha256', HEX64);
  const snapshot_id = str(proof.snapshot_id, 'snapshot_id');
  const assets = assetList(proof.assets, 'assets');
  const height = int(proof.height, 'height', 32);
  need(typeof proof.leaf === 'object' && proof.leaf !== null, 'leaf', 'an object');
  const index = int(proof.leaf.index, 'leaf.index', Number.MAX_SAFE_INTEGER);
  const account_id = str(proof.leaf.account_id, 'leaf.account_id');
  const secret = str(proof.leaf.secret, 'leaf.secret', HEX64);
  const balances = amounts(proof.leaf.balances_minor, 'leaf.balances_minor', assets.length);
  need(Array.isArray(proof.path), 'path', 'a list');
  const path = proof.path.map((p, i) => ({ hash: hexToBytes(str(p?.hash, `path[${i}].hash`, HEX64)), sums: amounts(p?.sums_minor, `path[${i}].sums_minor`, assets.length) }));
  need(typeof proof.root === 'object' && proof.root !== null, 'root', 'an object');
  const stated_root = str(proof.root.hash, 'root.hash', HEX64);
  const stated_totals = amounts(proof.root.totals_minor, 'root.totals_minor', assets.length);
  need(typeof proof.exchange === 'object' && proof.exchange !== null, 'exchange', 'an object');
  const header = { snapshot_sha256: sha, exchange_id: str(proof.exchange.id, 'exchange.id'), exchange_name: str(proof.exchange.name, 'exchange.name'), as_of: str(proof.as_of, 'as_of'), height, assets };

  const checks = [];
  const check = (id, ok) => (checks.push({ id, ok }), ok);
  const fits = (v) => v < LIMIT;
  check('format', proof.tree_format === TREE_FORMAT);
  check('snapshot_id', snapshot_id === sha.slice(0, 16));
  const fit = check('amounts_fit', balances.every(fits) && path.every((p) => p.sums.every(fits)) && stated_totals.every(fits));
  const shape = check('path_length', height >= 1 && path.length === height && index < 2 ** height);

  let top = null;
  if (fit && shape) {
    let current = { hash: await leafHash(sha, index, secret, account_id, balances), sums: balances };
    let overflow = false;
    for (let level = 0; level < height; level++) {
      const sibling = path[level];
      const is_right = Math.floor(index / 2 ** level) % 2 === 1;
      const left = is_right ? sibling : current;
      const right = is_right ? current : sibling;
      // The parent's sums are never read from the proof: they are the children's, added.
      const sums = left.sums.map((v, i) => v + right.sums[i]);
      if (!sums.every(fits)) {
        overflow = true;
        break;
      }
      current = { hash: await nodeHash(left, right), sums };
    }
    if (!overflow) top = current;
  }
  check('sums_fit', top !== null);
  const root = top === null ? '' : bytesToHex(await sha256(rootPreimage(header, top)));
  const totals = top === null ? [] : top.sums;
  check('root_hash', top !== null && root === stated_root);
  check('root_totals', top !== null && totals.every((t, i) => t === stated_totals[i]));
  if (account !== undefined) check('account', account_id === account);

  if (liabilities !== undefined) {
    const l = liabilities;
    need(typeof l === 'object' && l !== null, 'liabilities', 'an object');
    need(l.format === LIABILITIES_FORMAT, 'liabilities.format', LIABILITIES_FORMAT);
    const l_sha = str(l.snapshot_sha256, 'liabilities.snapshot_sha256', HEX64);
    const l_assets = assetList(l.assets, 'liabilities.assets');
    const l_height = int(l.height, 'liabilities.height', 32);
    const l_totals = amounts(l.totals_minor, 'liabilities.totals_minor', l_assets.length);
    const l_root = str(l.root_hash, 'liabilities.root_hash', HEX64);
    const l_top = str(l.top_hash, 'liabilities.top_hash', HEX64);
    need(typeof l.exchange === 'object' && l.exchange !== null, 'liabilities.exchange', 'an object');
    const l_header = { snapshot_sha256: l_sha, exchange_id: str(l.exchange.id, 'liabilities.exchange.id'), exchange_name: str(l.exchange.name, 'liabilities.exchange.name'), as_of: str(l.as_of, 'liabilities.as_of'), height: l_height, assets: l_assets };
    const l_fits = l_totals.every(fits);
    const l_computed = l_fits ? bytesToHex(await sha256(rootPreimage(l_header, { hash: hexToBytes(l_top), sums: l_totals }))) : '';
    check('liabilities_consistent', l_fits && l_computed === l_root && l.snapshot_id === l_sha.slice(0, 16) && l.leaf_count === 2 ** l_height && l.tree_format === TREE_FORMAT);
    check('liabilities_snapshot', l_sha === sha && l.snapshot_id === snapshot_id);
    check('liabilities_root', top !== null && l_root === root);
    check('liabilities_totals', top !== null && l_totals.length === totals.length && l_totals.every((t, i) => t === totals[i]) && JSON.stringify(l_assets) === JSON.stringify(assets));
  }

  return {
    ok: checks.every((c) => c.ok),
    checks,
    facts: {
      account_id,
      snapshot_id,
      as_of: header.as_of,
      exchange: { id: header.exchange_id, name: header.exchange_name },
      assets,
      balances_minor: balances.map(String),
      root_hash: root,
      totals_minor: totals.map(String),
      liabilities_checked: liabilities !== undefined,
    },
    cannot_tell: CANNOT_TELL,
  };
}

/** An amount of minor units as a decimal number of the asset (exact: strings, no floats). */
export function formatMinor(minor, decimals) {
  const digits = String(minor).padStart(decimals + 1, '0');
  if (decimals === 0) return digits;
  const whole = digits.slice(0, digits.length - decimals);
  const fraction = digits.slice(digits.length - decimals).replace(/0+$/, '');
  return fraction === '' ? whole : `${whole}.${fraction}`;
}
