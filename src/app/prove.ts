// Proof of liabilities: `prove` builds a snapshot's sum tree (src/proof) from its stored or file
// balances into a directory — liabilities.json to publish, tree/ to keep — written under a
// temporary name and renamed at the end, so nothing half-written is ever taken for a tree.
// `proofFor` derives one customer's inclusion proof from that tree (the CLI's and the customer's
// page); the proof endpoint's `proofForDownload` and `proofTextFor` have it derived in the lookup
// threads (proof/lookup-threads.ts); `verifyProofDocument` checks a proof, and against the
// published liabilities.

import { createHmac } from 'node:crypto';
import { createWriteStream, existsSync } from 'node:fs';
import { readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { UserError } from '../errors.ts';
import { buildTree } from '../proof/build.ts';
import { LIABILITIES_FILE, liabilitiesJson, ProofTree, TREE_DIR } from '../proof/derive.ts';
import { drawAccounts, DRAW_COUNT_MAX } from '../proof/draw.ts';
import { ProofTreeCache } from '../proof/tree-cache.ts';
import { ProofLookupThreads } from '../proof/lookup-threads.ts';
import { downloadToken, readDownloadToken } from '../proof/download-token.ts';
import { fromHex, HEIGHT_MAX, type LiabilitiesJson, type ProofJson } from '../proof/format.ts';
import { parseJsonDocument, verifyProof, type Verification } from '../proof/verify.ts';
import type { AppDeps, NamedText, Verdict } from './deps.ts';
import { resolveSnapshot, type SnapshotRef } from './resolve-snapshot.ts';

/** 2^16 leaves at least: a small exchange's tree looks like a mid-sized one's. */
export const MIN_HEIGHT_DEFAULT = 16;
export const PROOFS_DIR = 'proofs';

/** The master secret: ≥ 32 bytes as hexadecimal digits, one line (a file or a secret store's mount). */
export function parseMasterSecret(secret: NamedText): Uint8Array {
  const text = secret.text.trim();
  if (!/^[0-9a-fA-F]{64,}$/.test(text) || text.length % 2 !== 0) throw new UserError('proof.bad_secret', { file: secret.name });
  return fromHex(text.toLowerCase());
}

/** The master secret of a long-running front end: the file HOZEN_PROOF_SECRET_FILE names. */
export async function masterSecretFromEnv(env: NodeJS.ProcessEnv = process.env): Promise<NamedText> {
  const file = env.HOZEN_PROOF_SECRET_FILE;
  if (file === undefined || file === '') throw new UserError('proof.no_secret');
  try {
    return { name: file, text: await readFile(file, 'utf8') };
  } catch {
    throw new UserError('app.unreadable', { file });
  }
}

/** The standalone verifier's files, for a front end to serve and offer for download. */
export const VERIFIER_FILES = [
  { name: 'index.html', path: new URL('../../src/proof/verifier/index.html', import.meta.url).pathname, content_type: 'text/html; charset=utf-8' },
  { name: 'verify.mjs', path: new URL('../../src/proof/verifier/verify.mjs', import.meta.url).pathname, content_type: 'text/javascript; charset=utf-8' },
] as const;

export interface ProveRequest {
  snapshot: SnapshotRef;
  master_secret: NamedText;
  out_dir?: string;
  min_height?: number;
}

export interface ProveResult {
  snapshot_id: string;
  out_dir: string;
  liabilities_file: string;
  tree_dir: string;
  liabilities: LiabilitiesJson;
  /** Customers in the tree (kept private: the published file shows only the padded leaf count). */
  customers: number;
  seconds: number;
}

export async function proveSnapshot(deps: AppDeps, request: ProveRequest): Promise<ProveResult> {
  const started = performance.now();
  const master_secret = parseMasterSecret(request.master_secret);
  const min_height = request.min_height ?? MIN_HEIGHT_DEFAULT;
  if (!Number.isInteger(min_height) || min_height < 1 || min_height > HEIGHT_MAX) throw new UserError('proof.bad_min_height');
  const { snapshot } = await resolveSnapshot(deps, request.snapshot);
  const out_dir = request.out_dir ?? join(PROOFS_DIR, snapshot.id);
  if (existsSync(out_dir) && !existsSync(join(out_dir, TREE_DIR)) && (await readdir(out_dir)).length > 0) throw new UserError('proof.out_exists', { dir: out_dir });
  const partial = `${out_dir}.partial`;
  await rm(partial, { recursive: true, force: true });
  try {
    const built = await buildTree({
      snapshot_id: snapshot.id,
      snapshot_sha256: fromHex(snapshot.content_sha256),
      exchange: { id: snapshot.manifest.exchange.id, name: snapshot.manifest.exchange.name },
      as_of: snapshot.manifest.as_of,
      assets: snapshot.manifest.assets.map((a) => ({ symbol: a.symbol, decimals: a.decimals })),
      balances: snapshot.balances,
      master_secret,
      min_height,
      dir: join(partial, TREE_DIR),
    });
    // The import summed every asset's balances on its own: a tree that disagrees is a defect.
    for (const [i, asset] of snapshot.manifest.assets.entries()) {
      const expected = snapshot.balance_totals.find((t) => t.asset === asset.symbol)?.total_minor ?? 0n;
      if (built.totals_minor[i] !== expected) throw new Error(`proof tree total of ${asset.symbol} is ${built.totals_minor[i]}, the import summed ${expected}`);
    }
    const liabilities = liabilitiesJson(built.meta, built.top_hash, built.totals_minor);
    await writeFile(join(partial, LIABILITIES_FILE), JSON.stringify(liabilities, null, 2) + '\n');
    await rm(out_dir, { recursive: true, force: true });
    await rename(partial, out_dir);
    return {
      snapshot_id: snapshot.id,
      out_dir,
      liabilities_file: join(out_dir, LIABILITIES_FILE),
      tree_dir: join(out_dir, TREE_DIR),
      liabilities,
      customers: built.meta.customers,
      seconds: (performance.now() - started) / 1000,
    };
  } catch (error) {
    await rm(partial, { recursive: true, force: true });
    throw error;
  }
}

export function proveJson(result: ProveResult): unknown {
  return { snapshot_id: result.snapshot_id, out_dir: result.out_dir, liabilities: result.liabilities, customers: result.customers, seconds: result.seconds };
}

export interface ProofForRequest {
  /** A stored snapshot, by its id or a unique prefix. */
  snapshot: { id: string };
  account: string;
  /** Default: the file HOZEN_PROOF_SECRET_FILE names (what a server is started with). */
  master_secret?: NamedText;
  /** Where `prove` wrote; default proofs/<snapshot id>. */
  tree_dir?: string;
}

/** Trees a long-running process has opened (the service answers many lookups from one tree). */
const OPEN_TREES = new ProofTreeCache();
/** The service's proof endpoint: lookups answered off its thread, from trees those threads keep open. */
const LOOKUPS = new ProofLookupThreads();

/** One customer's inclusion proof as an object: `hozen proof` and the customer's page. */
export async function proofFor(deps: AppDeps, request: ProofForRequest): Promise<ProofJson> {
  const master_secret = parseMasterSecret(request.master_secret ?? (await masterSecretFromEnv()));
  const id = await deps.store.resolveSnapshotId(request.snapshot.id);
  if (id === null) throw new UserError('app.unknown_snapshot', { arg: request.snapshot.id });
  const dir = request.tree_dir ?? join(PROOFS_DIR, id);
  return OPEN_TREES.open(dir).ofSnapshot(id).proof(master_secret, request.account);
}

/** The master secret a long-running front end proves and checks tokens with, read again only when its file changes. */
let cached_secret: { file: string; mtime_ns: bigint; secret: Uint8Array; checked_ms: number } | null = null;
/** The file is looked at again at most this often: a stat per lookup would cost more than the lookup. */
const SECRET_RECHECK_MS = 1000;

export async function masterSecretBytesFromEnv(env: NodeJS.ProcessEnv = process.env): Promise<Uint8Array> {
  const file = env.HOZEN_PROOF_SECRET_FILE;
  const now_ms = performance.now();
  if (file !== undefined && file !== '' && cached_secret?.file === file) {
    if (now_ms - cached_secret.checked_ms < SECRET_RECHECK_MS) return cached_secret.secret;
    const mtime_ns = await stat(file, { bigint: true }).then((s) => s.mtimeNs, () => null);
    if (mtime_ns === cached_secret.mtime_ns) {
      cached_secret.checked_ms = now_ms;
      return cached_secret.secret;
    }
  }
  const text = await masterSecretFromEnv(env);
  const mtime_ns = (await stat(text.name, { bigint: true })).mtimeNs;
  const secret = parseMasterSecret(text);
  cached_secret = { file: text.name, mtime_ns, secret, checked_ms: now_ms };
  return secret;
}

export interface ProofDownloadRequest {
  token: string;
  master_secret: Uint8Array;
  /** Where the tenant's tree of the snapshot is (the service's data directory). */
  treeDir(tenant_id: string, snapshot_id: string): string | null;
}

/**
 * The proof a download token grants (download-token.ts), as proofText writes it, or null when the
 * token is not one the master secret made: no principal, no store, no lookup but the tree's.
 */
export async function proofForDownload(request: ProofDownloadRequest): Promise<{ snapshot_id: string; text: string } | null> {
  const grant = readDownloadToken(request.master_secret, request.token);
  if (grant === null) return null;
  const dir = request.treeDir(grant.tenant_id, grant.snapshot_id);
  if (dir === null) return null;
  try {
    return { snapshot_id: grant.snapshot_id, text: await LOOKUPS.text({ dir, snapshot_id: grant.snapshot_id, account_id: grant.account_id, master_secret: request.master_secret }) };
  } catch (error) {
    // A token of a tree no longer kept grants nothing, as a token never made.
    if (error instanceof UserError && (error.code === 'proof.no_tree' || error.code === 'proof.tree_mismatch')) return null;
    throw error;
  }
}

export interface ProofTextRequest {
  /** The snapshot's full id (the caller has resolved it in the customer's tenant). */
  snapshot_id: string;
  account: string;
  master_secret: Uint8Array;
  tree_dir: string;
}

/** proofText(proofFor(…)) for a snapshot already resolved: what the service answers a customer with, from its open tree alone. */
export function proofTextFor(request: ProofTextRequest): Promise<string> {
  return LOOKUPS.text({ dir: request.tree_dir, snapshot_id: request.snapshot_id, account_id: request.account, master_secret: request.master_secret });
}

export interface VerifyProofRequest {
  proof: NamedText;
  liabilities?: NamedText;
  account?: string;
}

export type VerifyProofResult = Verification & { verdict: Verdict };

/** Needs no store: a customer runs it on their own machine. */
export function verifyProofDocument(request: VerifyProofRequest): VerifyProofResult {
  const verification = verifyProof({
    proof: parseJsonDocument(request.proof.text, request.proof.name),
    proof_file: request.proof.name,
    ...(request.liabilities === undefined ? {} : { liabilities: parseJsonDocument(request.liabilities.text, request.liabilities.name), liabilities_file: request.liabilities.name }),
    ...(request.account === undefined ? {} : { account_id: request.account }),
  });
  return { ...verification, verdict: verification.ok ? 'ok' : 'failed' };
}

export function verifyProofJson(result: VerifyProofResult): unknown {
  return {
    ok: result.ok,
    checks: result.checks.map((c) => ({ id: c.id, ok: c.ok, code: `proof.check.${c.id}` })),
    account_id: result.account_id,
    snapshot_id: result.snapshot_id,
    as_of: result.as_of,
    exchange: result.exchange,
    assets: result.assets,
    balances_minor: result.balances_minor.map(String),
    root_hash: result.root_hash,
    totals_minor: result.totals_minor.map(String),
    liabilities_checked: result.liabilities_checked,
    cannot_tell: result.cannot_tell.map((id) => `proof.cannot.${id}`),
  };
}

export interface ProofDrawRequest {
  snapshot: SnapshotRef;
  /** Default: the file HOZEN_PROOF_SECRET_FILE names (what a server is started with). */
  master_secret?: NamedText;
  /** Chosen by the association after liabilities.json is published: at least 16 bytes, hex. */
  seed_hex: string;
  count: number;
  /** Where `prove` wrote; default proofs/<snapshot id>. */
  tree_dir?: string;
}

export interface DrawnCheck {
  account_id: string;
  /**
   * The account's number in this draw, 1…count, in an order keyed by the master secret
   * (drawIndexOrder): a pseudonym the association can be shown, and the exchange, holding the
   * secret, can turn back into the account. Not the draw's own order: from the public seed and a
   * guessed id anyone can compute a score.
   */
  index: number;
  /** The proof derived from the tree verifies against the published liabilities.json, for this account. */
  included: boolean;
  /** The leaf's balances are the snapshot's. */
  balances_match: boolean;
}

export interface ProofDrawResult {
  snapshot_id: string;
  seed_hex: string;
  root_hash: string;
  count: number;
  checks: DrawnCheck[];
  failed: number;
  verdict: Verdict;
}

/** Drawn accounts checked between two progress reports (a check is a proof derived and verified: well under a millisecond). */
const DRAW_PROGRESS_ACCOUNTS = 100;

/** The random draw (src/proof/draw.ts): drawn accounts' proofs derived, verified, and their balances compared. */
export async function drawProofs(deps: AppDeps, request: ProofDrawRequest): Promise<ProofDrawResult> {
  const master_secret = parseMasterSecret(request.master_secret ?? (await masterSecretFromEnv()));
  if (!/^([0-9a-fA-F]{2}){16,64}$/.test(request.seed_hex)) throw new UserError('proof.bad_seed');
  if (!Number.isInteger(request.count) || request.count < 1 || request.count > DRAW_COUNT_MAX) throw new UserError('proof.bad_draw_count', { max: DRAW_COUNT_MAX });
  const { snapshot } = await resolveSnapshot(deps, request.snapshot);
  const dir = request.tree_dir ?? join(PROOFS_DIR, snapshot.id);
  const liabilities_file = join(dir, LIABILITIES_FILE);
  let liabilities_text: string;
  try {
    liabilities_text = await readFile(liabilities_file, 'utf8');
  } catch {
    throw new UserError('proof.no_tree', { dir });
  }
  const liabilities = parseJsonDocument(liabilities_text, liabilities_file);
  const seed = fromHex(request.seed_hex.toLowerCase());
  // Progress in two phases: the snapshot's rows read to draw, then the drawn accounts whose proofs are checked.
  const progress = deps.on_progress;
  const drawn = await drawAccounts(snapshot.balances, seed, request.count, progress === undefined ? undefined : (rows) => progress({ phase: 'draw', done: rows, total: snapshot.balance_rows }));
  const index_of = drawIndexOrder(master_secret, seed, drawn.map((a) => a.account_id));
  const tree = new ProofTree(dir);
  try {
    tree.ofSnapshot(snapshot.id);
    progress?.({ phase: 'proof_check', done: 0, total: drawn.length });
    const checks = drawn.map((account, i): DrawnCheck => {
      if (i > 0 && i % DRAW_PROGRESS_ACCOUNTS === 0) progress?.({ phase: 'proof_check', done: i, total: drawn.length });
      let proof: ProofJson;
      try {
        proof = tree.proof(master_secret, account.account_id);
      } catch (error) {
        if (error instanceof UserError && error.code === 'proof.unknown_account') return { account_id: account.account_id, index: index_of.get(account.account_id)!, included: false, balances_match: false };
        throw error;
      }
      const included = verifyProof({ proof, proof_file: 'proof', liabilities, liabilities_file, account_id: account.account_id }).ok;
      const balances_match = tree.meta.assets.every((a, i) => BigInt(proof.leaf.balances_minor[i]!) === (account.balances_minor.get(a.symbol) ?? 0n));
      return { account_id: account.account_id, index: index_of.get(account.account_id)!, included, balances_match };
    });
    progress?.({ phase: 'proof_check', done: drawn.length, total: drawn.length });
    const failed = checks.filter((c) => !c.included || !c.balances_match).length;
    return { snapshot_id: snapshot.id, seed_hex: request.seed_hex.toLowerCase(), root_hash: (liabilities as LiabilitiesJson).root_hash, count: checks.length, checks, failed, verdict: failed === 0 ? 'ok' : 'failed' };
  } finally {
    tree.close();
  }
}

const DRAW_INDEX_LABEL = Buffer.from('hozen-pol/1 draw index\0', 'utf8');

/** Each drawn account's number 1…n, in the order of HMAC-SHA256(master, label ‖ seed ‖ account id). */
export function drawIndexOrder(master_secret: Uint8Array, seed: Uint8Array, account_ids: readonly string[]): Map<string, number> {
  const keyed = account_ids.map((account_id) => ({ account_id, key: createHmac('sha256', master_secret).update(DRAW_INDEX_LABEL).update(seed).update(account_id, 'utf8').digest() }));
  keyed.sort((a, b) => a.key.compare(b.key));
  return new Map(keyed.map((k, i) => [k.account_id, i + 1]));
}

export function proofDrawJson(result: ProofDrawResult): unknown {
  return { snapshot_id: result.snapshot_id, seed_hex: result.seed_hex, root_hash: result.root_hash, count: result.count, failed: result.failed, ok: result.failed === 0, checks: result.checks };
}

export interface ProofTokensRequest {
  snapshot: SnapshotRef;
  /** Default: the file HOZEN_PROOF_SECRET_FILE names (what a server is started with). */
  master_secret?: NamedText;
  /** The tenant the service keeps the tree under (the command line's store: the local tenant). */
  tenant_id: string;
}

export const PROOF_TOKENS_HEADER = 'account_id,token\n';

/**
 * Every customer's download token (download-token.ts), one CSV line per account (account_id,token),
 * for the statement run to print as each customer's link: the header, then one chunk of lines per
 * batch of balance rows, so memory stays bounded whatever the snapshot's size. An account whose
 * rows are not together in balances.csv may get more than one line, with the same token.
 */
export async function proofTokenLines(deps: AppDeps, request: ProofTokensRequest): Promise<{ snapshot_id: string; chunks: AsyncGenerator<string, number> }> {
  const master_secret = parseMasterSecret(request.master_secret ?? (await masterSecretFromEnv()));
  const { snapshot } = await resolveSnapshot(deps, request.snapshot);
  async function* chunks(): AsyncGenerator<string, number> {
    yield PROOF_TOKENS_HEADER;
    let accounts = 0;
    let last = '';
    for await (const batch of snapshot.balances.scan()) {
      let lines = '';
      for (let i = 0; i < batch.length; i++) {
        const account_id = batch.account_id[i]!;
        if (account_id === last) continue;
        last = account_id;
        lines += `${account_id},${downloadToken(master_secret, { tenant_id: request.tenant_id, snapshot_id: snapshot.id, account_id })}\n`;
        accounts += 1;
      }
      if (lines !== '') yield lines;
    }
    return accounts;
  }
  return { snapshot_id: snapshot.id, chunks: chunks() };
}

/** The tokens (proofTokenLines) written to a file, under a temporary name renamed at the end. */
export async function writeProofTokens(deps: AppDeps, request: ProofTokensRequest & { out_file: string }): Promise<{ snapshot_id: string; out_file: string; accounts: number }> {
  const { snapshot_id, chunks } = await proofTokenLines(deps, request);
  const partial = `${request.out_file}.partial`;
  const out = createWriteStream(partial);
  try {
    const write = (text: string): Promise<void> | null => (out.write(text) ? null : new Promise((resolve) => out.once('drain', resolve)));
    let next = await chunks.next();
    while (next.done !== true) {
      await write(next.value);
      next = await chunks.next();
    }
    const accounts = next.value;
    await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
    await rename(partial, request.out_file);
    return { snapshot_id, out_file: request.out_file, accounts };
  } catch (error) {
    out.destroy();
    await rm(partial, { force: true });
    throw error;
  }
}
