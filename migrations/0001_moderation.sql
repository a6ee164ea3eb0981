CREATE TABLE "mod_cases" (
	"tenant_id" text NOT NULL,
	"number" integer NOT NULL,
	"source" text NOT NULL,
	"platform" text NOT NULL,
	"channel_id" text NOT NULL,
	"user_id" text NOT NULL,
	"text" text NOT NULL,
	"verdict" text NOT NULL,
	"reasons" jsonb NOT NULL,
	"scores" jsonb NOT NULL,
	"models" jsonb NOT NULL,
	"actions" jsonb NOT NULL,
	"dry_run" boolean NOT NULL,
	"points" integer NOT NULL,
	"moderator" text,
	"status" text NOT NULL,
	"appeal" text,
	"decided_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_at" timestamp with time zone,
	CONSTRAINT "mod_cases_tenant_id_number_pk" PRIMARY KEY("tenant_id","number")
);
--> statement-breakpoint
CREATE UNIQUE INDEX "mod_cases_source_idx" ON "mod_cases" USING btree ("tenant_id","source");--> statement-breakpoint
CREATE INDEX "mod_cases_user_idx" ON "mod_cases" USING btree ("tenant_id","user_id");