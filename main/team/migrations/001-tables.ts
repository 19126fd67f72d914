/** Team store migration 001: applied by migrateTeam (../migrate.ts); SQL in a module so it is bundled with the app. Never edit once released. */
export const sql = String.raw`
-- The team's metadata, mirrored from each PC's local store (main/store/migrations): the people, their calls, the
-- intents and playbook states of the turns, the suggestions shown and used, campaigns and the do-not-call list.
-- No column can hold audio or what anyone said: labels are identifiers (callcue.tag, which no sentence fits), and
-- a turn has times, an intent and states, never text. Times the PC measured are epoch milliseconds there and
-- timestamptz here; 'rep' is the PostgreSQL login role of the person whose PC wrote the row.

CREATE DOMAIN callcue.tag AS text CHECK (VALUE ~ '^[A-Za-z][A-Za-z0-9_.:-]{0,63}$');

CREATE TABLE callcue.reps (
  role_name text PRIMARY KEY,
  display_name text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 80),
  is_manager boolean NOT NULL DEFAULT false,
  added_at timestamptz NOT NULL DEFAULT now(),
  -- A person who leaves loses their login; their calls stay in the team's history.
  removed_at timestamptz
);

-- A stub for the autopilot's campaigns: enough for calls to name the campaign they belong to.
CREATE TABLE callcue.campaigns (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
  plugin callcue.tag NOT NULL,
  state callcue.tag NOT NULL DEFAULT 'idle',
  created_by text NOT NULL DEFAULT current_user REFERENCES callcue.reps (role_name),
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE callcue.calls (
  rep text NOT NULL DEFAULT current_user REFERENCES callcue.reps (role_name),
  local_id text NOT NULL CHECK (length(local_id) BETWEEN 1 AND 64),
  started_at timestamptz NOT NULL,
  ended_at timestamptz,
  duration_ms integer CHECK (duration_ms >= 0),
  mode text NOT NULL CHECK (mode IN ('assist', 'auto')),
  plugin callcue.tag NOT NULL,
  language callcue.tag NOT NULL,
  outcome callcue.tag NOT NULL DEFAULT 'in_progress',
  final_state callcue.tag,
  campaign_id bigint REFERENCES callcue.campaigns (id),
  synced_at timestamptz NOT NULL DEFAULT now(),
  -- Keyed by the PC's own ids (a call's is a UUID): pushing the same call again is an update, never a second call.
  PRIMARY KEY (rep, local_id)
);
CREATE INDEX calls_started ON callcue.calls (started_at);

CREATE TABLE callcue.turns (
  rep text NOT NULL DEFAULT current_user,
  local_id bigint NOT NULL,
  call_local_id text NOT NULL,
  channel text NOT NULL CHECK (channel IN ('rep', 'customer')),
  start_ms integer NOT NULL CHECK (start_ms >= 0),
  end_ms integer NOT NULL CHECK (end_ms >= start_ms),
  intent callcue.tag,
  confidence real CHECK (confidence BETWEEN 0 AND 1),
  state_from callcue.tag,
  state_to callcue.tag,
  -- A turn's id is a row number in one PC's database: only with its call's id (a UUID) is it the team's key, so a
  -- rep on two PCs, or a reinstalled one, never overwrites a turn of another call.
  PRIMARY KEY (rep, call_local_id, local_id),
  FOREIGN KEY (rep, call_local_id) REFERENCES callcue.calls (rep, local_id) ON DELETE CASCADE
);

-- Suggestions shown, and which one the rep used: the rule behind each (the playbook's, e.g. "cards.price"), never its text.
CREATE TABLE callcue.suggestions (
  rep text NOT NULL DEFAULT current_user,
  local_id bigint NOT NULL,
  call_local_id text NOT NULL,
  turn_local_id bigint,
  rank smallint NOT NULL CHECK (rank BETWEEN 0 AND 9),
  source callcue.tag NOT NULL,
  rule text NOT NULL CHECK (length(rule) BETWEEN 1 AND 200),
  shown_at timestamptz NOT NULL,
  used_at timestamptz,
  PRIMARY KEY (rep, call_local_id, local_id),
  FOREIGN KEY (rep, call_local_id) REFERENCES callcue.calls (rep, local_id) ON DELETE CASCADE
);

-- The team's do-not-call list (E.164): an opt-out heard on any PC stops every PC. Forever: no retention applies.
CREATE TABLE callcue.dnc (
  phone text PRIMARY KEY CHECK (phone ~ '^\+[1-9][0-9]{1,14}$'),
  added_by text NOT NULL DEFAULT current_user,
  added_at timestamptz NOT NULL DEFAULT now(),
  reason text CHECK (length(reason) <= 200),
  source text NOT NULL CHECK (source IN ('opt_out_speech', 'opt_out_dtmf', 'import', 'manual'))
);

-- Every removal from the do-not-call list: who, when, why, and the entry as it was.
CREATE TABLE callcue.dnc_audit (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  phone text NOT NULL,
  action text NOT NULL CHECK (action IN ('removed')),
  done_by text NOT NULL,
  done_at timestamptz NOT NULL DEFAULT now(),
  reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 200),
  added_by text,
  added_at timestamptz,
  source text
);
`;
