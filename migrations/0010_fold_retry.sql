ALTER TABLE "fold_queue" ADD COLUMN "attempts" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "fold_queue" ADD COLUMN "retry_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "fold_queue" ADD COLUMN "last_error" text;--> statement-breakpoint
CREATE INDEX "fold_queue_retry_idx" ON "fold_queue" USING btree ("workspace_id","lead_id") WHERE retry_at is not null;