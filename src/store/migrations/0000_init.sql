CREATE TABLE "assets" (
	"snapshot_key" integer NOT NULL,
	"ordinal" integer NOT NULL,
	"symbol" text NOT NULL,
	"decimals" integer NOT NULL,
	"kind" text NOT NULL,
	CONSTRAINT "assets_snapshot_key_ordinal_pk" PRIMARY KEY("snapshot_key","ordinal"),
	CONSTRAINT "assets_symbol_unique" UNIQUE("snapshot_key","symbol")
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"seq" integer PRIMARY KEY NOT NULL,
	"at" text NOT NULL,
	"kind" text NOT NULL,
	"subject" text NOT NULL,
	"inputs_sha256" text NOT NULL,
	"details" jsonb NOT NULL,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "balance_totals" (
	"snapshot_key" integer NOT NULL,
	"ordinal" integer NOT NULL,
	"asset" text NOT NULL,
	"total_minor" numeric NOT NULL,
	"accounts" bigint NOT NULL,
	CONSTRAINT "balance_totals_snapshot_key_ordinal_pk" PRIMARY KEY("snapshot_key","ordinal"),
	CONSTRAINT "balance_totals_integral" CHECK (scale("balance_totals"."total_minor") = 0)
);
--> statement-breakpoint
CREATE TABLE "balances" (
	"snapshot_key" integer NOT NULL,
	"line" integer NOT NULL,
	"account_id" text NOT NULL,
	"asset" text NOT NULL,
	"amount_minor" numeric NOT NULL,
	CONSTRAINT "balances_snapshot_key_line_pk" PRIMARY KEY("snapshot_key","line"),
	CONSTRAINT "balances_amount_integral_non_negative" CHECK (scale("balances"."amount_minor") = 0 AND "balances"."amount_minor" >= 0)
);
--> statement-breakpoint
CREATE TABLE "contracts" (
	"snapshot_key" integer NOT NULL,
	"ordinal" integer NOT NULL,
	"id" text NOT NULL,
	"kind" text NOT NULL,
	"counterparty" text NOT NULL,
	"amount_minor" numeric NOT NULL,
	"start" text NOT NULL,
	"end" text NOT NULL,
	"covers" jsonb NOT NULL,
	CONSTRAINT "contracts_snapshot_key_ordinal_pk" PRIMARY KEY("snapshot_key","ordinal"),
	CONSTRAINT "contracts_amount_integral" CHECK (scale("contracts"."amount_minor") = 0)
);
--> statement-breakpoint
CREATE TABLE "documents" (
	"snapshot_key" integer NOT NULL,
	"name" text NOT NULL,
	"content" jsonb NOT NULL,
	CONSTRAINT "documents_snapshot_key_name_pk" PRIMARY KEY("snapshot_key","name")
);
--> statement-breakpoint
CREATE TABLE "prices" (
	"snapshot_key" integer NOT NULL,
	"ordinal" integer NOT NULL,
	"time" text NOT NULL,
	"time_ms" bigint NOT NULL,
	"asset" text NOT NULL,
	"price" numeric NOT NULL,
	"volume" numeric,
	"venue" text,
	CONSTRAINT "prices_snapshot_key_ordinal_pk" PRIMARY KEY("snapshot_key","ordinal")
);
--> statement-breakpoint
CREATE TABLE "runs" (
	"id" text PRIMARY KEY NOT NULL,
	"ordinal" integer GENERATED ALWAYS AS IDENTITY (sequence name "runs_ordinal_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"kind" text NOT NULL,
	"snapshot_id" text NOT NULL,
	"inputs_sha256" text NOT NULL,
	"params" jsonb NOT NULL,
	"result" jsonb NOT NULL,
	"created_at" text NOT NULL,
	CONSTRAINT "runs_ordinal_unique" UNIQUE("ordinal")
);
--> statement-breakpoint
CREATE TABLE "safe_assets" (
	"snapshot_key" integer NOT NULL,
	"ordinal" integer NOT NULL,
	"id" text NOT NULL,
	"kind" text NOT NULL,
	"issuer" text NOT NULL,
	"face_value_minor" numeric NOT NULL,
	"market_value_minor" numeric NOT NULL,
	"maturity" text,
	"segregated" boolean NOT NULL,
	"contract_id" text,
	CONSTRAINT "safe_assets_snapshot_key_ordinal_pk" PRIMARY KEY("snapshot_key","ordinal"),
	CONSTRAINT "safe_assets_face_value_integral" CHECK (scale("safe_assets"."face_value_minor") = 0),
	CONSTRAINT "safe_assets_market_value_integral" CHECK (scale("safe_assets"."market_value_minor") = 0)
);
--> statement-breakpoint
CREATE TABLE "snapshots" (
	"id" text PRIMARY KEY NOT NULL,
	"key" integer GENERATED ALWAYS AS IDENTITY (sequence name "snapshots_key_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"content_sha256" text NOT NULL,
	"format" text NOT NULL,
	"exchange_id" text NOT NULL,
	"exchange_name" text NOT NULL,
	"jurisdictions" jsonb NOT NULL,
	"as_of" text NOT NULL,
	"as_of_ms" bigint NOT NULL,
	"base_currency" text NOT NULL,
	"net_assets_minor" numeric NOT NULL,
	"group_support_minor" numeric NOT NULL,
	"regimes" jsonb NOT NULL,
	"extensions" jsonb NOT NULL,
	"balance_rows" bigint NOT NULL,
	"imported_at" text NOT NULL,
	CONSTRAINT "snapshots_key_unique" UNIQUE("key"),
	CONSTRAINT "snapshots_net_assets_integral" CHECK (scale("snapshots"."net_assets_minor") = 0),
	CONSTRAINT "snapshots_group_support_integral" CHECK (scale("snapshots"."group_support_minor") = 0)
);
--> statement-breakpoint
CREATE TABLE "wallets" (
	"snapshot_key" integer NOT NULL,
	"ordinal" integer NOT NULL,
	"id" text NOT NULL,
	"asset" text NOT NULL,
	"tier" text NOT NULL,
	"purpose" text NOT NULL,
	"amount_minor" numeric NOT NULL,
	"controls" jsonb NOT NULL,
	"risk" jsonb,
	CONSTRAINT "wallets_snapshot_key_ordinal_pk" PRIMARY KEY("snapshot_key","ordinal"),
	CONSTRAINT "wallets_amount_integral" CHECK (scale("wallets"."amount_minor") = 0)
);
--> statement-breakpoint
CREATE INDEX "audit_log_subject" ON "audit_log" USING btree ("subject");--> statement-breakpoint
CREATE INDEX "runs_kind" ON "runs" USING btree ("kind");--> statement-breakpoint
CREATE INDEX "runs_snapshot_id" ON "runs" USING btree ("snapshot_id");