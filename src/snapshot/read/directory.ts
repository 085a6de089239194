// Reads and validates a snapshot directory (hozen-snapshot/1). Small files are parsed whole;
// balances.csv streams through validation, optionally into a sink (the store's import
// transaction). Any error anywhere → InputError with every located issue, and the sink stops
// receiving rows at the first one so the caller's transaction can be rolled back.

import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { formatAmount } from '../../money/index.ts';
import { IssueCollector, UserError, type InputIssue } from '../../errors.ts';
import { priceAt } from '../prices.ts';
import type { AssetSpec, BalanceCopyBatch, BalanceTotal, ExchangeManifest, PriceRow, Snapshot, SnapshotDocuments, SnapshotHeader, Wallet } from '../types.ts';
import { validateBalanceBytes } from './balance-bytes.ts';
import { fileBalances } from './file-balances.ts';
import { parseContracts } from './contracts.ts';
import { parseExchange } from './exchange.ts';
import { contentHash, sha256File, snapshotIdOf } from './hash.ts';
import { readJsonDocument, type JsonDocument } from '../../input/json.ts';
import type { TextEncoding } from '../../input/text.ts';
import { parsePrices } from './prices.ts';
import { parseSafeAssets } from './safe-assets.ts';
import { parseWallets } from './wallets.ts';

/** Every file of the format, in the order that the content hash uses. */
export const SNAPSHOT_FILES = [
  'exchange.json',
  'balances.csv',
  'wallets.json',
  'prices.csv',
  'safe_assets.csv',
  'contracts.json',
  'policies.json',
  'compensation-policy.json',
] as const;
export type SnapshotFile = (typeof SNAPSHOT_FILES)[number];
const REQUIRED_FILES: readonly SnapshotFile[] = ['exchange.json', 'balances.csv'];

/** Optional JSON documents that the core stores as parsed JSON; their modules validate them. */
const DOCUMENT_FILES: ReadonlyArray<{ file: SnapshotFile; key: keyof SnapshotDocuments }> = [
  { file: 'policies.json', key: 'policies' },
  { file: 'compensation-policy.json', key: 'compensation_policy' },
];

export interface SnapshotIdentity {
  id: string;
  content_sha256: string;
  files: SnapshotFile[];
}

export interface ReadSnapshotOptions {
  /** Called once the small files are valid, before balances stream (the store writes the header). */
  on_header?: (header: SnapshotHeader) => Promise<void>;
  /** Receives the valid rows in batches, in the store's COPY format, while no file has an error. */
  on_balances?: (batch: BalanceCopyBatch) => Promise<void>;
  on_progress?: (rows: number) => void;
  /** Known identity (when the caller hashed first), to avoid hashing twice. */
  identity?: SnapshotIdentity;
  /**
   * Checks of what later engines read (policies, coverage and risk parameters), run on the whole
   * snapshot before it is accepted; given each JSON file's text. Issues without a line are given
   * the line of their path in their file.
   */
  check_documents?: (snapshot: Snapshot, texts: ReadonlyMap<SnapshotFile, string>) => InputIssue[];
  /**
   * How prices.csv and safe_assets.csv are encoded: UTF-8, or Shift_JIS when the user says so
   * (`--encoding shift_jis`, a Japanese Excel export). The content hash stays that of the bytes.
   */
  encoding?: TextEncoding;
}

export interface ReadSnapshotResult {
  snapshot: Snapshot;
  warnings: InputIssue[];
}

/** Hashes the files present: cheap next to validation, and tells whether the store has it already. */
export async function identifySnapshotDir(dir: string): Promise<SnapshotIdentity> {
  await assertDirectory(dir);
  const present: Array<{ file: SnapshotFile; sha256: string }> = [];
  const missing: string[] = [];
  const not_files = new IssueCollector();
  for (const file of SNAPSHOT_FILES) {
    const path = join(dir, file);
    const info = await stat(path).catch(() => null);
    if (info === null) {
      if (REQUIRED_FILES.includes(file)) missing.push(file);
      continue;
    }
    // A directory named like a file of the format is a mistake to point out, not an absent file.
    if (!info.isFile()) {
      not_files.add({ file, code: 'file.not_a_file', params: {} });
      continue;
    }
    present.push({ file, sha256: await sha256File(path) });
  }
  not_files.throwIfAny();
  if (missing.length > 0) throw new UserError('snapshot.missing_files', { dir, files: missing.join(', ') });
  const content_sha256 = contentHash(present);
  return { id: snapshotIdOf(content_sha256), content_sha256, files: present.map((p) => p.file) };
}

