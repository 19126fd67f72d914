/** Team store migration 003: applied by migrateTeam (../migrate.ts); SQL in a module so it is bundled with the app. Never edit once released. */
export const sql = String.raw`
-- The do-not-call feed: a number added on any PC reaches every connected PC at once (LISTEN callcue_dnc), and a PC
-- back from time away asks for what it missed by position (seq > the last it holds). The position is the server's:
-- added_at is the adding PC's own clock, and a PC that was offline for days pushes entries dated days ago.
ALTER TABLE callcue.dnc ADD COLUMN seq bigint GENERATED ALWAYS AS IDENTITY;
ALTER TABLE callcue.dnc ADD CONSTRAINT dnc_seq_unique UNIQUE (seq);

-- The notification carries the entry itself (about 100 bytes; PostgreSQL's limit is 8000) and goes out at commit.
CREATE FUNCTION callcue.notify_dnc() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  PERFORM pg_notify('callcue_dnc', json_build_object('seq', NEW.seq, 'phone', NEW.phone, 'source', NEW.source,
    'addedAt', (extract(epoch FROM NEW.added_at) * 1000)::bigint)::text);
  RETURN NULL;
END $$;
CREATE TRIGGER dnc_added_notified AFTER INSERT ON callcue.dnc FOR EACH ROW EXECUTE FUNCTION callcue.notify_dnc();
`;
