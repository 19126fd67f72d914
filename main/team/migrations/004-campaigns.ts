/** Team store migration 004: applied by migrateTeam (../migrate.ts); SQL in a module so it is bundled with the app. Never edit once released. */
export const sql = String.raw`
-- Shared campaigns: a manager imports a lead list once and every PC allowed on the campaign works it. A PC takes the
-- next eligible lead with a lease (lease_lead), keeps it while the call lasts (renew_lease) and reports the outcome
-- (finish_attempt). Eligibility is decided here, at lease time, so no two PCs dial one lead in one attempt and a
-- number on the team's do-not-call list is never leased. Metadata only: a lead is a number, its zone, region,
-- language and consent record; its name stays in the manager's file (line says where), nothing holds words.

-- A lead's zone is checked by PostgreSQL itself: a zone it did not know would fail every lease of the campaign.
CREATE FUNCTION callcue.is_time_zone(p_zone text) RETURNS boolean
LANGUAGE plpgsql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  PERFORM '2000-01-01 00:00+00'::timestamptz AT TIME ZONE p_zone;
  RETURN true;
EXCEPTION WHEN invalid_parameter_value THEN
  RETURN false;
END $$;

-- The calling rules live on the campaign (and in the two tables below): the stub of migration 001 grows them.
-- state: idle (being set up), running, paused (by a manager, or by the abandonment rule for everyone), stopped (final).
UPDATE callcue.campaigns SET state = 'idle' WHERE state NOT IN ('idle', 'running', 'paused', 'stopped');
ALTER TABLE callcue.campaigns
  ADD CONSTRAINT campaigns_state CHECK (state IN ('idle', 'running', 'paused', 'stopped')),
  ADD COLUMN language text NOT NULL DEFAULT 'en' CHECK (language IN ('en', 'zh-CN')),
  ADD COLUMN max_attempts smallint NOT NULL DEFAULT 3 CHECK (max_attempts BETWEEN 1 AND 20),
  -- Answered calls the bot left silent too long, as a share of answered calls: 3% is the FTC's (and Ofcom's) ceiling.
  ADD COLUMN abandon_limit numeric(5, 4) NOT NULL DEFAULT 0.03 CHECK (abandon_limit > 0 AND abandon_limit <= 0.03),
  ADD COLUMN stop_at timestamptz,
  ADD COLUMN state_reason callcue.tag,
  ADD COLUMN state_changed_by text,
  ADD COLUMN state_changed_at timestamptz;

-- Calling windows in the callee's own local time: region '' is the default, then a country (CN) or a subdivision
-- (US-CA), the most specific one that matches a lead's region applying (as main/campaign/rules.ts).
CREATE TABLE callcue.campaign_windows (
  campaign_id bigint NOT NULL REFERENCES callcue.campaigns (id),
  region text NOT NULL DEFAULT '' CHECK (region ~ '^([A-Z]{2}(-[A-Z0-9]{1,3})?)?$'),
  starts time NOT NULL,
  ends time NOT NULL CHECK (starts < ends),
  PRIMARY KEY (campaign_id, region)
);

-- Minutes before a lead is tried again after each disposition that does not finish it.
CREATE TABLE callcue.campaign_backoff (
  campaign_id bigint NOT NULL REFERENCES callcue.campaigns (id),
  disposition callcue.tag NOT NULL CHECK (disposition IN ('no_answer', 'busy', 'voicemail', 'voicemail_left', 'failed', 'completed', 'lease_expired')),
  minutes integer NOT NULL CHECK (minutes BETWEEN 0 AND 43200),
  PRIMARY KEY (campaign_id, disposition)
);

-- The logins (one per PC's person) allowed to work a campaign.
CREATE TABLE callcue.campaign_pcs (
  campaign_id bigint NOT NULL REFERENCES callcue.campaigns (id),
  rep text NOT NULL REFERENCES callcue.reps (role_name),
  added_by text NOT NULL DEFAULT current_user,
  added_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (campaign_id, rep)
);

CREATE TABLE callcue.campaign_leads (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  campaign_id bigint NOT NULL REFERENCES callcue.campaigns (id),
  -- The row of the manager's file, where the lead's name stays.
  line integer NOT NULL CHECK (line > 0),
  phone text NOT NULL CHECK (phone ~ '^\+[1-9][0-9]{6,14}$'),
  time_zone text NOT NULL CHECK (length(time_zone) <= 64 AND callcue.is_time_zone(time_zone)),
  region text CHECK (region ~ '^[A-Z]{2}(-[A-Z0-9]{1,3})?$'),
  language text NOT NULL CHECK (language IN ('en', 'zh-CN')),
  -- Nullable: a lead kept without a consent record is never leased (checked at lease time, not only at import).
  consent_source text CHECK (length(consent_source) BETWEEN 1 AND 200),
  consent_date date,
  imported_by text NOT NULL DEFAULT current_user,
  imported_at timestamptz NOT NULL DEFAULT now(),
  -- Kept by the lease functions only: leases taken, attempts dialled (the ones max_attempts counts), the last
  -- dialled attempt's time and disposition (back-off), the attempt holding it now, and done (a final disposition).
  leases integer NOT NULL DEFAULT 0,
  attempts integer NOT NULL DEFAULT 0,
  last_attempt_at timestamptz,
  last_disposition callcue.tag,
  leased_attempt bigint,
  done boolean NOT NULL DEFAULT false,
  UNIQUE (campaign_id, phone)
);
-- What lease_lead scans: a campaign's leads nobody holds and not finished, in list order.
CREATE INDEX campaign_leads_open ON callcue.campaign_leads (campaign_id, id) WHERE NOT done AND leased_attempt IS NULL;

-- One row per lease. dialled_at is set when the PC dials (begin_dial): only dialled attempts count against
-- max_attempts. A lease that expires (the PC died) is closed as lease_expired at its expiry; one closed before any
-- dial (the number went on the do-not-call list, the campaign paused, the PC let it go) is not_dialled.
CREATE TABLE callcue.campaign_attempts (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  campaign_id bigint NOT NULL REFERENCES callcue.campaigns (id),
  lead_id bigint NOT NULL REFERENCES callcue.campaign_leads (id),
  attempt_no integer NOT NULL CHECK (attempt_no > 0),
  rep text NOT NULL REFERENCES callcue.reps (role_name),
  lease_seconds integer NOT NULL CHECK (lease_seconds BETWEEN 1 AND 3600),
  leased_at timestamptz NOT NULL,
  lease_expires_at timestamptz NOT NULL,
  dialled_at timestamptz,
  ended_at timestamptz,
  disposition callcue.tag CHECK (disposition IN ('no_answer', 'busy', 'voicemail', 'voicemail_left', 'opted_out', 'callback_scheduled', 'interested', 'sale', 'failed', 'not_interested', 'completed', 'lease_expired', 'not_dialled')),
  abandoned boolean NOT NULL DEFAULT false,
  -- The call's id on the PC (callcue.calls.local_id), once it has one.
  call_local_id text CHECK (length(call_local_id) BETWEEN 1 AND 64),
  -- A person answered: the denominator of the abandonment rate (an answering machine is not a person).
  answered boolean GENERATED ALWAYS AS (disposition IN ('opted_out', 'callback_scheduled', 'interested', 'sale', 'not_interested', 'completed')) STORED,
  -- The database itself refuses a lead leased twice in one attempt.
  UNIQUE (lead_id, attempt_no)
);
CREATE INDEX campaign_attempts_open ON callcue.campaign_attempts (campaign_id, lease_expires_at) WHERE ended_at IS NULL;
CREATE INDEX campaign_attempts_campaign ON callcue.campaign_attempts (campaign_id, rep);
CREATE INDEX campaign_attempts_abandoned ON callcue.campaign_attempts (campaign_id) WHERE abandoned OR answered;
ALTER TABLE callcue.campaign_leads ADD FOREIGN KEY (leased_attempt) REFERENCES callcue.campaign_attempts (id);

-- Why a lead cannot be leased now (NULL: it can), compliance first; the same answer for lease_lead and the report.
CREATE FUNCTION callcue.lead_block(l callcue.campaign_leads, c callcue.campaigns) RETURNS text
LANGUAGE sql STABLE AS $$
  SELECT CASE
    WHEN l.done THEN 'finished'
    WHEN l.consent_source IS NULL OR l.consent_date IS NULL OR (l.consent_date::timestamp AT TIME ZONE 'UTC') > now() THEN 'no_consent'
    WHEN EXISTS (SELECT 1 FROM callcue.dnc d WHERE d.phone = l.phone) THEN 'do_not_call'
    WHEN l.attempts >= c.max_attempts THEN 'max_attempts'
    WHEN l.last_attempt_at + make_interval(mins => coalesce((SELECT b.minutes FROM callcue.campaign_backoff b WHERE b.campaign_id = c.id AND b.disposition = l.last_disposition), 0)) > now() THEN 'retry_later'
    WHEN NOT coalesce((
      SELECT (now() AT TIME ZONE l.time_zone)::time >= w.starts AND (now() AT TIME ZONE l.time_zone)::time < w.ends
      FROM callcue.campaign_windows w
      WHERE w.campaign_id = c.id AND w.region IN (coalesce(l.region, ''), split_part(coalesce(l.region, ''), '-', 1), '')
      ORDER BY length(w.region) DESC LIMIT 1), false) THEN 'outside_window'
  END
$$;

-- Closes the leases of a campaign that ran out (their PC died or lost the network): each attempt ends at its expiry,
-- the lead goes back to the pool. A dialled one counts (its back-off is lease_expired's); one never dialled does not.
-- Run by lease_lead itself; SKIP LOCKED: a lease being renewed or finished right now is not touched.
CREATE FUNCTION callcue.reap_leases(p_campaign bigint) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  reaped integer;
BEGIN
  WITH expired AS (
    SELECT a.id FROM callcue.campaign_attempts a
    WHERE a.campaign_id = p_campaign AND a.ended_at IS NULL AND a.lease_expires_at < now()
    FOR UPDATE SKIP LOCKED
  ), closed AS (
    UPDATE callcue.campaign_attempts a SET ended_at = a.lease_expires_at, disposition = coalesce(a.disposition, 'lease_expired')
    FROM expired e WHERE a.id = e.id
    RETURNING a.id, a.lead_id, a.dialled_at
  )
  UPDATE callcue.campaign_leads l SET
    leased_attempt = NULL,
    last_attempt_at = coalesce(c.dialled_at, l.last_attempt_at),
    last_disposition = CASE WHEN c.dialled_at IS NULL THEN l.last_disposition ELSE 'lease_expired' END
  FROM closed c WHERE l.id = c.lead_id AND l.leased_attempt = c.id;
  GET DIAGNOSTICS reaped = ROW_COUNT;
  RETURN reaped;
END $$;

-- What lease_lead answers: status 'leased' with the lead, or why there is none: 'waiting' (leads remain, none
-- eligible now), 'finished' (none can ever be leased again), or the campaign's state ('idle', 'paused', 'stopped').
CREATE TYPE callcue.lease AS (
  status text, attempt_id bigint, attempt_no integer, lease_expires_at timestamptz,
  lead_id bigint, line integer, phone text, time_zone text, region text, language text, plugin text, consent_source text, consent_date date
);

-- The caller must be on the campaign's list of PCs (session_user is the person's login; current_user here is the
-- function's owner).
CREATE FUNCTION callcue.campaign_for_pc(p_campaign bigint) RETURNS callcue.campaigns
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  c callcue.campaigns;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM callcue.campaign_pcs p WHERE p.campaign_id = p_campaign AND p.rep = session_user) THEN
    RAISE EXCEPTION 'this login is not allowed on campaign %', p_campaign USING ERRCODE = '42501';
  END IF;
  SELECT * INTO c FROM callcue.campaigns WHERE id = p_campaign;
  RETURN c;
END $$;

-- A running campaign past its stop time stops, for everyone.
CREATE FUNCTION callcue.stop_if_due(c callcue.campaigns) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  IF c.state IN ('running', 'paused') AND c.stop_at <= now() THEN
    UPDATE callcue.campaigns SET state = 'stopped', state_reason = 'stop_time', state_changed_by = session_user, state_changed_at = now()
    WHERE id = c.id AND state IN ('running', 'paused');
    RETURN 'stopped';
  END IF;
  RETURN c.state;
END $$;

CREATE FUNCTION callcue.lease_lead(p_campaign bigint, p_lease_seconds integer) RETURNS callcue.lease
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  c callcue.campaigns := callcue.campaign_for_pc(p_campaign);
  l callcue.campaign_leads;
  result callcue.lease;
  now_state text := callcue.stop_if_due(c);
  at timestamptz;
BEGIN
  IF now_state <> 'running' THEN
    result.status := now_state;
    RETURN result;
  END IF;
  PERFORM callcue.reap_leases(p_campaign);
  LOOP
    -- SKIP LOCKED: a lead another PC is taking right now is passed over, not waited for; the lock is re-checked on
    -- the row's latest version, so a lead leased and committed since this statement began is not taken again.
    SELECT * INTO l FROM callcue.campaign_leads x
    WHERE x.campaign_id = p_campaign AND NOT x.done AND x.leased_attempt IS NULL AND x.attempts < c.max_attempts
      AND callcue.lead_block(x, c) IS NULL
    ORDER BY x.id LIMIT 1
    FOR UPDATE SKIP LOCKED;
    IF NOT FOUND THEN
      result.status := CASE WHEN EXISTS (
        SELECT 1 FROM callcue.campaign_leads x WHERE x.campaign_id = p_campaign AND NOT x.done
          AND (x.leased_attempt IS NOT NULL OR coalesce(callcue.lead_block(x, c), 'eligible') IN ('eligible', 'retry_later', 'outside_window'))
      ) THEN 'waiting' ELSE 'finished' END;
      RETURN result;
    END IF;
    -- The lease's time, then the do-not-call list once more in a snapshot taken after it: a number listed before
    -- leased_at is never leased at leased_at (the scan's snapshot may be older than its clock). A number listed since
    -- the scan stays locked by this transaction until it ends and the scan runs again without it.
    at := clock_timestamp();
    EXIT WHEN NOT EXISTS (SELECT 1 FROM callcue.dnc d WHERE d.phone = l.phone);
  END LOOP;
  INSERT INTO callcue.campaign_attempts (campaign_id, lead_id, attempt_no, rep, lease_seconds, leased_at, lease_expires_at)
  VALUES (p_campaign, l.id, l.leases + 1, session_user, p_lease_seconds, at, at + make_interval(secs => p_lease_seconds))
  RETURNING id, attempt_no, lease_expires_at INTO result.attempt_id, result.attempt_no, result.lease_expires_at;
  UPDATE callcue.campaign_leads SET leased_attempt = result.attempt_id, leases = leases + 1 WHERE id = l.id;
  result.status := 'leased';
  SELECT l.id, l.line, l.phone, l.time_zone, l.region, l.language, c.plugin, l.consent_source, l.consent_date
  INTO result.lead_id, result.line, result.phone, result.time_zone, result.region, result.language, result.plugin, result.consent_source, result.consent_date;
  RETURN result;
END $$;

-- The caller's own attempt, locked; NULL when it is not theirs.
CREATE FUNCTION callcue.own_attempt(p_attempt bigint) RETURNS callcue.campaign_attempts
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  a callcue.campaign_attempts;
BEGIN
  SELECT * INTO a FROM callcue.campaign_attempts WHERE id = p_attempt AND rep = session_user FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'attempt % is not one of this login''s', p_attempt USING ERRCODE = '42501';
  END IF;
  RETURN a;
END $$;

-- An attempt given back before any dial: the lead returns to the pool, nothing counted.
CREATE FUNCTION callcue.close_undialled(a callcue.campaign_attempts) RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
  UPDATE callcue.campaign_attempts SET ended_at = clock_timestamp(), disposition = 'not_dialled' WHERE id = a.id;
  UPDATE callcue.campaign_leads SET leased_attempt = NULL WHERE id = a.lead_id AND leased_attempt = a.id;
$$;

-- Right before the PC dials: 'dial', or why not ('do_not_call', 'finished', the campaign's state, 'lease_lost').
-- Refused, the attempt is given back undialled. The team's do-not-call list is checked again here, at dial time.
CREATE FUNCTION callcue.begin_dial(p_attempt bigint) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  a callcue.campaign_attempts := callcue.own_attempt(p_attempt);
  c callcue.campaigns;
  l callcue.campaign_leads;
  now_state text;
  -- Taken before the checks below, whose snapshots are newer: a number listed before dialled_at is seen by them.
  at timestamptz := clock_timestamp();
BEGIN
  IF a.ended_at IS NOT NULL THEN RETURN 'lease_lost'; END IF;
  IF a.dialled_at IS NOT NULL THEN RETURN 'dial'; END IF;
  SELECT * INTO c FROM callcue.campaigns WHERE id = a.campaign_id;
  SELECT * INTO l FROM callcue.campaign_leads WHERE id = a.lead_id FOR UPDATE;
  now_state := callcue.stop_if_due(c);
  IF now_state <> 'running' THEN
    PERFORM callcue.close_undialled(a);
    RETURN now_state;
  END IF;
  IF l.done OR EXISTS (SELECT 1 FROM callcue.dnc d WHERE d.phone = l.phone) THEN
    PERFORM callcue.close_undialled(a);
    RETURN CASE WHEN l.done THEN 'finished' ELSE 'do_not_call' END;
  END IF;
  UPDATE callcue.campaign_attempts SET dialled_at = at WHERE id = a.id;
  UPDATE callcue.campaign_leads SET attempts = attempts + 1 WHERE id = l.id;
  RETURN 'dial';
END $$;

-- Keeps a lease while the call lasts: a new expiry lease_seconds from now, and the campaign's state (a pause or stop
-- reaches a PC on a call here). NULL expiry: the lease was lost (it ran out and was closed).
CREATE FUNCTION callcue.renew_lease(p_attempt bigint, OUT expires_at timestamptz, OUT campaign_state text)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  a callcue.campaign_attempts := callcue.own_attempt(p_attempt);
BEGIN
  SELECT state INTO campaign_state FROM callcue.campaigns WHERE id = a.campaign_id;
  IF a.ended_at IS NOT NULL THEN RETURN; END IF;
  UPDATE callcue.campaign_attempts SET lease_expires_at = greatest(lease_expires_at, clock_timestamp() + make_interval(secs => lease_seconds))
  WHERE id = a.id RETURNING lease_expires_at INTO expires_at;
END $$;

-- A PC that stops with a lead it has not dialled gives it back at once instead of letting the lease run out.
CREATE FUNCTION callcue.release_lease(p_attempt bigint) RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  a callcue.campaign_attempts := callcue.own_attempt(p_attempt);
BEGIN
  IF a.ended_at IS NOT NULL OR a.dialled_at IS NOT NULL THEN RETURN false; END IF;
  PERFORM callcue.close_undialled(a);
  RETURN true;
END $$;

-- The outcome of a dialled attempt. Also accepted late, for a lease that ran out while the call went on: the
-- attempt gets its real disposition. Abandonment is counted over the whole campaign, every PC's calls; above the
-- limit the campaign pauses for everyone. Returns the campaign's state afterwards.
CREATE FUNCTION callcue.finish_attempt(p_attempt bigint, p_disposition text, p_abandoned boolean, p_call text DEFAULT NULL) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  a callcue.campaign_attempts := callcue.own_attempt(p_attempt);
  c callcue.campaigns;
  is_final boolean := p_disposition IN ('opted_out', 'callback_scheduled', 'interested', 'sale', 'not_interested');
  was_dialled boolean := a.dialled_at IS NOT NULL;
  rate numeric;
BEGIN
  IF p_disposition IS NULL OR p_disposition NOT IN ('no_answer', 'busy', 'voicemail', 'voicemail_left', 'opted_out', 'callback_scheduled', 'interested', 'sale', 'failed', 'not_interested', 'completed') THEN
    RAISE EXCEPTION 'unknown disposition %', p_disposition USING ERRCODE = '22023';
  END IF;
  IF a.ended_at IS NOT NULL AND a.disposition <> 'lease_expired' THEN
    RAISE EXCEPTION 'attempt % is already finished (%)', p_attempt, a.disposition USING ERRCODE = '55000';
  END IF;
  UPDATE callcue.campaign_attempts SET disposition = p_disposition, abandoned = coalesce(p_abandoned, false), call_local_id = p_call,
    dialled_at = coalesce(dialled_at, clock_timestamp()), ended_at = clock_timestamp()
  WHERE id = a.id RETURNING * INTO a;
  -- The lead: released if this attempt holds it; its back-off and done follow the latest dialled attempt.
  UPDATE callcue.campaign_leads SET
    leased_attempt = CASE WHEN leased_attempt = a.id THEN NULL ELSE leased_attempt END,
    attempts = attempts + CASE WHEN was_dialled THEN 0 ELSE 1 END,
    last_attempt_at = CASE WHEN leased_attempt = a.id OR leased_attempt IS NULL THEN a.dialled_at ELSE last_attempt_at END,
    last_disposition = CASE WHEN leased_attempt = a.id OR leased_attempt IS NULL THEN p_disposition ELSE last_disposition END,
    done = done OR is_final
  WHERE id = a.lead_id;
  SELECT * INTO c FROM callcue.campaigns WHERE id = a.campaign_id;
  IF a.abandoned THEN
    -- One at a time per campaign: two PCs' abandoned calls finishing together each see the other's.
    SELECT * INTO c FROM callcue.campaigns WHERE id = a.campaign_id FOR UPDATE;
    SELECT count(*) FILTER (WHERE x.abandoned)::numeric / greatest(count(*), 1) INTO rate
    FROM callcue.campaign_attempts x WHERE x.campaign_id = c.id AND (x.abandoned OR x.answered);
    IF rate > c.abandon_limit AND c.state = 'running' THEN
      UPDATE callcue.campaigns SET state = 'paused', state_reason = 'abandonment', state_changed_by = session_user, state_changed_at = now()
      WHERE id = c.id RETURNING * INTO c;
    END IF;
  END IF;
  RETURN c.state;
END $$;

-- A manager starts, pauses, resumes or stops a campaign (any manager: overnight the one who made it may be asleep).
-- stopped is final.
CREATE FUNCTION callcue.set_campaign_state(p_campaign bigint, p_state text, p_reason text DEFAULT 'operator') RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  c callcue.campaigns;
BEGIN
  IF NOT pg_has_role(session_user, 'callcue_manager', 'MEMBER') THEN
    RAISE EXCEPTION 'only a manager can start, pause or stop a campaign' USING ERRCODE = '42501';
  END IF;
  SELECT * INTO c FROM callcue.campaigns WHERE id = p_campaign FOR UPDATE;
  IF NOT FOUND THEN RAISE EXCEPTION 'no campaign %', p_campaign USING ERRCODE = '22023'; END IF;
  IF p_state NOT IN ('running', 'paused', 'stopped') THEN RAISE EXCEPTION 'a campaign cannot be set %', p_state USING ERRCODE = '22023'; END IF;
  IF c.state = 'stopped' AND p_state <> 'stopped' THEN RAISE EXCEPTION 'campaign % is stopped for good', p_campaign USING ERRCODE = '55000'; END IF;
  IF c.state <> p_state THEN
    UPDATE callcue.campaigns SET state = p_state, state_reason = p_reason::callcue.tag, state_changed_by = session_user, state_changed_at = now() WHERE id = p_campaign;
  END IF;
  RETURN p_state;
END $$;

-- Every state change reaches every listening PC at commit (LISTEN callcue_campaign): pause and stop within a second.
CREATE FUNCTION callcue.notify_campaign() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  PERFORM pg_notify('callcue_campaign', json_build_object('id', NEW.id, 'state', NEW.state, 'reason', NEW.state_reason)::text);
  RETURN NULL;
END $$;
CREATE TRIGGER campaign_state_notified AFTER UPDATE OF state ON callcue.campaigns
FOR EACH ROW WHEN (OLD.state IS DISTINCT FROM NEW.state) EXECUTE FUNCTION callcue.notify_campaign();

-- Rights. Managers set campaigns up and read everything about them; a rep's PC works a campaign only through the
-- functions above, for campaigns it is allowed on, and reads only its own attempts. No one reads another's leads
-- directly but managers: a PC sees the one lead it leased.
REVOKE ALL ON FUNCTION callcue.lead_block(callcue.campaign_leads, callcue.campaigns), callcue.reap_leases(bigint), callcue.campaign_for_pc(bigint),
  callcue.stop_if_due(callcue.campaigns), callcue.lease_lead(bigint, integer), callcue.own_attempt(bigint), callcue.close_undialled(callcue.campaign_attempts),
  callcue.begin_dial(bigint), callcue.renew_lease(bigint), callcue.release_lease(bigint), callcue.finish_attempt(bigint, text, boolean, text),
  callcue.set_campaign_state(bigint, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION callcue.lease_lead(bigint, integer), callcue.begin_dial(bigint), callcue.renew_lease(bigint), callcue.release_lease(bigint),
  callcue.finish_attempt(bigint, text, boolean, text), callcue.reap_leases(bigint) TO callcue_rep;
GRANT EXECUTE ON FUNCTION callcue.set_campaign_state(bigint, text, text), callcue.lead_block(callcue.campaign_leads, callcue.campaigns), callcue.reap_leases(bigint) TO callcue_manager;

-- A campaign's state changes only through set_campaign_state (which says who and when), never by a plain UPDATE.
REVOKE UPDATE ON callcue.campaigns FROM callcue_manager;
GRANT UPDATE (name, language, max_attempts, abandon_limit, stop_at) ON callcue.campaigns TO callcue_manager;
GRANT SELECT, INSERT, UPDATE, DELETE ON callcue.campaign_windows, callcue.campaign_backoff, callcue.campaign_pcs TO callcue_manager;
GRANT SELECT, INSERT ON callcue.campaign_leads TO callcue_manager;
GRANT SELECT ON callcue.campaign_attempts TO callcue_manager, callcue_rep;
GRANT SELECT ON callcue.campaign_pcs TO callcue_rep;

ALTER TABLE callcue.campaign_windows ENABLE ROW LEVEL SECURITY;
CREATE POLICY campaign_windows_managers ON callcue.campaign_windows FOR ALL TO callcue_manager USING (true) WITH CHECK (true);
ALTER TABLE callcue.campaign_backoff ENABLE ROW LEVEL SECURITY;
CREATE POLICY campaign_backoff_managers ON callcue.campaign_backoff FOR ALL TO callcue_manager USING (true) WITH CHECK (true);
ALTER TABLE callcue.campaign_pcs ENABLE ROW LEVEL SECURITY;
CREATE POLICY campaign_pcs_managers ON callcue.campaign_pcs FOR ALL TO callcue_manager USING (true) WITH CHECK (added_by = current_user);
CREATE POLICY campaign_pcs_own ON callcue.campaign_pcs FOR SELECT TO callcue_rep USING (rep = current_user);
ALTER TABLE callcue.campaign_leads ENABLE ROW LEVEL SECURITY;
CREATE POLICY campaign_leads_managers ON callcue.campaign_leads FOR ALL TO callcue_manager USING (true) WITH CHECK (imported_by = current_user AND leases = 0 AND attempts = 0 AND leased_attempt IS NULL AND NOT done);
ALTER TABLE callcue.campaign_attempts ENABLE ROW LEVEL SECURITY;
CREATE POLICY campaign_attempts_managers ON callcue.campaign_attempts FOR SELECT TO callcue_manager USING (true);
CREATE POLICY campaign_attempts_own ON callcue.campaign_attempts FOR SELECT TO callcue_rep USING (rep = current_user);
`;
