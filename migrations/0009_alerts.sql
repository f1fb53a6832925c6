CREATE TABLE "alert_deliveries" (
	"workspace_id" uuid NOT NULL,
	"id" bigint GENERATED ALWAYS AS IDENTITY (sequence name "alert_deliveries_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"notification_id" bigint NOT NULL,
	"user_id" uuid NOT NULL,
	"channel" text NOT NULL,
	"target" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone NOT NULL,
	"locked_until" timestamp with time zone,
	"last_error" text,
	"sent_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "alert_deliveries_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "alert_preferences" (
	"workspace_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"preferences" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"slack_webhook_url" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "alert_preferences_workspace_id_user_id_pk" PRIMARY KEY("workspace_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "commitment_checks" (
	"workspace_id" uuid NOT NULL,
	"period" text NOT NULL,
	"committed" integer NOT NULL,
	"delivered" integer NOT NULL,
	"is_missed" boolean NOT NULL,
	"checked_at" timestamp with time zone NOT NULL,
	CONSTRAINT "commitment_checks_workspace_id_period_pk" PRIMARY KEY("workspace_id","period")
);
--> statement-breakpoint
CREATE TABLE "team_alert_channels" (
	"workspace_id" uuid NOT NULL,
	"team_id" uuid NOT NULL,
	"slack_webhook_url" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "team_alert_channels_workspace_id_team_id_pk" PRIMARY KEY("workspace_id","team_id")
);
--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "alerts_planned_at" timestamp with time zone;--> statement-breakpoint
CREATE UNIQUE INDEX "alert_deliveries_once_key" ON "alert_deliveries" USING btree ("workspace_id","notification_id","channel");--> statement-breakpoint
CREATE INDEX "alert_deliveries_user_idx" ON "alert_deliveries" USING btree ("workspace_id","user_id","created_at");--> statement-breakpoint
CREATE INDEX "alert_deliveries_due_idx" ON "alert_deliveries" USING btree ("next_attempt_at") WHERE status = 'pending';--> statement-breakpoint
CREATE INDEX "leads_stage_entered_idx" ON "leads" USING btree ("workspace_id","stage_entered_at","id");--> statement-breakpoint
CREATE INDEX "leads_activity_idx" ON "leads" USING btree ("workspace_id",coalesce("last_activity_at", "created_at"),"id");--> statement-breakpoint
CREATE INDEX "leads_source_idx" ON "leads" USING btree ("workspace_id",lower("source"),"created_at");--> statement-breakpoint
CREATE INDEX "leads_campaign_idx" ON "leads" USING btree ("workspace_id",lower("campaign"),"created_at");--> statement-breakpoint
CREATE INDEX "notifications_alerts_pending_idx" ON "notifications" USING btree ("id") WHERE alerts_planned_at is null;--> statement-breakpoint
-- hand-written
-- Notifications raised before alerts left the app are not sent now: mark them planned.
UPDATE "notifications" SET "alerts_planned_at" = "created_at" WHERE "alerts_planned_at" IS NULL;
