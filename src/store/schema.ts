// The store's tables. drizzle-kit generates the SQL migrations in ./migrations from this file
// (`npx drizzle-kit generate`); the store itself talks SQL through an adapter (adapter.ts).
//
// Amounts are `numeric` holding minor-unit integers: an int8 overflows at ~9.2 ETH in wei. A
// CHECK keeps them integral, because numeric would otherwise accept (and a typed numeric(p,0)
// would silently round) a fraction. Prices keep their exact decimal digits in `numeric`.
// A snapshot's rows refer to it by a small integer `key`, not by its 64-character id, which
// would otherwise be repeated on every one of tens of millions of balance rows. There are no
// foreign keys: drizzle-kit writes them as REFERENCES "public"."snapshots", which would tie the
// tables to the public schema (tests isolate each run in a schema of its own), and a per-row
// check would slow the bulk load of balances; one import transaction writes a snapshot whole.

import { sql } from 'drizzle-orm';
import { bigint, boolean, check, index, integer, jsonb, numeric, pgTable, primaryKey, text, unique } from 'drizzle-orm/pg-core';

/**
 * Every row below that belongs to an exchange carries its tenant id, so that moving to a sharded
 * PostgreSQL (distributed by tenant) is mechanical. Ids are unique within their tenant.
 */
export const tenants = pgTable('tenants', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  time_zone: text('time_zone').notNull(),
  created_at: text('created_at').notNull(),
});

export const snapshots = pgTable(
  'snapshots',
  {
    tenant_id: text('tenant_id').notNull(),
    id: text('id').notNull(),
    key: integer('key').notNull().unique().generatedAlwaysAsIdentity(),
    content_sha256: text('content_sha256').notNull(),
    format: text('format').notNull(),
    exchange_id: text('exchange_id').notNull(),
    exchange_name: text('exchange_name').notNull(),
    jurisdictions: jsonb('jurisdictions').notNull(),
    as_of: text('as_of').notNull(),
    as_of_ms: bigint('as_of_ms', { mode: 'number' }).notNull(),
    base_currency: text('base_currency').notNull(),
    net_assets_minor: numeric('net_assets_minor').notNull(),
    group_support_minor: numeric('group_support_minor').notNull(),
    regimes: jsonb('regimes').notNull(),
    extensions: jsonb('extensions').notNull(),
    balance_rows: bigint('balance_rows', { mode: 'number' }).notNull(),
    imported_at: text('imported_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenant_id, t.id] }),
    check('snapshots_net_assets_integral', sql`scale(${t.net_assets_minor}) = 0`),
    check('snapshots_group_support_integral', sql`scale(${t.group_support_minor}) = 0`),
  ],
);

export const assets = pgTable(
  'assets',
  {
    tenant_id: text('tenant_id').notNull(),
    snapshot_key: integer('snapshot_key').notNull(),
    ordinal: integer('ordinal').notNull(),
    symbol: text('symbol').notNull(),
    decimals: integer('decimals').notNull(),
    kind: text('kind').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenant_id, t.snapshot_key, t.ordinal] }), unique('assets_symbol_unique').on(t.snapshot_key, t.symbol)],
);

export const wallets = pgTable(
  'wallets',
  {
    tenant_id: text('tenant_id').notNull(),
    snapshot_key: integer('snapshot_key').notNull(),
    ordinal: integer('ordinal').notNull(),
    id: text('id').notNull(),
    asset: text('asset').notNull(),
    tier: text('tier').notNull(),
    purpose: text('purpose').notNull(),
    amount_minor: numeric('amount_minor').notNull(),
    /** WalletControls in the store's JSON encoding (json.ts): bigints survive. */
    controls: jsonb('controls').notNull(),
    risk: jsonb('risk'),
  },
  (t) => [primaryKey({ columns: [t.tenant_id, t.snapshot_key, t.ordinal] }), check('wallets_amount_integral', sql`scale(${t.amount_minor}) = 0`)],
);

export const prices = pgTable(
  'prices',
  {
    tenant_id: text('tenant_id').notNull(),
    snapshot_key: integer('snapshot_key').notNull(),
    /** The position in Snapshot.prices (sorted by asset, then time, then file order). */
    ordinal: integer('ordinal').notNull(),
    time: text('time').notNull(),
    time_ms: bigint('time_ms', { mode: 'number' }).notNull(),
    asset: text('asset').notNull(),
    price: numeric('price').notNull(),
    volume: numeric('volume'),
    venue: text('venue'),
  },
  (t) => [primaryKey({ columns: [t.tenant_id, t.snapshot_key, t.ordinal] })],
);

