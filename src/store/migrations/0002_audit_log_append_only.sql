-- Hand-written (drizzle-kit has no word for triggers): audit_log refuses UPDATE, DELETE and
-- TRUNCATE, so that no command, script or slip of the hand rewrites history through the store's
-- own connection. Someone who may alter the table can still disable the triggers; the hash chain
-- (hozen audit verify) and a copy of the head hash kept elsewhere catch that. Idempotent, so that
-- re-applying it (a store restored from a dump, the migration tests) changes nothing.
CREATE OR REPLACE FUNCTION "audit_log_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;
--> statement-breakpoint
DROP TRIGGER IF EXISTS "audit_log_no_update_delete" ON "audit_log";
--> statement-breakpoint
CREATE TRIGGER "audit_log_no_update_delete" BEFORE UPDATE OR DELETE ON "audit_log" FOR EACH ROW EXECUTE FUNCTION "audit_log_append_only"();
--> statement-breakpoint
DROP TRIGGER IF EXISTS "audit_log_no_truncate" ON "audit_log";
--> statement-breakpoint
CREATE TRIGGER "audit_log_no_truncate" BEFORE TRUNCATE ON "audit_log" FOR EACH STATEMENT EXECUTE FUNCTION "audit_log_append_only"();
