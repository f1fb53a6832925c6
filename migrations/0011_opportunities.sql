DROP INDEX "opportunities_created_idx";--> statement-breakpoint
ALTER TABLE "opportunities" ADD COLUMN "currency" text DEFAULT 'USD' NOT NULL;--> statement-breakpoint
ALTER TABLE "opportunities" ADD COLUMN "is_probability_set" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "opportunities" ADD COLUMN "source" text;--> statement-breakpoint
ALTER TABLE "opportunities" ADD COLUMN "updated_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "opportunities" ADD COLUMN "external_system" text;--> statement-breakpoint
CREATE INDEX "opportunities_account_idx" ON "opportunities" USING btree ("workspace_id","account_id");--> statement-breakpoint
CREATE UNIQUE INDEX "opportunities_external_id_key" ON "opportunities" USING btree ("workspace_id","external_system","external_id") WHERE external_id is not null;--> statement-breakpoint
CREATE INDEX "opportunities_created_idx" ON "opportunities" USING btree ("workspace_id","created_at","id");--> statement-breakpoint
-- hand-written
-- Opportunities written before this migration came from the CRM side of the demo generator.
UPDATE "opportunities" SET "external_system" = 'salesforce', "updated_at" = coalesce("closed_at", "created_at") WHERE "external_id" IS NOT NULL AND "external_system" IS NULL;
