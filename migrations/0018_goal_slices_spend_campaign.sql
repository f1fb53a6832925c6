ALTER TABLE "channel_spend" DROP CONSTRAINT "channel_spend_workspace_id_channel_month_pk";--> statement-breakpoint
ALTER TABLE "goals" DROP CONSTRAINT "goals_workspace_id_period_metric_pk";--> statement-breakpoint
ALTER TABLE "channel_spend" ADD COLUMN "medium" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "channel_spend" ADD COLUMN "campaign" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "goals" ADD COLUMN "dimension" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "goals" ADD COLUMN "value" text DEFAULT '' NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "channel_spend_key" ON "channel_spend" USING btree ("workspace_id","channel","month","medium","campaign");--> statement-breakpoint
CREATE UNIQUE INDEX "goals_scope_key" ON "goals" USING btree ("workspace_id","period","metric","dimension","value");