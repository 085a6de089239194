// `hozen snapshot verify`: the balance rows and totals a snapshot holds now, against the digest
// its import recorded in its audit entry (balance-digest.ts). The rows are read in physical order,
// which is line order for rows nobody rewrote; should a line go backwards (rows rewritten by
// hand), they are read again by line.

import { UserError } from '../errors.ts';
import type { SqlRunner } from './adapter.ts';
import { auditHash } from './audit.ts';
import { storedEntryOf } from './audit-log.ts';
import { BALANCE_DIGEST_SCHEME, BalanceDigest, firstDifference, rowHash, totalsSha256, type BalanceDigestRecord } from './balance-digest.ts';
import { unescapeField } from '../encoding/copy-text.ts';
import { balancePartition } from './partition.ts';
import type { SnapshotVerification } from './types.ts';
import { big, int, str } from './values.ts';
import { decodeJson } from '../encoding/json.ts';

const COLUMNS = 'line, account_id, asset, amount_minor';
/** Heap blocks per page of the physical read (8 KiB each). */
const PAGE_BLOCKS = 2048;
/** Lines per page of the ordered read. */
const ORDERED_PAGE_LINES = 1 << 20;

export async function verifySnapshot(db: SqlRunner, tenant_id: string, id: string): Promise<SnapshotVerification> {
  const found = await db.query('SELECT key, balance_rows FROM snapshots WHERE tenant_id = $1 AND id = $2', [tenant_id, id]);
  if (found.length === 0) throw new UserError('store.snapshot_not_found', { id });
  const key = int(found[0]!.key);
  const failed = (reason: Extract<SnapshotVerification, { ok: false }>['reason'], detail: string, extra: Partial<Extract<SnapshotVerification, { ok: false }>> = {}): SnapshotVerification => ({ ok: false, snapshot_id: id, reason, detail, ...extra });

  const entries = await db.query(`SELECT * FROM audit_log WHERE tenant_id = $1 AND subject = $2 AND kind = 'import' ORDER BY seq LIMIT 1`, [tenant_id, id]);
  if (entries.length === 0) return failed('no_audit_entry', `snapshot ${id} has no import entry in the audit log`);
  const entry = storedEntryOf(entries[0]!);
  if (auditHash(entry) !== entry.hash) return failed('audit_entry_edited', `the import's audit entry ${entry.seq} no longer hashes to its hash`);
  const details = decodeJson(entry.details_encoded) as { balance_digest?: BalanceDigestRecord };
  const recorded = details.balance_digest;
  if (recorded === undefined || recorded.scheme !== BALANCE_DIGEST_SCHEME) return failed('no_digest', `the import's audit entry ${entry.seq} records no digest of the rows (imported before digests were recorded)`);

  const partition = balancePartition(key);
  const [totals_rows] = [await db.query('SELECT asset, total_minor, accounts FROM balance_totals WHERE tenant_id = $1 AND snapshot_key = $2 ORDER BY ordinal', [tenant_id, key])];
  const now = (await physicalDigest(db, partition)) ?? (await orderedDigest(db, partition));
  const totals_now = totalsSha256(totals_rows!.map((r) => ({ asset: str(r.asset), total_minor: big(r.total_minor), accounts: int(r.accounts) })));
  const digest_now = now.result(totals_now);

  if (digest_now.sha256 !== recorded.sha256 || digest_now.rows !== recorded.rows) {
    const difference = firstDifference(recorded.chunks, digest_now.chunks);
    if (difference === null) return failed('rows_differ', `the rows hash to ${digest_now.sha256}, the import recorded ${recorded.sha256}`, { rows_recorded: recorded.rows, rows_found: digest_now.rows });
    let account_id: string | null = null;
    let change: 'edited' | 'added' | 'deleted' | null = null;
    if (difference.line !== null) {
      change = difference.rows_found > difference.rows_recorded ? 'added' : difference.rows_found < difference.rows_recorded ? 'deleted' : 'edited';
      // Of several rows on that line, an added one is the one whose hash the sums gained.
      const rows = (await db.copyOut(`SELECT ${COLUMNS} FROM ${partition} WHERE line = ${difference.line} ORDER BY ${COLUMNS}`)).split('\n').filter((r) => r !== '');
      const chosen = (change === 'added' ? rows.find((r) => rowHash(Buffer.from(r, 'utf8')) === difference.delta) : undefined) ?? rows[0];
      account_id = change === 'deleted' || chosen === undefined ? null : unescapeField(chosen.split('\t')[1]!);
    }
    const where = difference.line !== null ? `line ${difference.line}${account_id === null ? '' : ` (account ${account_id})`} ${change}` : `lines ${difference.first_line}–${difference.last_line}: ${difference.rows_recorded} rows at import, ${difference.rows_found} now`;
    return failed('rows_differ', `balances.csv ${where}`, { rows_recorded: recorded.rows, rows_found: digest_now.rows, difference: { first_line: difference.first_line, last_line: difference.last_line, rows_recorded: difference.rows_recorded, rows_found: difference.rows_found, line: difference.line, account_id, change } });
  }
  if (digest_now.totals_sha256 !== recorded.totals_sha256) return failed('totals_differ', `the stored balance totals hash to ${digest_now.totals_sha256}, the import recorded ${recorded.totals_sha256}`);
  const stored_rows = int(found[0]!.balance_rows);
  if (stored_rows !== recorded.rows) return failed('rows_differ', `the snapshot says ${stored_rows} balance rows, the import recorded ${recorded.rows}`, { rows_recorded: recorded.rows, rows_found: digest_now.rows });
  return { ok: true, snapshot_id: id, rows: digest_now.rows, sha256: digest_now.sha256, audit_seq: entry.seq };
}

/** The digest over the rows in physical order; null when a line goes backwards. */
async function physicalDigest(db: SqlRunner, partition: string): Promise<BalanceDigest | null> {
  const [size] = await db.query(`SELECT pg_relation_size('${partition}') / current_setting('block_size')::int AS blocks`);
  const blocks = int(size!.blocks);
  const digest = new BalanceDigest();
  for (let first = 0; first < blocks; first += PAGE_BLOCKS) {
    const text = await db.copyOut(`SELECT ${COLUMNS} FROM ${partition} WHERE ctid >= '(${first},0)' AND ctid < '(${first + PAGE_BLOCKS},0)'`);
    if (!digest.update(Buffer.from(text, 'utf8'), false)) return null;
  }
  return digest;
}

async function orderedDigest(db: SqlRunner, partition: string): Promise<BalanceDigest> {
  const [range] = await db.query(`SELECT min(line) AS first, max(line) AS last FROM ${partition}`);
  const digest = new BalanceDigest();
  if (range!.first === null) return digest;
  const last = int(range!.last);
  for (let from = int(range!.first); from <= last; from += ORDERED_PAGE_LINES) {
    const text = await db.copyOut(`SELECT ${COLUMNS} FROM ${partition} WHERE line >= ${from} AND line < ${from + ORDERED_PAGE_LINES} ORDER BY ${COLUMNS}`);
    if (!digest.update(Buffer.from(text, 'utf8'), false)) throw new Error(`store: balances of ${partition} read by line come out of order`);
  }
  return digest;
}
