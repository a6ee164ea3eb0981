CREATE TABLE "transcripts" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"sha256" text NOT NULL,
	"model" text NOT NULL,
	"task" text NOT NULL,
	"language" text NOT NULL,
	"transcript" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "transcripts_key_idx" ON "transcripts" USING btree ("tenant_id","sha256","model","task","language");