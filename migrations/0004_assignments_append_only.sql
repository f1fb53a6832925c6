-- Assignments are history like transitions: never updated, deleted only by a workspace purge.
CREATE TRIGGER assignments_append_only BEFORE UPDATE OR DELETE ON assignments
  FOR EACH ROW EXECUTE FUNCTION tandem_append_only();
