/** Team store migration 008: applied by migrateTeam (../migrate.ts); SQL in a module so it is bundled with the app. Never edit once released. */
export const sql = String.raw`
-- Leasing behind many blocked leads: lease_lead checked every lead ahead of the first eligible one with lead_block,
-- about 12 µs each (241 ms a lease behind 20,000 leads out of their calling window). Which (zone, region) pairs are
-- inside a window now is worked out once per lease (a campaign has few), and the scan passes over leads outside them
-- with a plain comparison; lead_block still decides for the others, so what may be leased, and in which order, is as
-- before. The window rule is lead_block's (004), for the pair instead of the lead.
CREATE FUNCTION callcue.open_windows(p_campaign bigint) RETURNS text[]
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
  SELECT coalesce(array_agg(p.tz || '|' || p.rg), '{}') FROM (
    SELECT DISTINCT x.time_zone AS tz, coalesce(x.region, '') AS rg FROM callcue.campaign_leads x
    WHERE x.campaign_id = p_campaign AND NOT x.done AND x.leased_attempt IS NULL
  ) p
  WHERE coalesce((
    SELECT (now() AT TIME ZONE p.tz)::time >= w.starts AND (now() AT TIME ZONE p.tz)::time < w.ends
    FROM callcue.campaign_windows w
    WHERE w.campaign_id = p_campaign AND w.region IN (p.rg, split_part(p.rg, '-', 1), '')
    ORDER BY length(w.region) DESC LIMIT 1), false)
$$;
REVOKE ALL ON FUNCTION callcue.open_windows(bigint) FROM PUBLIC;

CREATE OR REPLACE FUNCTION callcue.lease_lead(p_campaign bigint, p_lease_seconds integer) RETURNS callcue.lease
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  c callcue.campaigns := callcue.campaign_for_pc(p_campaign);
  l callcue.campaign_leads;
  result callcue.lease;
  now_state text := callcue.stop_if_due(c);
  at timestamptz;
  open_now text[];
BEGIN
  IF now_state <> 'running' THEN
    result.status := now_state;
    RETURN result;
  END IF;
  PERFORM callcue.reap_leases(p_campaign);
  open_now := callcue.open_windows(p_campaign);
  LOOP
    -- SKIP LOCKED: a lead another PC is taking right now is passed over, not waited for; the lock is re-checked on
    -- the row's latest version, so a lead leased and committed since this statement began is not taken again.
    SELECT * INTO l FROM callcue.campaign_leads x
    WHERE x.campaign_id = p_campaign AND NOT x.done AND x.leased_attempt IS NULL AND x.attempts < c.max_attempts
      AND (x.time_zone || '|' || coalesce(x.region, '')) = ANY (open_now)
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
`;
