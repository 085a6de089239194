// The writes of one snapshot import, inside the store's transaction: the header's tables, the
// balances by COPY, the totals, the audit entry. It checks that what was written adds up.

import { UserError } from '../errors.ts';
import { ExactSum, formatDecimal } from '../money/index.ts';
import { sortPrices } from '../snapshot/prices.ts';
import type { BalanceCopyBatch, BalanceImportBatch, BalanceTotal } from '../snapshot/types.ts';
import type { SqlRunner } from './adapter.ts';
import { appendAudit } from './audit-log.ts';
import { CopyEncoder, copyField, copyRows } from '../encoding/copy-text.ts';
import { jsonParam } from '../encoding/json.ts';
import { balancePartition } from './partition.ts';
import type { Actor, AuditEntry, AuditEntryInput, SnapshotHeader, SnapshotWriter } from './types.ts';
import { int } from './values.ts';

/** Digits only: what the numeric column receives must be an integer of minor units. */
const MINOR_DIGITS = /^\d{1,200000}$/;

/** Balance lines are int4 in the table. */
const LINE_MAX = 2_147_483_647;

interface ImportState {
  id: string;
  key: number;
  /** The partition of balances that takes this snapshot's rows. */
  partition: string;
  assets: ReadonlySet<string>;
  /** The next balance line must be at least this. */
  line_min: number;
  rows: number;
  sums: Map<string, { total: ExactSum; accounts: number }>;
  finished: boolean;
  audited: boolean;
}

/** The writes of one import transaction; it also checks that what was written adds up. */
export class ImportWriter implements SnapshotWriter {
  private readonly imports = new Map<string, ImportState>();
  /**
   * The COPY of the last balance batch, still running: appendBalances returns once a batch is
   * encoded, so that with a server the caller parses the next batch while the server loads this
   * one. One connection runs one COPY at a time, so each waits for the one before.
   */
  private loading: Promise<void> | null = null;

  constructor(
    private readonly tx: SqlRunner,
    private readonly tenant_id: string,
    private readonly actor: Actor,
  ) {}

  async insertHeader(header: SnapshotHeader): Promise<void> {
    await this.settle();
    const m = header.manifest;
    const inserted = await this.tx.query<{ key: unknown }>(
      `INSERT INTO snapshots (tenant_id, id, content_sha256, format, exchange_id, exchange_name, jurisdictions, as_of, as_of_ms,
         base_currency, net_assets_minor, group_support_minor, regimes, extensions, balance_rows, imported_at)
       VALUES ($15, $1, $2, $3, $4, $5, $6::jsonb, $7, $8, $9, $10, $11, $12::jsonb, $13::jsonb, 0, $14)
       ON CONFLICT (tenant_id, id) DO NOTHING RETURNING key`,
      [
        header.id,
        header.content_sha256,
        m.format,
        m.exchange.id,
        m.exchange.name,
        jsonParam(m.exchange.jurisdictions, 'exchange.jurisdictions'),
        m.as_of,
        m.as_of_ms,
        m.base_currency,
        m.net_assets_minor.toString(),
        m.group_support_minor.toString(),
        jsonParam(m.regimes, 'regimes'),
        jsonParam(m.extensions, 'extensions'),
        new Date().toISOString(),
        this.tenant_id,
      ],
    );
    // Another import of the same snapshot committed first (the primary key made this one wait).
    if (inserted.length === 0) throw new UserError('store.snapshot_exists', { id: header.id });
    const key = int(inserted[0]!.key);
    const k = String(key);
    const partition = balancePartition(key);
    // The partition's defaults fill tenant_id and snapshot_key, so that a COPY sends four columns, not six.
    await this.tx.query(`CREATE TABLE "${partition}" PARTITION OF balances (tenant_id DEFAULT ${sqlString(this.tenant_id)}, snapshot_key DEFAULT ${key}) FOR VALUES IN (${key})`);
    const t = this.tenant_id;
    await this.tx.copyFrom('assets', ['tenant_id', 'snapshot_key', 'ordinal', 'symbol', 'decimals', 'kind'], copyRows('assets', m.assets.map((a, i) => [t, k, String(i), a.symbol, String(a.decimals), a.kind])));
    await this.tx.copyFrom(
      'wallets',
      ['tenant_id', 'snapshot_key', 'ordinal', 'id', 'asset', 'tier', 'purpose', 'amount_minor', 'controls', 'risk'],
      copyRows(
        'wallets',
        header.wallets.map((w, i) => [t, k, String(i), w.id, w.asset, w.tier, w.purpose, w.amount_minor.toString(), jsonParam(w.controls, `wallets[${i}].controls`), w.risk === undefined ? null : jsonParam(w.risk, `wallets[${i}].risk`)]),
      ),
    );
    await this.tx.copyFrom(
      'prices',
      ['tenant_id', 'snapshot_key', 'ordinal', 'time', 'time_ms', 'asset', 'price', 'volume', 'venue'],
      copyRows(
        'prices',
        sortPrices([...header.prices]).map((p, i) => [t, k, String(i), p.time, String(p.time_ms), p.asset, formatDecimal(p.price), p.volume === undefined ? null : formatDecimal(p.volume), p.venue ?? null]),
      ),
    );
    await this.tx.copyFrom(
      'safe_assets',
      ['tenant_id', 'snapshot_key', 'ordinal', 'id', 'kind', 'issuer', 'face_value_minor', 'market_value_minor', 'maturity', 'segregated', 'contract_id'],
      copyRows(
        'safe_assets',
        header.safe_assets.map((s, i) => [t, k, String(i), s.id, s.kind, s.issuer, s.face_value_minor.toString(), s.market_value_minor.toString(), s.maturity, String(s.segregated), s.contract_id]),
      ),
    );
    await this.tx.copyFrom(
      'contracts',
      ['tenant_id', 'snapshot_key', 'ordinal', 'id', 'kind', 'counterparty', 'amount_minor', 'start', 'end', 'covers'],
      copyRows('contracts', header.contracts.map((c, i) => [t, k, String(i), c.id, c.kind, c.counterparty, c.amount_minor.toString(), c.start, c.end, jsonParam(c.covers, `contracts[${i}].covers`)])),
    );
    const documents = Object.entries(header.documents).filter(([, content]) => content !== undefined);
    await this.tx.copyFrom('documents', ['tenant_id', 'snapshot_key', 'name', 'content'], copyRows('documents', documents.map(([name, content]) => [t, k, name, jsonParam(content, name)])));
    this.imports.set(header.id, {
      id: header.id,
      key,
      partition,
      assets: new Set(m.assets.map((a) => a.symbol)),
      line_min: 1,
      rows: 0,
      sums: new Map(),
      finished: false,
      audited: false,
    });
  }

