CREATE TABLE "lead_comments" (
	"workspace_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"lead_id" uuid NOT NULL,
	"author_type" text NOT NULL,
	"author_id" text,
	"author_label" text NOT NULL,
	"body" text NOT NULL,
	"mentions" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"at" timestamp with time zone NOT NULL,
	CONSTRAINT "lead_comments_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "lead_flags" (
	"workspace_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"lead_id" uuid NOT NULL,
	"actor_type" text NOT NULL,
	"actor_id" text,
	"actor_label" text NOT NULL,
	"note" text,
	"stage" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	CONSTRAINT "lead_flags_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "reject_reason_codes" (
	"workspace_id" uuid NOT NULL,
	"code" text NOT NULL,
	"label" text NOT NULL,
	"is_built_in" boolean NOT NULL,
	"destination" text,
	"cool_off_days" integer,
	"note_required" boolean,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "reject_reason_codes_workspace_id_code_pk" PRIMARY KEY("workspace_id","code")
);
--> statement-breakpoint
CREATE TABLE "rejection_disputes" (
	"workspace_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"lead_id" uuid NOT NULL,
	"rejection_transition_id" bigint NOT NULL,
	"rejected_from" text NOT NULL,
	"rejected_to" text NOT NULL,
	"reason_code" text NOT NULL,
	"status" text NOT NULL,
	"opened_by_type" text NOT NULL,
	"opened_by_id" text,
	"opened_by_label" text NOT NULL,
	"note" text NOT NULL,
	"opened_at" timestamp with time zone NOT NULL,
	"resolved_by_type" text,
	"resolved_by_id" text,
	"resolved_by_label" text,
	"resolution_note" text,
	"resolved_at" timestamp with time zone,
	"reversal_transition_id" bigint,
	CONSTRAINT "rejection_disputes_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE INDEX "lead_comments_lead_idx" ON "lead_comments" USING btree ("workspace_id","lead_id","at");--> statement-breakpoint
CREATE INDEX "lead_flags_lead_idx" ON "lead_flags" USING btree ("workspace_id","lead_id","at");--> statement-breakpoint
CREATE INDEX "lead_flags_at_idx" ON "lead_flags" USING btree ("workspace_id","at");--> statement-breakpoint
CREATE INDEX "rejection_disputes_lead_idx" ON "rejection_disputes" USING btree ("workspace_id","lead_id","opened_at");--> statement-breakpoint
CREATE INDEX "rejection_disputes_status_idx" ON "rejection_disputes" USING btree ("workspace_id","status","opened_at");--> statement-breakpoint
CREATE UNIQUE INDEX "rejection_disputes_open_key" ON "rejection_disputes" USING btree ("workspace_id","lead_id") WHERE status = 'open';