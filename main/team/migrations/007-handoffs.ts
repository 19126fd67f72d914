/** Team store migration 007: applied by migrateTeam (../migrate.ts); SQL in a module so it is bundled with the app. Never edit once released. */
export const sql = String.raw`
-- The handoff card of a warm transfer (main/campaign/transfer.ts): before the rep's phone rings, the bot's PC writes
-- what the call is about (business line, language, the lead's name or row, the intents and objections heard so far,
-- slots such as age or product, the playbook's stage); the rep whose extension is rung reads it and sees the card
-- before the callee is put through. Metadata only: context takes the keys below and no others, never words.

-- The phone each person answers transfers on (callcue team add-rep NAME --extension 201): what the bot dials.
ALTER TABLE callcue.reps ADD COLUMN extension text UNIQUE CHECK (extension ~ '^[A-Za-z0-9._*#+-]{1,64}$');

CREATE TABLE callcue.handoffs (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  created_at timestamptz NOT NULL DEFAULT now(),
  -- The login of the PC that put the callee through.
  from_rep text NOT NULL DEFAULT current_user REFERENCES callcue.reps (role_name),
  -- Their name on the team, set by the trigger below (a rep may not read other people's rows of reps).
  from_name text,
  -- As the bot rings it: an extension (201), or the user part of a SIP URI (sip:201@pbx -> 201).
  to_extension text NOT NULL CHECK (to_extension ~ '^[A-Za-z0-9._*#+-]{1,64}$'),
  campaign_id bigint REFERENCES callcue.campaigns (id),
  context jsonb NOT NULL CHECK (
    jsonb_typeof(context) = 'object' AND octet_length(context::text) <= 4096
    AND context - ARRAY['plugin', 'language', 'leadName', 'leadLine', 'phone', 'intents', 'objections', 'slots', 'stage', 'turns'] = '{}'::jsonb
    AND jsonb_typeof(coalesce(context -> 'intents', '[]')) = 'array' AND jsonb_typeof(coalesce(context -> 'objections', '[]')) = 'array'
    AND jsonb_typeof(coalesce(context -> 'slots', '{}')) = 'object'
    AND coalesce(context -> 'slots', '{}') - ARRAY['product', 'age', 'cover', 'callbackAt'] = '{}'::jsonb)
);
CREATE INDEX handoffs_to ON callcue.handoffs (to_extension, id);

-- Any member's PC writes handoffs as itself; a person reads the ones rung at their own extension (and their PC's own).
GRANT SELECT, INSERT ON callcue.handoffs TO callcue_rep, callcue_manager;
ALTER TABLE callcue.handoffs ENABLE ROW LEVEL SECURITY;
CREATE POLICY handoffs_write ON callcue.handoffs FOR INSERT TO callcue_rep, callcue_manager WITH CHECK (from_rep = current_user);
CREATE POLICY handoffs_read ON callcue.handoffs FOR SELECT TO callcue_rep, callcue_manager
  USING (from_rep = current_user OR to_extension = (SELECT r.extension FROM callcue.reps r WHERE r.role_name = current_user));

CREATE FUNCTION callcue.handoff_from_name() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  NEW.from_name := (SELECT r.display_name FROM callcue.reps r WHERE r.role_name = NEW.from_rep);
  RETURN NEW;
END $$;
REVOKE ALL ON FUNCTION callcue.handoff_from_name() FROM PUBLIC;
CREATE TRIGGER handoff_named BEFORE INSERT ON callcue.handoffs FOR EACH ROW EXECUTE FUNCTION callcue.handoff_from_name();

-- Each handoff is announced at its commit (LISTEN callcue_handoff) by id and extension only: any login may listen on
-- a channel, so what the call is about is read from the table, where the policy above decides who sees it.
CREATE FUNCTION callcue.notify_handoff() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  PERFORM pg_notify('callcue_handoff', json_build_object('id', NEW.id, 'to', NEW.to_extension)::text);
  RETURN NULL;
END $$;
CREATE TRIGGER handoff_notified AFTER INSERT ON callcue.handoffs FOR EACH ROW EXECUTE FUNCTION callcue.notify_handoff();
`;