  async appendBalances(snapshot_id: string, batch: BalanceImportBatch): Promise<void> {
    const state = this.open(snapshot_id);
    const { length, line, account_id, asset, amount_minor_digits } = batch;
    if (line.length !== length || account_id.length !== length || asset.length !== length || amount_minor_digits.length !== length) throw new Error('store: balance batch columns differ in length');
    // About 40 bytes a row for typical ids and amounts; the encoder grows if not enough.
    const encoder = new CopyEncoder(length * 48 + 64);
    let line_min = state.line_min;
    for (let i = 0; i < length; i += 1) {
      const row_line = line[i]!;
      if (!Number.isSafeInteger(row_line) || row_line < line_min || row_line > LINE_MAX) {
        throw new Error(`store: balance lines must increase: line ${row_line} after ${line_min - 1}`);
      }
      line_min = row_line + 1;
      const symbol = asset[i]!;
      const digits = amount_minor_digits[i]!;
      if (!state.assets.has(symbol) || !MINOR_DIGITS.test(digits)) throw new Error(`store: balance line ${row_line} has an unknown asset or an amount that is not a non-negative integer of minor units`);
      // Asset symbols were checked against the snapshot's assets, whose pattern has nothing to escape.
      encoder.row(row_line + '\t' + copyField(account_id[i]!, balancesLine, row_line) + '\t' + symbol + '\t' + digits + '\n');
      this.add(state, symbol, digits, 1);
    }
    await this.load(state, encoder.bytes(), length);
    state.line_min = line_min;
  }

