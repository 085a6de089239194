// Stores as earlier versions of Hozen left them, for the migration tests: the schema of the
// migrations up to a given one applied by hand (and recorded as applied, as drizzle's migrator
// records them), then rows written in that layout by SQL, as those versions wrote them.

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeJson } from '../encoding/json.ts';
import type { Snapshot } from '../snapshot/types.ts';
import { MIGRATIONS_DIR } from './adapter.ts';
import { AUDIT_FORMAT_V1, GENESIS_HASH, auditHash } from './audit.ts';
import type { TestDatabase } from './testing.ts';

interface JournalEntry {
  tag: string;
  when: number;
}

function journal(): JournalEntry[] {
  return (JSON.parse(readFileSync(join(MIGRATIONS_DIR, 'meta', '_journal.json'), 'utf8')) as { entries: JournalEntry[] }).entries;
}

const quote = (text: string): string => `'${text.replace(/'/g, "''")}'`;

/**
 * Empties the database and applies the migrations up to and including `through` (a tag such as
 * '0002_audit_log_append_only'), recording them as drizzle does.
 */
export async function legacySchema(database: TestDatabase, through: string): Promise<void> {
  const entries = journal();
  const last = entries.findIndex((e) => e.tag === through);
  if (last === -1) throw new Error(`no migration ${through}`);
  const migrations_table = database.kind === 'pglite' ? 'drizzle.__drizzle_migrations' : '__drizzle_migrations';
  const reset =
    database.kind === 'pglite'
      ? 'DROP SCHEMA public CASCADE; CREATE SCHEMA public; DROP SCHEMA IF EXISTS drizzle CASCADE; CREATE SCHEMA drizzle;'
      : // The test's schema is its search_path; it may not have been created yet.
        `DO $$ DECLARE s text := trim(both '"' from current_setting('search_path')); BEGIN EXECUTE format('DROP SCHEMA IF EXISTS %I CASCADE', s); EXECUTE format('CREATE SCHEMA %I', s); END $$;`;
  const statements: string[] = [reset, `CREATE TABLE ${migrations_table} (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at bigint)`];
  for (const entry of entries.slice(0, last + 1)) {
    const sql = readFileSync(join(MIGRATIONS_DIR, `${entry.tag}.sql`), 'utf8');
    statements.push(...sql.split('--> statement-breakpoint').filter((s) => s.trim() !== ''));
    statements.push(`INSERT INTO ${migrations_table} (hash, created_at) VALUES (${quote(createHash('sha256').update(sql).digest('hex'))}, ${entry.when})`);
  }
  await database.sql(statements.join(';\n'));
}

export interface LegacyRows {
  /** Balance rows in the order they are written (a test may write them out of line order). */
  order: 'line' | 'reverse';
  /** Written into a table partitioned by snapshot (migration 0001 and later) or the single 0000 table. */
  partitioned: boolean;
}

/**
 * Writes snapshots (their header, assets, balance totals and balances; no wallets or other
 * files) and one format-1 audit entry per import, chained, as stores before tenants held them.
 */
export async function legacySnapshots(database: TestDatabase, snapshots: readonly Snapshot[], options: LegacyRows): Promise<void> {
  const statements: string[] = [];
  let prev_hash = GENESIS_HASH;
  for (const [index, snapshot] of snapshots.entries()) {
    const key = index + 1;
    const m = snapshot.manifest;
    statements.push(
      `INSERT INTO snapshots (id, content_sha256, format, exchange_id, exchange_name, jurisdictions, as_of, as_of_ms, base_currency, net_assets_minor, group_support_minor, regimes, extensions, balance_rows, imported_at) VALUES (` +
        [quote(snapshot.id), quote(snapshot.content_sha256), quote(m.format), quote(m.exchange.id), quote(m.exchange.name), quote(JSON.stringify(m.exchange.jurisdictions)), quote(m.as_of), String(m.as_of_ms), quote(m.base_currency), m.net_assets_minor.toString(), m.group_support_minor.toString(), quote(JSON.stringify(m.regimes)), quote(JSON.stringify(encodeJson(m.extensions))), String(snapshot.balance_rows), quote('2026-11-01T00:00:00.000Z')].join(', ') +
        ')',
    );
    // The key is the identity column's next value, in the order written.
    for (const [ordinal, a] of m.assets.entries()) statements.push(`INSERT INTO assets VALUES (${key}, ${ordinal}, ${quote(a.symbol)}, ${a.decimals}, ${quote(a.kind)})`);
    for (const [ordinal, t] of snapshot.balance_totals.entries()) statements.push(`INSERT INTO balance_totals VALUES (${key}, ${ordinal}, ${quote(t.asset)}, ${t.total_minor}, ${t.accounts})`);
    if (options.partitioned) statements.push(`CREATE TABLE "balances_${key}" PARTITION OF balances (snapshot_key DEFAULT ${key}) FOR VALUES IN (${key})`);
    const rows: string[] = [];
    let line = 2;
    for await (const batch of snapshot.balances.scan()) {
      for (let i = 0; i < batch.length; i++) rows.push(`(${key}, ${line++}, ${quote(batch.account_id[i]!)}, ${quote(batch.asset[i]!)}, ${batch.amount_minor[i]!})`);
    }
    if (options.order === 'reverse') rows.reverse();
    for (let i = 0; i < rows.length; i += 500) statements.push(`INSERT INTO balances (snapshot_key, line, account_id, asset, amount_minor) VALUES ${rows.slice(i, i + 500).join(', ')}`);
    const entry = { format: AUDIT_FORMAT_V1, tenant_id: 'local', actor_encoded: null, seq: index + 1, at: `2026-11-01T00:00:0${index}.000Z`, kind: 'import', subject: snapshot.id, inputs_sha256: snapshot.content_sha256, details_encoded: { balance_rows: snapshot.balance_rows }, prev_hash } as const;
    const hash = auditHash(entry);
    statements.push(`INSERT INTO audit_log (seq, at, kind, subject, inputs_sha256, details, prev_hash, hash) VALUES (${entry.seq}, ${quote(entry.at)}, 'import', ${quote(entry.subject)}, ${quote(entry.inputs_sha256)}, ${quote(JSON.stringify(entry.details_encoded))}, ${quote(prev_hash)}, ${quote(hash)})`);
    prev_hash = hash;
  }
  await database.sql(statements.join(';\n'));
}
