CREATE TABLE "image_records" (
	"ref" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"owner" text NOT NULL,
	"job" jsonb NOT NULL,
	"info" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "image_records_created_idx" ON "image_records" USING btree ("created_at");