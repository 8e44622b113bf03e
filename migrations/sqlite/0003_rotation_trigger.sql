-- A rotation is one UPDATE of `sessions.refresh_hash`; this trigger keeps the
-- hash it replaced in the history as part of the same statement, so the swap
-- and its history row commit together without an explicit transaction (one
-- round trip and one fsync per rotation).
CREATE TRIGGER sessions_keep_rotated_hash
AFTER UPDATE OF refresh_hash ON sessions
WHEN OLD.refresh_hash <> NEW.refresh_hash
BEGIN
    INSERT INTO refresh_token_history (token_hash, session_id, superseded_at)
    VALUES (OLD.refresh_hash, OLD.id, NEW.rotated_at);
END;
