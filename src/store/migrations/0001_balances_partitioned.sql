-- Hand-written (drizzle-kit does not model PARTITION BY); the snapshot in meta/ records the
-- columns only, as schema.ts declares them. balances becomes partitioned by snapshot: one
-- partition "balances_<key>" per snapshot, with no key and no CHECK, so that an import's COPY
-- maintains nothing (import-writer.ts creates the partition). A store written before keeps its
-- rows: each snapshot's move into its own partition in line order, the physical order load.ts
-- reads them back in; a snapshot without balance rows gets an empty partition all the same.
ALTER TABLE "balances" RENAME TO "balances_unpartitioned";
--> statement-breakpoint
CREATE TABLE "balances" (
	"snapshot_key" integer NOT NULL,
	"line" integer NOT NULL,
	"account_id" text NOT NULL,
	"asset" text NOT NULL,
	"amount_minor" numeric NOT NULL
) PARTITION BY LIST ("snapshot_key");
--> statement-breakpoint
DO $$
DECLARE
	k integer;
BEGIN
	FOR k IN SELECT "key" FROM "snapshots" ORDER BY "key" LOOP
		EXECUTE format('CREATE TABLE %I PARTITION OF "balances" ("snapshot_key" DEFAULT %s) FOR VALUES IN (%s)', 'balances_' || k, k, k);
		EXECUTE format('INSERT INTO %I SELECT * FROM "balances_unpartitioned" WHERE "snapshot_key" = %s ORDER BY "line"', 'balances_' || k, k);
	END LOOP;
END $$;
--> statement-breakpoint
DROP TABLE "balances_unpartitioned";
