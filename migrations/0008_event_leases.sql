ALTER TABLE "inbound_deliveries" ADD COLUMN "job_state" text;--> statement-breakpoint
ALTER TABLE "inbound_deliveries" ADD COLUMN "job_input" jsonb;--> statement-breakpoint
ALTER TABLE "inbound_deliveries" ADD COLUMN "job_lease_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "inbound_deliveries" ADD COLUMN "job_attempts" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "processed_events" ADD COLUMN "lease_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "processed_events" ADD COLUMN "done_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "processed_events" ADD COLUMN "attempts" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "processed_events" ADD COLUMN "reply_refs" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
CREATE INDEX "inbound_deliveries_job_idx" ON "inbound_deliveries" USING btree ("job_state","job_lease_until");--> statement-breakpoint
-- Rows from before leases were claimed before their run, with no way to tell whether it finished: count them as done.
UPDATE "processed_events" SET "done_at" = "received_at" WHERE "done_at" IS NULL;
