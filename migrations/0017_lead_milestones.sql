CREATE TABLE "lead_milestones" (
	"workspace_id" uuid NOT NULL,
	"lead_id" uuid NOT NULL,
	"entered_at" timestamp with time zone NOT NULL,
	"mql_at" timestamp with time zone,
	"sql_at" timestamp with time zone,
	"won_at" timestamp with time zone,
	CONSTRAINT "lead_milestones_workspace_id_lead_id_pk" PRIMARY KEY("workspace_id","lead_id")
);
--> statement-breakpoint
CREATE INDEX "lead_milestones_entered_idx" ON "lead_milestones" USING btree ("workspace_id","entered_at");--> statement-breakpoint
CREATE INDEX "lead_milestones_won_idx" ON "lead_milestones" USING btree ("workspace_id","won_at");--> statement-breakpoint
CREATE INDEX "transitions_at_idx" ON "transitions" USING btree ("workspace_id","at");--> statement-breakpoint
CREATE INDEX "sla_clocks_started_idx" ON "sla_clocks" USING btree ("workspace_id","started_at");--> statement-breakpoint
-- Hand-written below drizzle's statements: the triggers that keep lead_milestones equal to each
-- lead's first transitions, whatever writes them (the fold, hand moves, imports, a workspace
-- transfer, the bench fixture), and the backfill from the transitions already stored.
-- An insert lowers the lead's times (least() skips nulls); rows are taken in lead order so two
-- concurrent writers lock them in the same order.
CREATE OR REPLACE FUNCTION tandem_lead_milestones_insert() RETURNS trigger AS $$
BEGIN
  INSERT INTO lead_milestones AS m (workspace_id, lead_id, entered_at, mql_at, sql_at, won_at)
  SELECT n.workspace_id, n.lead_id, min(n.at),
         min(n.at) FILTER (WHERE n.to_stage IN ('mql', 'pql')),
         min(n.at) FILTER (WHERE n.to_stage = 'sql'),
         min(n.at) FILTER (WHERE n.to_stage = 'customer')
    FROM inserted_transitions n
   GROUP BY n.workspace_id, n.lead_id
   ORDER BY n.workspace_id, n.lead_id
  ON CONFLICT (workspace_id, lead_id) DO UPDATE
     SET entered_at = least(m.entered_at, excluded.entered_at),
         mql_at = least(m.mql_at, excluded.mql_at),
         sql_at = least(m.sql_at, excluded.sql_at),
         won_at = least(m.won_at, excluded.won_at)
   WHERE excluded.entered_at < m.entered_at
      OR excluded.mql_at < m.mql_at OR (m.mql_at IS NULL AND excluded.mql_at IS NOT NULL)
      OR excluded.sql_at < m.sql_at OR (m.sql_at IS NULL AND excluded.sql_at IS NOT NULL)
      OR excluded.won_at < m.won_at OR (m.won_at IS NULL AND excluded.won_at IS NOT NULL);
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
-- A delete (an import's undo, a purge: transitions are otherwise append-only) recomputes the
-- leads it touched from the transitions they still have; a lead with none left loses its row.
CREATE OR REPLACE FUNCTION tandem_lead_milestones_delete() RETURNS trigger AS $$
BEGIN
  DELETE FROM lead_milestones m
   USING (SELECT DISTINCT o.workspace_id, o.lead_id FROM deleted_transitions o) d
   WHERE m.workspace_id = d.workspace_id AND m.lead_id = d.lead_id;
  INSERT INTO lead_milestones (workspace_id, lead_id, entered_at, mql_at, sql_at, won_at)
  SELECT t.workspace_id, t.lead_id, min(t.at),
         min(t.at) FILTER (WHERE t.to_stage IN ('mql', 'pql')),
         min(t.at) FILTER (WHERE t.to_stage = 'sql'),
         min(t.at) FILTER (WHERE t.to_stage = 'customer')
    FROM (SELECT DISTINCT o.workspace_id, o.lead_id FROM deleted_transitions o) d
    JOIN transitions t ON t.workspace_id = d.workspace_id AND t.lead_id = d.lead_id
   GROUP BY t.workspace_id, t.lead_id
   ORDER BY t.workspace_id, t.lead_id;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER transitions_milestones_insert AFTER INSERT ON transitions
  REFERENCING NEW TABLE AS inserted_transitions
  FOR EACH STATEMENT EXECUTE FUNCTION tandem_lead_milestones_insert();
--> statement-breakpoint
CREATE TRIGGER transitions_milestones_delete AFTER DELETE ON transitions
  REFERENCING OLD TABLE AS deleted_transitions
  FOR EACH STATEMENT EXECUTE FUNCTION tandem_lead_milestones_delete();
--> statement-breakpoint
INSERT INTO lead_milestones (workspace_id, lead_id, entered_at, mql_at, sql_at, won_at)
SELECT t.workspace_id, t.lead_id, min(t.at),
       min(t.at) FILTER (WHERE t.to_stage IN ('mql', 'pql')),
       min(t.at) FILTER (WHERE t.to_stage = 'sql'),
       min(t.at) FILTER (WHERE t.to_stage = 'customer')
  FROM transitions t
 GROUP BY t.workspace_id, t.lead_id;
