ALTER TABLE "mod_cases" ADD COLUMN "pardoned_by" text;--> statement-breakpoint
ALTER TABLE "mod_cases" ADD COLUMN "pardoned_at" timestamp with time zone;