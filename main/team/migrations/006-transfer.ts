/** Team store migration 006: applied by migrateTeam (../migrate.ts); SQL in a module so it is bundled with the app. Never edit once released. */
export const sql = String.raw`
-- Warm transfer (main/campaign/transfer.ts): a team campaign's call may end transferred (the callee was put through
-- to a rep) or transfer_failed (they asked for a person, none was free, the callback was booked instead). Both are a
-- person answering, and both are final: the lead is a person's to follow up now, the bot does not call it again.
-- campaign_backoff is left as it is: it holds the retryable dispositions only, and these two are not.
ALTER TABLE callcue.campaign_attempts DROP CONSTRAINT campaign_attempts_disposition_check;
ALTER TABLE callcue.campaign_attempts ADD CONSTRAINT campaign_attempts_disposition_check CHECK (disposition IN ('no_answer', 'busy', 'voicemail',
  'voicemail_left', 'opted_out', 'callback_scheduled', 'interested', 'sale', 'failed', 'not_interested', 'completed', 'lease_expired', 'not_dialled',
  'transferred', 'transfer_failed'));

-- answered (the abandonment rate's denominator) counts them. PostgreSQL 15 cannot change a generated column's
-- expression, so the column is made again (its index with it); the values are recomputed from each row's disposition.
DROP INDEX callcue.campaign_attempts_abandoned;
ALTER TABLE callcue.campaign_attempts DROP COLUMN answered;
ALTER TABLE callcue.campaign_attempts ADD COLUMN answered boolean GENERATED ALWAYS AS (disposition IN ('opted_out', 'callback_scheduled', 'interested',
  'sale', 'not_interested', 'completed', 'transferred', 'transfer_failed')) STORED;
CREATE INDEX campaign_attempts_abandoned ON callcue.campaign_attempts (campaign_id) WHERE abandoned OR answered;

-- finish_attempt as in 004, with the two dispositions accepted and final (CREATE OR REPLACE keeps its rights).
CREATE OR REPLACE FUNCTION callcue.finish_attempt(p_attempt bigint, p_disposition text, p_abandoned boolean, p_call text DEFAULT NULL) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  a callcue.campaign_attempts := callcue.own_attempt(p_attempt);
  c callcue.campaigns;
  is_final boolean := p_disposition IN ('opted_out', 'callback_scheduled', 'interested', 'sale', 'not_interested', 'transferred', 'transfer_failed');
  was_dialled boolean := a.dialled_at IS NOT NULL;
  rate numeric;
BEGIN
  IF p_disposition IS NULL OR p_disposition NOT IN ('no_answer', 'busy', 'voicemail', 'voicemail_left', 'opted_out', 'callback_scheduled', 'interested',
      'sale', 'failed', 'not_interested', 'completed', 'transferred', 'transfer_failed') THEN
    RAISE EXCEPTION 'unknown disposition %', p_disposition USING ERRCODE = '22023';
  END IF;
  IF a.ended_at IS NOT NULL AND a.disposition <> 'lease_expired' THEN
    RAISE EXCEPTION 'attempt % is already finished (%)', p_attempt, a.disposition USING ERRCODE = '55000';
  END IF;
  UPDATE callcue.campaign_attempts SET disposition = p_disposition, abandoned = coalesce(p_abandoned, false), call_local_id = p_call,
    dialled_at = coalesce(dialled_at, clock_timestamp()), ended_at = clock_timestamp()
  WHERE id = a.id RETURNING * INTO a;
  UPDATE callcue.campaign_leads SET
    leased_attempt = CASE WHEN leased_attempt = a.id THEN NULL ELSE leased_attempt END,
    attempts = attempts + CASE WHEN was_dialled THEN 0 ELSE 1 END,
    last_attempt_at = CASE WHEN leased_attempt = a.id OR leased_attempt IS NULL THEN a.dialled_at ELSE last_attempt_at END,
    last_disposition = CASE WHEN leased_attempt = a.id OR leased_attempt IS NULL THEN p_disposition ELSE last_disposition END,
    done = done OR is_final
  WHERE id = a.lead_id;
  SELECT * INTO c FROM callcue.campaigns WHERE id = a.campaign_id;
  IF a.abandoned THEN
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
`;