export const safe_assets = pgTable(
  'safe_assets',
  {
    tenant_id: text('tenant_id').notNull(),
    snapshot_key: integer('snapshot_key').notNull(),
    ordinal: integer('ordinal').notNull(),
    id: text('id').notNull(),
    kind: text('kind').notNull(),
    issuer: text('issuer').notNull(),
    face_value_minor: numeric('face_value_minor').notNull(),
    market_value_minor: numeric('market_value_minor').notNull(),
    maturity: text('maturity'),
    segregated: boolean('segregated').notNull(),
    contract_id: text('contract_id'),
  },
  (t) => [
    primaryKey({ columns: [t.tenant_id, t.snapshot_key, t.ordinal] }),
    check('safe_assets_face_value_integral', sql`scale(${t.face_value_minor}) = 0`),
    check('safe_assets_market_value_integral', sql`scale(${t.market_value_minor}) = 0`),
  ],
);

export const contracts = pgTable(
  'contracts',
  {
    tenant_id: text('tenant_id').notNull(),
    snapshot_key: integer('snapshot_key').notNull(),
    ordinal: integer('ordinal').notNull(),
    id: text('id').notNull(),
    kind: text('kind').notNull(),
    counterparty: text('counterparty').notNull(),
    amount_minor: numeric('amount_minor').notNull(),
    start: text('start').notNull(),
    end: text('end').notNull(),
    covers: jsonb('covers').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenant_id, t.snapshot_key, t.ordinal] }), check('contracts_amount_integral', sql`scale(${t.amount_minor}) = 0`)],
);

export const documents = pgTable(
  'documents',
  {
    tenant_id: text('tenant_id').notNull(),
    snapshot_key: integer('snapshot_key').notNull(),
    /** The SnapshotDocuments key: 'policies', 'compensation_policy'. */
    name: text('name').notNull(),
    content: jsonb('content').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenant_id, t.snapshot_key, t.name] })],
);

export const balance_totals = pgTable(
  'balance_totals',
  {
    tenant_id: text('tenant_id').notNull(),
    snapshot_key: integer('snapshot_key').notNull(),
    ordinal: integer('ordinal').notNull(),
    asset: text('asset').notNull(),
    total_minor: numeric('total_minor').notNull(),
    accounts: bigint('accounts', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenant_id, t.snapshot_key, t.ordinal] }), check('balance_totals_integral', sql`scale(${t.total_minor}) = 0`)],
);

/**
 * Partitioned by LIST (snapshot_key), one partition `balances_<key>` (partition.ts) per snapshot, created by the
 * import (import-writer.ts) and loaded by COPY. drizzle does not model PARTITION BY: migration
 * 0001 (hand-written) makes the table partitioned, and this declaration only names its columns.
 * No key and no CHECK: a key maintained during the load more than doubled the server's share of
 * an import, and every amount was validated before it was written (snapshot/read/balances.ts).
 * Rows stream back in physical order, which is line order (load.ts checks it as it reads).
 */
export const balances = pgTable('balances', {
  /** Filled by the partition's default (its snapshot's tenant): COPY does not send it. */
  tenant_id: text('tenant_id').notNull(),
  snapshot_key: integer('snapshot_key').notNull(),
  /** The CSV line number: balances stream back in file order, and load.ts checks it increases. */
  line: integer('line').notNull(),
  account_id: text('account_id').notNull(),
  asset: text('asset').notNull(),
  amount_minor: numeric('amount_minor').notNull(),
});

export const audit_log = pgTable(
  'audit_log',
  {
    /** The chain: a tenant id, or '_system' for what belongs to no tenant. */
    tenant_id: text('tenant_id').notNull(),
    /** 1: written before tenants, hashed without tenant and actor; 2: since (audit.ts). */
    format: integer('format').notNull(),
    seq: integer('seq').notNull(),
    at: text('at').notNull(),
    kind: text('kind').notNull(),
    subject: text('subject').notNull(),
    inputs_sha256: text('inputs_sha256').notNull(),
    /** In the store's JSON encoding (json.ts); the hash covers its canonical form (audit.ts). */
    details: jsonb('details').notNull(),
    /** Who acted (format 2), in the store's JSON encoding; null in format 1. */
    actor: jsonb('actor'),
    prev_hash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenant_id, t.seq] }), index('audit_log_subject').on(t.tenant_id, t.subject)],
);

