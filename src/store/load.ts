// Reading a stored snapshot back: everything but the balances at once, the balances as a stream.

import { UserError } from '../errors.ts';
import { parseDecimal } from '../money/index.ts';
import {
  SNAPSHOT_FORMAT,
  type AssetKind,
  type AssetSpec,
  type BalanceBatch,
  type BalanceScanOptions,
  type BalanceSource,
  type BalanceTotal,
  type Contract,
  type ContractKind,
  type PriceRow,
  type Purpose,
  type SafeAsset,
  type SafeAssetKind,
  type Snapshot,
  type SnapshotDocuments,
  type Tier,
  type Wallet,
  type WalletControls,
  type WalletRisk,
} from '../snapshot/types.ts';
import { BALANCE_BATCH_ROWS_DEFAULT } from '../snapshot/memory.ts';
import type { SqlRow, SqlRunner } from './adapter.ts';
import { parseBalancePage } from './balance-page.ts';
import { decodeJson } from './json.ts';
import { balancePartition } from './schema.ts';
import { big, int, str } from './values.ts';

/** A scan asking for more rows per batch gets this many: one batch must fit in memory easily. */
export const BALANCE_BATCH_ROWS_MAX = 1_048_576;

export async function loadSnapshot(db: SqlRunner, id: string): Promise<Snapshot> {
  const found = await db.query('SELECT * FROM snapshots WHERE id = $1', [id]);
  if (found.length === 0) throw new UserError('store.snapshot_not_found', { id });
  const s = found[0]!;
  if (str(s.format) !== SNAPSHOT_FORMAT) throw new Error(`store: snapshot ${id} has format ${str(s.format)}`);
  const key = int(s.key);
  const rowsOf = (table: string, order = 'ordinal'): Promise<SqlRow[]> => db.query(`SELECT * FROM ${table} WHERE snapshot_key = $1 ORDER BY ${order}`, [key]);
  const [asset_rows, wallet_rows, price_rows, safe_rows, contract_rows, document_rows, total_rows] = await Promise.all([
    rowsOf('assets'),
    rowsOf('wallets'),
    rowsOf('prices'),
    rowsOf('safe_assets'),
    rowsOf('contracts'),
    rowsOf('documents', 'name'),
    rowsOf('balance_totals'),
  ]);
  const assets = asset_rows.map((r): AssetSpec => ({ symbol: str(r.symbol), decimals: int(r.decimals), kind: str(r.kind) as AssetKind }));
  const documents: SnapshotDocuments = {};
  for (const r of document_rows) (documents as Record<string, unknown>)[str(r.name)] = decodeJson(r.content);
  return {
    id: str(s.id),
    content_sha256: str(s.content_sha256),
    manifest: {
      format: SNAPSHOT_FORMAT,
      exchange: { id: str(s.exchange_id), name: str(s.exchange_name), jurisdictions: decodeJson(s.jurisdictions) as string[] },
      as_of: str(s.as_of),
      as_of_ms: int(s.as_of_ms),
      base_currency: str(s.base_currency),
      assets,
      net_assets_minor: big(s.net_assets_minor),
      group_support_minor: big(s.group_support_minor),
      regimes: decodeJson(s.regimes) as string[],
      extensions: decodeJson(s.extensions) as Record<string, unknown>,
    },
    assets: new Map(assets.map((a) => [a.symbol, a])),
    wallets: wallet_rows.map(
      (r): Wallet => ({
        id: str(r.id),
        asset: str(r.asset),
        tier: str(r.tier) as Tier,
        purpose: str(r.purpose) as Purpose,
        amount_minor: big(r.amount_minor),
        controls: decodeJson(r.controls) as WalletControls,
        ...(r.risk === null ? {} : { risk: decodeJson(r.risk) as WalletRisk }),
      }),
    ),
    prices: price_rows.map(
      (r): PriceRow => ({
        time: str(r.time),
        time_ms: int(r.time_ms),
        asset: str(r.asset),
        price: parseDecimal(str(r.price), { signed: true }),
        ...(r.volume === null ? {} : { volume: parseDecimal(str(r.volume), { signed: true }) }),
        ...(r.venue === null ? {} : { venue: str(r.venue) }),
      }),
    ),
    safe_assets: safe_rows.map(
      (r): SafeAsset => ({
        id: str(r.id),
        kind: str(r.kind) as SafeAssetKind,
        issuer: str(r.issuer),
        face_value_minor: big(r.face_value_minor),
        market_value_minor: big(r.market_value_minor),
        maturity: r.maturity === null ? null : str(r.maturity),
        segregated: r.segregated === true,
        contract_id: r.contract_id === null ? null : str(r.contract_id),
      }),
    ),
    contracts: contract_rows.map(
      (r): Contract => ({
        id: str(r.id),
        kind: str(r.kind) as ContractKind,
        counterparty: str(r.counterparty),
        amount_minor: big(r.amount_minor),
        start: str(r.start),
        end: str(r.end),
        covers: decodeJson(r.covers) as string[],
      }),
    ),
    documents,
    balance_totals: total_rows.map((r): BalanceTotal => ({ asset: str(r.asset), total_minor: big(r.total_minor), accounts: int(r.accounts) })),
    balance_rows: int(s.balance_rows),
    balances: storedBalances(db, id, key, int(s.balance_rows)),
  };
}

