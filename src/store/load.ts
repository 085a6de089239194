// Reading a stored snapshot back: everything but the balances at once, the balances as a stream.

import { UserError } from '../errors.ts';
import { parseDecimal } from '../money/index.ts';
import {
  SNAPSHOT_FORMAT,
  type AssetKind,
  type AssetSpec,
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
import type { SqlRow, SqlRunner } from './adapter.ts';
import { decodeJson } from '../encoding/json.ts';
import { storedBalances } from './stored-balances.ts';
import { big, int, str } from './values.ts';


/** A snapshot of `tenant_id`: another tenant's snapshot of the same id is not found. */
export async function loadSnapshot(db: SqlRunner, tenant_id: string, id: string): Promise<Snapshot> {
  const found = await db.query('SELECT * FROM snapshots WHERE tenant_id = $1 AND id = $2', [tenant_id, id]);
  if (found.length === 0) throw new UserError('store.snapshot_not_found', { id });
  const s = found[0]!;
  if (str(s.format) !== SNAPSHOT_FORMAT) throw new Error(`store: snapshot ${id} has format ${str(s.format)}`);
  const key = int(s.key);
  const rowsOf = (table: string, order = 'ordinal'): Promise<SqlRow[]> => db.query(`SELECT * FROM ${table} WHERE tenant_id = $1 AND snapshot_key = $2 ORDER BY ${order}`, [tenant_id, key]);
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
