-- A rotation is one UPDATE of `sessions.refresh_hash`; this trigger keeps the
-- hash it replaced in the history as part of the same statement, so the swap
-- and its history row commit together without an explicit transaction (one
-- round trip per rotation).
CREATE FUNCTION keep_rotated_refresh_hash() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO refresh_token_history (token_hash, session_id, superseded_at)
    VALUES (OLD.refresh_hash, OLD.id, NEW.rotated_at);
    RETURN NULL;
END
$$;

CREATE TRIGGER sessions_keep_rotated_hash
AFTER UPDATE OF refresh_hash ON sessions
FOR EACH ROW WHEN (OLD.refresh_hash IS DISTINCT FROM NEW.refresh_hash)
EXECUTE FUNCTION keep_rotated_refresh_hash();