/** Rows per page of the ordered read that takes over if physical order ever is not line order. */
const ORDERED_PAGE_ROWS_MIN = 262_144;

/**
 * Streams a snapshot's balances in line order from its partition of balances (schema.ts). The
 * import wrote the partition once, by COPY in line order, so its physical order is line order:
 * pages of heap blocks (TID-range scans, which unlike sequential scans never start mid-table to
 * follow another scan) need neither an index nor a sort. Each page goes through COPY
 * (adapter.copyOut), which takes literals, not parameters. Every line must exceed the one before;
 * should one not (rows rewritten in place by hand), an ordered read takes over from the last line
 * handed on, provided every row up to it was handed on.
 */
function storedBalances(db: SqlRunner, id: string, key: number, balance_rows: number): BalanceSource {
  const partition = balancePartition(key);
  const columns = 'line, account_id, asset, amount_minor';
  return {
    async *scan(options: BalanceScanOptions = {}): AsyncIterable<BalanceBatch> {
      const batch_rows = Math.min(Math.max(1, Math.floor(options.batch_rows ?? BALANCE_BATCH_ROWS_DEFAULT)), BALANCE_BATCH_ROWS_MAX);
      if (options.assets !== undefined && options.assets.length === 0) return;
      const asset_filter = options.assets === undefined ? '' : ` AND asset IN (${options.assets.map(sqlLiteral).join(', ')})`;
      const [size] = await db.query(`SELECT pg_relation_size('${partition}') / current_setting('block_size')::int AS blocks`);
      const blocks = int(size!.blocks);
      const page_blocks = Math.max(1, Math.floor((batch_rows * Math.max(1, blocks)) / Math.max(1, balance_rows)));
      // The next page is asked for before this one is parsed: the server reads it meanwhile.
      const pageAt = (first: number): Promise<string> | null => {
        if (first >= blocks) return null;
        const text = db.copyOut(`SELECT ${columns} FROM ${partition} WHERE ctid >= '(${first},0)' AND ctid < '(${first + page_blocks},0)'${asset_filter}`);
        // Awaited below, or abandoned with the scan: never an unhandled rejection.
        text.catch(() => {});
        return text;
      };
      let handed = 0;
      let last_line = 0;
      let in_order = true;
      let next = pageAt(0);
      for (let first = 0; next !== null && in_order; first += page_blocks) {
        const text = await next;
        next = pageAt(first + page_blocks);
        const page = parseBalancePage(text, last_line, batch_rows);
        in_order = page.in_order;
        if (!in_order || page.rows === 0) continue;
        yield* page.batches;
        handed += page.rows;
        last_line = page.last_line;
      }
      if (!in_order) {
        if (handed > 0) {
          const [before] = await db.query(`SELECT count(*) AS rows FROM ${partition} WHERE line <= $1${asset_filter}`, [last_line]);
          if (int(before!.rows) !== handed) throw new Error(`store: balances of snapshot ${id} are not stored in line order, and ${handed} rows were handed on before it showed`);
        }
        const page_rows = Math.max(batch_rows, ORDERED_PAGE_ROWS_MIN);
        for (;;) {
          const page = parseBalancePage(await db.copyOut(`SELECT ${columns} FROM ${partition} WHERE line > ${last_line}${asset_filter} ORDER BY line LIMIT ${page_rows}`), last_line, batch_rows);
          if (!page.in_order) throw new Error(`store: balances of snapshot ${id} read by line come out of order`);
          if (page.rows === 0) break;
          yield* page.batches;
          handed += page.rows;
          last_line = page.last_line;
          if (page.rows < page_rows) break;
        }
      }
      if (options.assets === undefined && handed !== balance_rows) throw new Error(`store: snapshot ${id} has ${balance_rows} balance rows, ${handed} were read`);
    },
  };
}

/** An escape-string literal: E'' reads backslashes the same whatever standard_conforming_strings says. */
function sqlLiteral(text: string): string {
  if (text.includes('\u0000')) throw new UserError('store.nul_character', { where: `asset ${JSON.stringify(text)}` });
  return `E'${text.replaceAll('\\', '\\\\').replaceAll("'", "''")}'`;
}