  /**
   * Appends rows the reader already wrote in COPY text (BalanceCopyBatch). Checked here without
   * re-reading them: the line range continues the previous batch, the totals count every row and
   * name only the snapshot's assets, and the server must load exactly `rows` rows.
   */
  async appendBalanceCopy(snapshot_id: string, batch: BalanceCopyBatch): Promise<void> {
    const state = this.open(snapshot_id);
    const { rows, first_line, last_line, copy_text, totals } = batch;
    if (!Number.isSafeInteger(rows) || rows < 1 || first_line < state.line_min || last_line - first_line + 1 < rows || last_line > LINE_MAX) {
      throw new Error(`store: balance batch of ${rows} rows, lines ${first_line} to ${last_line}, does not follow line ${state.line_min - 1}`);
    }
    if (copy_text[copy_text.length - 1] !== 10) throw new Error('store: balance batch does not end with a whole row');
    let accounts = 0;
    for (const total of totals) {
      if (!state.assets.has(total.asset) || total.total_minor < 0n || !Number.isSafeInteger(total.accounts) || total.accounts < 0) throw new Error(`store: balance batch has a total for ${total.asset} that cannot be`);
      accounts += total.accounts;
      this.add(state, total.asset, total.total_minor.toString(), total.accounts);
    }
    if (accounts !== rows) throw new Error(`store: balance batch of ${rows} rows has totals for ${accounts}`);
    await this.load(state, copy_text, rows);
    state.line_min = last_line + 1;
  }

  /** Starts the COPY of a batch once the previous one has ended; the server must load `rows` rows. */
  private async load(state: ImportState, copy_text: Uint8Array, rows: number): Promise<void> {
    await this.settle();
    const loading = this.tx.copyFrom(state.partition, ['line', 'account_id', 'asset', 'amount_minor'], copy_text).then((loaded) => {
      if (loaded !== rows) throw new Error(`store: ${rows} balance rows sent, ${loaded} loaded`);
    });
    // Its failure is reported by the next settle(); until then it must not count as unhandled.
    loading.catch(() => {});
    this.loading = loading;
    state.rows += rows;
  }

  private add(state: ImportState, asset: string, digits: string, accounts: number): void {
    let sum = state.sums.get(asset);
    if (sum === undefined) state.sums.set(asset, (sum = { total: new ExactSum(), accounts: 0 }));
    sum.total.add(digits);
    sum.accounts += accounts;
  }

  /** Waits for the balance batch still loading, and reports its failure. */
  async settle(): Promise<void> {
    const loading = this.loading;
    this.loading = null;
    await loading;
  }

  async finish(snapshot_id: string, totals: BalanceTotal[], balance_rows: number): Promise<void> {
    const state = this.open(snapshot_id);
    await this.settle();
    // The reader's totals must be what was stored: a cheap end-to-end check of the bulk load.
    if (balance_rows !== state.rows) throw new Error(`store: ${balance_rows} balance rows announced, ${state.rows} stored`);
    for (const total of totals) {
      const sum = state.sums.get(total.asset);
      const stored_minor = sum === undefined ? 0n : sum.total.total;
      if (stored_minor !== total.total_minor || (sum?.accounts ?? 0) !== total.accounts) throw new Error(`store: balance total of ${total.asset} differs from the rows stored`);
    }
    for (const symbol of state.sums.keys()) {
      if (!totals.some((t) => t.asset === symbol)) throw new Error(`store: no balance total for ${symbol}`);
    }
    await this.tx.query('UPDATE snapshots SET balance_rows = $2 WHERE key = $1', [state.key, balance_rows]);
    const k = String(state.key);
    const t = this.tenant_id;
    await this.tx.copyFrom(
      'balance_totals',
      ['tenant_id', 'snapshot_key', 'ordinal', 'asset', 'total_minor', 'accounts'],
      copyRows('balance_totals', totals.map((total, i) => [t, k, String(i), total.asset, total.total_minor.toString(), String(total.accounts)])),
    );
    state.finished = true;
  }

  async appendAudit(entry: AuditEntryInput): Promise<AuditEntry> {
    await this.settle();
    const appended = await appendAudit(this.tx, this.tenant_id, this.actor, entry);
    const state = this.imports.get(entry.subject);
    if (state !== undefined) state.audited = true;
    return appended;
  }

  /** Every snapshot written must be finished and audited, or the import is rolled back. */
  assertComplete(): void {
    for (const state of this.imports.values()) {
      if (!state.finished || !state.audited) throw new Error(`store: import of ${state.id} was not ${state.finished ? 'audited' : 'finished'}`);
    }
  }

  private open(snapshot_id: string): ImportState {
    const state = this.imports.get(snapshot_id);
    if (state === undefined || state.finished) throw new Error(`store: snapshot ${snapshot_id} has no open import`);
    return state;
  }
}

/** A SQL string literal (for a DDL default, which takes no parameter); tenant ids are slugs, but quote anyway. */
function sqlString(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

function balancesLine(line: number): string {
  return `balances.csv line ${line}`;
}

