CREATE TABLE "fold_queue" (
	"workspace_id" uuid NOT NULL,
	"id" bigint GENERATED ALWAYS AS IDENTITY (sequence name "fold_queue_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"lead_id" uuid NOT NULL,
	"event_id" bigint,
	"is_new_lead" boolean DEFAULT false NOT NULL,
	"is_attached" boolean DEFAULT false NOT NULL,
	"ignores_email" boolean DEFAULT false NOT NULL,
	"is_merge" boolean DEFAULT false NOT NULL,
	"queued_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "fold_queue_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "scored_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "fold_queue_lead_idx" ON "fold_queue" USING btree ("workspace_id","lead_id");--> statement-breakpoint
CREATE INDEX "fold_queue_order_idx" ON "fold_queue" USING btree ("id");--> statement-breakpoint
CREATE UNIQUE INDEX "score_contributions_event_rule_key" ON "score_contributions" USING btree ("workspace_id","event_id","rule_id");--> statement-breakpoint
-- Events stored before the fold had a stage of its own were scored in the request that stored them.
UPDATE "events" SET "scored_at" = "received_at" WHERE "lead_id" IS NOT NULL;
