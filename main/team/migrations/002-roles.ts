/** Team store migration 002: applied by migrateTeam (../migrate.ts); SQL in a module so it is bundled with the app. Never edit once released. */
export const sql = String.raw`
-- Who may do what. Each person has their own LOGIN role (callcue team add-rep / add-manager), a member of a group
-- role: callcue_rep, and for managers callcue_manager too (a manager makes calls of their own). Row-level security
-- keeps a rep to their own rows; a manager reads the team's; everyone adds to the do-not-call list; only managers
-- remove from it, through remove_dnc, and every removal leaves an audit row (who, when, why).

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'callcue_rep') THEN CREATE ROLE callcue_rep NOLOGIN; END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'callcue_manager') THEN CREATE ROLE callcue_manager NOLOGIN; END IF;
END $$;

REVOKE ALL ON SCHEMA callcue FROM PUBLIC;
GRANT USAGE ON SCHEMA callcue TO callcue_rep, callcue_manager;
GRANT SELECT ON callcue.schema_version TO callcue_rep, callcue_manager;

-- Reps write their own calls, turns and suggestions (insert, and update when a call ends), never delete.
GRANT SELECT, INSERT, UPDATE ON callcue.calls, callcue.turns, callcue.suggestions TO callcue_rep;
GRANT SELECT ON callcue.calls, callcue.turns, callcue.suggestions TO callcue_manager;
GRANT SELECT ON callcue.reps, callcue.campaigns TO callcue_rep, callcue_manager;
GRANT INSERT, UPDATE ON callcue.campaigns TO callcue_manager;
GRANT SELECT, INSERT ON callcue.dnc TO callcue_rep, callcue_manager;
GRANT SELECT ON callcue.dnc_audit TO callcue_manager;
-- No role gets DELETE on dnc or any right on dnc_audit but reading: remove_dnc and its trigger do that.

ALTER TABLE callcue.reps ENABLE ROW LEVEL SECURITY;
CREATE POLICY reps_self ON callcue.reps FOR SELECT TO callcue_rep USING (role_name = current_user);
CREATE POLICY reps_team ON callcue.reps FOR SELECT TO callcue_manager USING (true);

ALTER TABLE callcue.calls ENABLE ROW LEVEL SECURITY;
CREATE POLICY calls_own ON callcue.calls FOR ALL TO callcue_rep USING (rep = current_user) WITH CHECK (rep = current_user);
CREATE POLICY calls_team ON callcue.calls FOR SELECT TO callcue_manager USING (true);

ALTER TABLE callcue.turns ENABLE ROW LEVEL SECURITY;
CREATE POLICY turns_own ON callcue.turns FOR ALL TO callcue_rep USING (rep = current_user) WITH CHECK (rep = current_user);
CREATE POLICY turns_team ON callcue.turns FOR SELECT TO callcue_manager USING (true);

ALTER TABLE callcue.suggestions ENABLE ROW LEVEL SECURITY;
CREATE POLICY suggestions_own ON callcue.suggestions FOR ALL TO callcue_rep USING (rep = current_user) WITH CHECK (rep = current_user);
CREATE POLICY suggestions_team ON callcue.suggestions FOR SELECT TO callcue_manager USING (true);

ALTER TABLE callcue.campaigns ENABLE ROW LEVEL SECURITY;
CREATE POLICY campaigns_read ON callcue.campaigns FOR SELECT TO callcue_rep, callcue_manager USING (true);
CREATE POLICY campaigns_write ON callcue.campaigns FOR ALL TO callcue_manager USING (true) WITH CHECK (created_by = current_user);

-- Everyone reads the whole list (it is checked before every dial) and adds in their own name only.
ALTER TABLE callcue.dnc ENABLE ROW LEVEL SECURITY;
CREATE POLICY dnc_read ON callcue.dnc FOR SELECT TO callcue_rep, callcue_manager USING (true);
CREATE POLICY dnc_add ON callcue.dnc FOR INSERT TO callcue_rep, callcue_manager WITH CHECK (added_by = current_user);

-- Any removal, also one an administrator makes by hand, writes its audit row; the reason comes from remove_dnc.
-- session_user is the person's login: inside a SECURITY DEFINER function current_user is the function's owner.
CREATE FUNCTION callcue.audit_dnc_removal() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  INSERT INTO callcue.dnc_audit (phone, action, done_by, reason, added_by, added_at, source)
  VALUES (OLD.phone, 'removed', session_user, coalesce(nullif(current_setting('callcue.dnc_reason', true), ''), 'removed outside CallCue'), OLD.added_by, OLD.added_at, OLD.source);
  RETURN OLD;
END $$;
REVOKE ALL ON FUNCTION callcue.audit_dnc_removal() FROM PUBLIC;
CREATE TRIGGER dnc_removal_audited AFTER DELETE ON callcue.dnc FOR EACH ROW EXECUTE FUNCTION callcue.audit_dnc_removal();

CREATE FUNCTION callcue.remove_dnc(p_phone text, p_reason text) RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  removed integer;
BEGIN
  IF NOT pg_has_role(session_user, 'callcue_manager', 'MEMBER') THEN
    RAISE EXCEPTION 'only a manager can remove a number from the do-not-call list' USING ERRCODE = '42501';
  END IF;
  IF length(trim(coalesce(p_reason, ''))) = 0 THEN
    RAISE EXCEPTION 'a removal from the do-not-call list needs a reason' USING ERRCODE = '22023';
  END IF;
  PERFORM set_config('callcue.dnc_reason', left(trim(p_reason), 200), true);
  DELETE FROM callcue.dnc WHERE phone = p_phone;
  GET DIAGNOSTICS removed = ROW_COUNT;
  PERFORM set_config('callcue.dnc_reason', '', true);
  RETURN removed > 0;
END $$;
REVOKE ALL ON FUNCTION callcue.remove_dnc(text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION callcue.remove_dnc(text, text) TO callcue_manager;
`;
