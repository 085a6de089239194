CREATE TABLE "webhook_deliveries" (
	"tenant_id" text NOT NULL,
	"id" text NOT NULL,
	"job_id" text NOT NULL,
	"day" text NOT NULL,
	"url" text NOT NULL,
	"secret_env" text,
	"state" text NOT NULL,
	"attempts" jsonb NOT NULL,
	"next_attempt_ms" bigint,
	"lease_until_ms" bigint,
	"created_at" text NOT NULL,
	"finished_at" text,
	CONSTRAINT "webhook_deliveries_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE INDEX "webhook_deliveries_due" ON "webhook_deliveries" USING btree ("state","next_attempt_ms");