export async function readSnapshotDir(dir: string, options: ReadSnapshotOptions = {}): Promise<ReadSnapshotResult> {
  const identity = options.identity ?? (await identifySnapshotDir(dir));
  const has = (file: SnapshotFile) => identity.files.includes(file);
  const issues = new IssueCollector();
  const warnings: InputIssue[] = [];

  const docs = new Map<SnapshotFile, JsonDocument>();
  const readDoc = async (file: SnapshotFile): Promise<JsonDocument | undefined> => {
    const doc = await readJsonDocument(join(dir, file), file, issues);
    if (doc !== undefined) docs.set(file, doc);
    return doc;
  };
  const exchange_doc = await readDoc('exchange.json');
  const manifest = exchange_doc === undefined ? undefined : parseExchange(exchange_doc);
  // Without a valid manifest there are no assets to check the other files against.
  if (manifest === undefined) issues.throwIfAny();
  const assets = new Map(manifest!.assets.map((a) => [a.symbol, a]));
  const base = assets.get(manifest!.base_currency)!;

  const readJson = async <T>(file: SnapshotFile, parse: (doc: JsonDocument) => T[]): Promise<T[]> => {
    const doc = await readDoc(file);
    return doc === undefined ? [] : parse(doc);
  };
  const contracts = has('contracts.json') ? await readJson('contracts.json', (doc) => parseContracts(doc, base)) : [];
  const wallets = has('wallets.json') ? await readJson('wallets.json', (doc) => parseWallets(doc, assets)) : [];
  const prices = has('prices.csv') ? await parsePrices(join(dir, 'prices.csv'), 'prices.csv', assets, base.symbol, issues, options.encoding) : [];
  const safe_assets = has('safe_assets.csv') ? await parseSafeAssets(join(dir, 'safe_assets.csv'), 'safe_assets.csv', base, new Set(contracts.map((c) => c.id)), issues, options.encoding) : [];
  const documents: SnapshotDocuments = {};
  for (const { file, key } of DOCUMENT_FILES) {
    if (!has(file)) continue;
    const doc = await readDoc(file);
    if (doc !== undefined) documents[key] = doc.value;
  }

  const header: SnapshotHeader = { id: identity.id, content_sha256: identity.content_sha256, manifest: manifest!, wallets, prices, safe_assets, contracts, documents };
  if (issues.empty && options.on_header !== undefined) await options.on_header(header);

  const { totals, rows } = await validateBalanceBytes(join(dir, 'balances.csv'), 'balances.csv', manifest!.assets, issues, {
    ...(options.on_balances === undefined ? {} : { sink: options.on_balances }),
    ...(options.on_progress === undefined ? {} : { on_progress: options.on_progress }),
  });

  checkPricesExist(manifest!, totals, wallets, prices, issues);
  issues.throwIfAny();
  warnings.push(...segregationWarnings(manifest!.assets, totals, wallets));

  const snapshot: Snapshot = {
    id: identity.id,
    content_sha256: identity.content_sha256,
    manifest: manifest!,
    assets,
    wallets,
    prices,
    safe_assets,
    contracts,
    documents,
    balance_totals: totals,
    balance_rows: rows,
    balances: fileBalances(join(dir, 'balances.csv'), assets, rows),
  };
  if (options.check_documents !== undefined) {
    const texts = new Map([...docs].map(([file, doc]) => [file, doc.text] as const));
    for (const issue of options.check_documents(snapshot, texts)) {
      const doc = issue.file === undefined ? undefined : docs.get(issue.file as SnapshotFile);
      const line = issue.line ?? (doc === undefined || issue.path === undefined ? undefined : doc.context.lineOf(issue.path));
      issues.add({ ...issue, ...(line === undefined ? {} : { line }) });
    }
    issues.throwIfAny();
  }
  return { snapshot, warnings };
}

/** Every asset with balances or holdings must be valued at as_of: a missing price is an error. */
function checkPricesExist(manifest: ExchangeManifest, totals: BalanceTotal[], wallets: Wallet[], prices: PriceRow[], issues: IssueCollector): void {
  const needed = new Map<string, string>();
  for (const total of totals) if (total.accounts > 0) needed.set(total.asset, 'balances.csv');
  for (const wallet of wallets) if (wallet.amount_minor > 0n && !needed.has(wallet.asset)) needed.set(wallet.asset, 'wallets.json');
  for (const [asset, source] of needed) {
    if (asset === manifest.base_currency) continue;
    if (priceAt(prices, asset, manifest.as_of_ms) === null) {
      issues.add({ file: 'prices.csv', field: 'price', code: 'snapshot.missing_price', params: { asset, as_of: manifest.as_of, source } });
    }
  }
}

/**
 * Customer liabilities against customer-purpose wallets, per asset. A difference is a warning, not
 * an error: the coverage check reports segregation formally, and exchanges export both at slightly
 * different instants. Fiat held outside wallets (bank trust accounts) is not compared.
 */
function segregationWarnings(assets: readonly AssetSpec[], totals: BalanceTotal[], wallets: Wallet[]): InputIssue[] {
  const held = new Map<string, bigint>();
  for (const w of wallets) if (w.purpose === 'customer') held.set(w.asset, (held.get(w.asset) ?? 0n) + w.amount_minor);
  const warnings: InputIssue[] = [];
  for (const total of totals) {
    const spec = assets.find((a) => a.symbol === total.asset)!;
    const held_minor = held.get(total.asset);
    if (held_minor === undefined && spec.kind === 'fiat') continue;
    const difference_minor = (held_minor ?? 0n) - total.total_minor;
    if (difference_minor !== 0n) {
      warnings.push({ file: 'wallets.json', code: 'snapshot.liabilities_mismatch', params: {
          asset: total.asset,
          liabilities: formatAmount(total.total_minor, spec.decimals),
          held: formatAmount(held_minor ?? 0n, spec.decimals),
          difference: formatAmount(difference_minor, spec.decimals),
        },
      });
    }
  }
  return warnings;
}

async function assertDirectory(dir: string): Promise<void> {
  const info = await stat(dir).catch(() => null);
  if (info === null || !info.isDirectory()) throw new UserError('snapshot.not_a_directory', { dir });
}
