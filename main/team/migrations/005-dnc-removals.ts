/** Team store migration 005: applied by migrateTeam (../migrate.ts); SQL in a module so it is bundled with the app. Never edit once released. */
export const sql = String.raw`
-- A number a manager takes off the team's do-not-call list (remove_dnc) leaves every PC's copy too: the removal's
-- audit row is notified at its commit (LISTEN callcue_dnc_removed), and a PC back from time away asks for removals
-- past the last it holds, by the audit row's position. Reps may not read the audit (who removed a number, and why):
-- they get the number and the position only, and not for a number listed again since.
CREATE FUNCTION callcue.dnc_removed_since(p_since bigint) RETURNS TABLE (id bigint, phone text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
  SELECT a.id, a.phone FROM callcue.dnc_audit a
  WHERE a.id > p_since AND a.action = 'removed' AND NOT EXISTS (SELECT 1 FROM callcue.dnc d WHERE d.phone = a.phone)
  ORDER BY a.id
$$;
REVOKE ALL ON FUNCTION callcue.dnc_removed_since(bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION callcue.dnc_removed_since(bigint) TO callcue_rep, callcue_manager;

CREATE FUNCTION callcue.notify_dnc_removed() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  PERFORM pg_notify('callcue_dnc_removed', json_build_object('id', NEW.id, 'phone', NEW.phone)::text);
  RETURN NULL;
END $$;
CREATE TRIGGER dnc_removed_notified AFTER INSERT ON callcue.dnc_audit FOR EACH ROW EXECUTE FUNCTION callcue.notify_dnc_removed();
`;