export const runs = pgTable(
  'runs',
  {
    tenant_id: text('tenant_id').notNull(),
    id: text('id').notNull(),
    /** Insertion order, for listing. */
    ordinal: integer('ordinal').notNull().unique().generatedAlwaysAsIdentity(),
    kind: text('kind').notNull(),
    /** Not a foreign key: a run may read a snapshot directory that was never imported. */
    snapshot_id: text('snapshot_id').notNull(),
    inputs_sha256: text('inputs_sha256').notNull(),
    params: jsonb('params').notNull(),
    result: jsonb('result').notNull(),
    created_at: text('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenant_id, t.id] }), index('runs_kind').on(t.tenant_id, t.kind), index('runs_snapshot_id').on(t.tenant_id, t.snapshot_id)],
);

/**
 * People who log in to `hozen serve`. A user of an exchange's role (officer, viewer, auditor,
 * customer) belongs to one tenant; admin, insurer and association users to none. An insurer user
 * names the insurer it is (matched against policies' insurer and reinsurer names); a customer
 * user names their account id.
 */
export const users = pgTable(
  'users',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    role: text('role').notNull(),
    tenant_id: text('tenant_id'),
    insurer: text('insurer'),
    account_id: text('account_id'),
    password_phc: text('password_phc').notNull(),
    /** Failed log-ins since the last success; the account locks for a while past a limit. */
    failed_logins: integer('failed_logins').notNull(),
    locked_until_ms: bigint('locked_until_ms', { mode: 'number' }),
    disabled: boolean('disabled').notNull(),
    created_at: text('created_at').notNull(),
  },
  (t) => [unique('users_name_unique').on(t.name)],
);

/** Browser sessions; the cookie holds a secret whose SHA-256 is the key. */
export const sessions = pgTable(
  'sessions',
  {
    secret_sha256: text('secret_sha256').primaryKey(),
    user_id: text('user_id').notNull(),
    created_ms: bigint('created_ms', { mode: 'number' }).notNull(),
    last_seen_ms: bigint('last_seen_ms', { mode: 'number' }).notNull(),
    revoked: boolean('revoked').notNull(),
  },
  (t) => [index('sessions_user').on(t.user_id)],
);

/** Tokens for scripts: scoped to a tenant and a role no wider than their user's; stored hashed. */
export const api_tokens = pgTable(
  'api_tokens',
  {
    id: text('id').primaryKey(),
    secret_sha256: text('secret_sha256').notNull(),
    user_id: text('user_id').notNull(),
    tenant_id: text('tenant_id'),
    role: text('role').notNull(),
    label: text('label').notNull(),
    created_at: text('created_at').notNull(),
    expires_ms: bigint('expires_ms', { mode: 'number' }),
    revoked_at: text('revoked_at'),
    last_used_ms: bigint('last_used_ms', { mode: 'number' }),
  },
  (t) => [index('api_tokens_user').on(t.user_id)],
);

/**
 * Long work (imports, compensations, risk runs, proofs) as jobs: what was asked, by whom, how far
 * it is, and its result. The table is the queue (src/store/jobs.ts): a worker claims the oldest
 * queued job, or a running one whose lease ran out (its worker died), with FOR UPDATE SKIP LOCKED.
 */
export const jobs = pgTable(
  'jobs',
  {
    tenant_id: text('tenant_id').notNull(),
    id: text('id').notNull(),
    ordinal: integer('ordinal').notNull().unique().generatedAlwaysAsIdentity(),
    kind: text('kind').notNull(),
    /** queued, running, succeeded, failed. */
    state: text('state').notNull(),
    request: jsonb('request').notNull(),
    progress: jsonb('progress'),
    result: jsonb('result'),
    error: jsonb('error'),
    actor: jsonb('actor').notNull(),
    attempts: integer('attempts').notNull(),
    created_at: text('created_at').notNull(),
    started_at: text('started_at'),
    finished_at: text('finished_at'),
    /** While running: the worker holds the job until then (ms since the epoch), renewed as it reports progress. */
    lease_until_ms: bigint('lease_until_ms', { mode: 'number' }),
    /** The worker that holds or last held the job. */
    worker: text('worker'),
  },
  (t) => [primaryKey({ columns: [t.tenant_id, t.id] }), index('jobs_state').on(t.state, t.ordinal)],
);

/**
 * The daily run's alerts on their way to a tenant's webhook (src/store/webhook-deliveries.ts): one
 * row per job, its id the idempotency key the receiver sees on every attempt; each attempt and the
 * outcome are kept, and a delivery due again after a failure waits for `next_attempt_ms`, so a
 * retry survives a restart and two servers never post the same attempt (a lease, as for jobs).
 */
export const webhook_deliveries = pgTable(
  'webhook_deliveries',
  {
    tenant_id: text('tenant_id').notNull(),
    id: text('id').notNull(),
    job_id: text('job_id').notNull(),
    day: text('day').notNull(),
    url: text('url').notNull(),
    /** The environment variable holding the HMAC secret (never the secret). */
    secret_env: text('secret_env'),
    /** pending, delivered, failed. */
    state: text('state').notNull(),
    /** [{ at, status, error }], in order. */
    attempts: jsonb('attempts').notNull(),
    next_attempt_ms: bigint('next_attempt_ms', { mode: 'number' }),
    lease_until_ms: bigint('lease_until_ms', { mode: 'number' }),
    created_at: text('created_at').notNull(),
    finished_at: text('finished_at'),
  },
  (t) => [primaryKey({ columns: [t.tenant_id, t.id] }), index('webhook_deliveries_due').on(t.state, t.next_attempt_ms)],
);
