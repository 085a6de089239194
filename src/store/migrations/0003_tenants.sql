CREATE TABLE "api_tokens" (
	"id" text PRIMARY KEY NOT NULL,
	"secret_sha256" text NOT NULL,
	"user_id" text NOT NULL,
	"tenant_id" text,
	"role" text NOT NULL,
	"label" text NOT NULL,
	"created_at" text NOT NULL,
	"expires_ms" bigint,
	"revoked_at" text,
	"last_used_ms" bigint
);
--> statement-breakpoint
CREATE TABLE "jobs" (
	"tenant_id" text NOT NULL,
	"id" text NOT NULL,
	"ordinal" integer GENERATED ALWAYS AS IDENTITY (sequence name "jobs_ordinal_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"kind" text NOT NULL,
	"state" text NOT NULL,
	"request" jsonb NOT NULL,
	"progress" jsonb,
	"result" jsonb,
	"error" jsonb,
	"actor" jsonb NOT NULL,
	"attempts" integer NOT NULL,
	"created_at" text NOT NULL,
	"started_at" text,
	"finished_at" text,
	CONSTRAINT "jobs_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "jobs_ordinal_unique" UNIQUE("ordinal")
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"secret_sha256" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"created_ms" bigint NOT NULL,
	"last_seen_ms" bigint NOT NULL,
	"revoked" boolean NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tenants" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"time_zone" text NOT NULL,
	"created_at" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"role" text NOT NULL,
	"tenant_id" text,
	"insurer" text,
	"account_id" text,
	"password_phc" text NOT NULL,
	"failed_logins" integer NOT NULL,
	"locked_until_ms" bigint,
	"disabled" boolean NOT NULL,
	"created_at" text NOT NULL,
	CONSTRAINT "users_name_unique" UNIQUE("name")
);
--> statement-breakpoint
-- Hand-edited from drizzle-kit's output (it cannot add a NOT NULL column to rows that exist, nor
-- name the primary keys it replaces). Every row an existing store holds belongs to the tenant
-- 'local', the CLI's; its audit entries keep format 1 (hashed as they were written), and every
-- entry from now on is format 2, which hashes its chain's tenant and its actor too.
INSERT INTO "tenants" ("id", "name", "time_zone", "created_at") VALUES ('local', 'local', 'Asia/Tokyo', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'));
--> statement-breakpoint
ALTER TABLE "snapshots" ADD COLUMN "tenant_id" text NOT NULL DEFAULT 'local';--> statement-breakpoint
ALTER TABLE "snapshots" ALTER COLUMN "tenant_id" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "assets" ADD COLUMN "tenant_id" text NOT NULL DEFAULT 'local';--> statement-breakpoint
ALTER TABLE "assets" ALTER COLUMN "tenant_id" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "wallets" ADD COLUMN "tenant_id" text NOT NULL DEFAULT 'local';--> statement-breakpoint
ALTER TABLE "wallets" ALTER COLUMN "tenant_id" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "prices" ADD COLUMN "tenant_id" text NOT NULL DEFAULT 'local';--> statement-breakpoint
ALTER TABLE "prices" ALTER COLUMN "tenant_id" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "safe_assets" ADD COLUMN "tenant_id" text NOT NULL DEFAULT 'local';--> statement-breakpoint
ALTER TABLE "safe_assets" ALTER COLUMN "tenant_id" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "contracts" ADD COLUMN "tenant_id" text NOT NULL DEFAULT 'local';--> statement-breakpoint
ALTER TABLE "contracts" ALTER COLUMN "tenant_id" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "documents" ADD COLUMN "tenant_id" text NOT NULL DEFAULT 'local';--> statement-breakpoint
ALTER TABLE "documents" ALTER COLUMN "tenant_id" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "balance_totals" ADD COLUMN "tenant_id" text NOT NULL DEFAULT 'local';--> statement-breakpoint
ALTER TABLE "balance_totals" ALTER COLUMN "tenant_id" DROP DEFAULT;--> statement-breakpoint
-- Each partition of balances is one snapshot's, so one tenant's: a new partition gets its
-- tenant as the column's default (import-writer.ts), and COPY never sends it.
ALTER TABLE "balances" ADD COLUMN "tenant_id" text NOT NULL DEFAULT 'local';--> statement-breakpoint
ALTER TABLE "balances" ALTER COLUMN "tenant_id" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "runs" ADD COLUMN "tenant_id" text NOT NULL DEFAULT 'local';--> statement-breakpoint
ALTER TABLE "runs" ALTER COLUMN "tenant_id" DROP DEFAULT;--> statement-breakpoint
-- Adding columns rewrites no row, so the append-only triggers (0002) do not fire.
ALTER TABLE "audit_log" ADD COLUMN "tenant_id" text NOT NULL DEFAULT 'local';--> statement-breakpoint
ALTER TABLE "audit_log" ALTER COLUMN "tenant_id" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "audit_log" ADD COLUMN "format" integer NOT NULL DEFAULT 1;--> statement-breakpoint
ALTER TABLE "audit_log" ALTER COLUMN "format" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "audit_log" ADD COLUMN "actor" jsonb;--> statement-breakpoint
DROP INDEX "audit_log_subject";--> statement-breakpoint
DROP INDEX "runs_kind";--> statement-breakpoint
DROP INDEX "runs_snapshot_id";--> statement-breakpoint
ALTER TABLE "snapshots" DROP CONSTRAINT "snapshots_pkey";--> statement-breakpoint
ALTER TABLE "runs" DROP CONSTRAINT "runs_pkey";--> statement-breakpoint
ALTER TABLE "audit_log" DROP CONSTRAINT "audit_log_pkey";--> statement-breakpoint
ALTER TABLE "assets" DROP CONSTRAINT "assets_snapshot_key_ordinal_pk";--> statement-breakpoint
ALTER TABLE "balance_totals" DROP CONSTRAINT "balance_totals_snapshot_key_ordinal_pk";--> statement-breakpoint
ALTER TABLE "contracts" DROP CONSTRAINT "contracts_snapshot_key_ordinal_pk";--> statement-breakpoint
ALTER TABLE "documents" DROP CONSTRAINT "documents_snapshot_key_name_pk";--> statement-breakpoint
ALTER TABLE "prices" DROP CONSTRAINT "prices_snapshot_key_ordinal_pk";--> statement-breakpoint
ALTER TABLE "safe_assets" DROP CONSTRAINT "safe_assets_snapshot_key_ordinal_pk";--> statement-breakpoint
ALTER TABLE "wallets" DROP CONSTRAINT "wallets_snapshot_key_ordinal_pk";--> statement-breakpoint
ALTER TABLE "snapshots" ADD CONSTRAINT "snapshots_tenant_id_id_pk" PRIMARY KEY("tenant_id","id");--> statement-breakpoint
ALTER TABLE "runs" ADD CONSTRAINT "runs_tenant_id_id_pk" PRIMARY KEY("tenant_id","id");--> statement-breakpoint
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_tenant_id_seq_pk" PRIMARY KEY("tenant_id","seq");--> statement-breakpoint
ALTER TABLE "assets" ADD CONSTRAINT "assets_tenant_id_snapshot_key_ordinal_pk" PRIMARY KEY("tenant_id","snapshot_key","ordinal");--> statement-breakpoint
ALTER TABLE "balance_totals" ADD CONSTRAINT "balance_totals_tenant_id_snapshot_key_ordinal_pk" PRIMARY KEY("tenant_id","snapshot_key","ordinal");--> statement-breakpoint
ALTER TABLE "contracts" ADD CONSTRAINT "contracts_tenant_id_snapshot_key_ordinal_pk" PRIMARY KEY("tenant_id","snapshot_key","ordinal");--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_tenant_id_snapshot_key_name_pk" PRIMARY KEY("tenant_id","snapshot_key","name");--> statement-breakpoint
ALTER TABLE "prices" ADD CONSTRAINT "prices_tenant_id_snapshot_key_ordinal_pk" PRIMARY KEY("tenant_id","snapshot_key","ordinal");--> statement-breakpoint
ALTER TABLE "safe_assets" ADD CONSTRAINT "safe_assets_tenant_id_snapshot_key_ordinal_pk" PRIMARY KEY("tenant_id","snapshot_key","ordinal");--> statement-breakpoint
ALTER TABLE "wallets" ADD CONSTRAINT "wallets_tenant_id_snapshot_key_ordinal_pk" PRIMARY KEY("tenant_id","snapshot_key","ordinal");--> statement-breakpoint
CREATE INDEX "api_tokens_user" ON "api_tokens" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "jobs_state" ON "jobs" USING btree ("state");--> statement-breakpoint
CREATE INDEX "sessions_user" ON "sessions" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "audit_log_subject" ON "audit_log" USING btree ("tenant_id","subject");--> statement-breakpoint
CREATE INDEX "runs_kind" ON "runs" USING btree ("tenant_id","kind");--> statement-breakpoint
CREATE INDEX "runs_snapshot_id" ON "runs" USING btree ("tenant_id","snapshot_id");
