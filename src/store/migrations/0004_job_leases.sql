DROP INDEX "jobs_state";--> statement-breakpoint
ALTER TABLE "jobs" ADD COLUMN "lease_until_ms" bigint;--> statement-breakpoint
ALTER TABLE "jobs" ADD COLUMN "worker" text;--> statement-breakpoint
CREATE INDEX "jobs_state" ON "jobs" USING btree ("state","ordinal");