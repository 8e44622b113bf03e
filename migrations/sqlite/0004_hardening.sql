-- Whether the last attempt against a throttle key was admitted: the upsert
-- that counts an attempt decides it from the row as it was, atomically.
ALTER TABLE login_throttle ADD COLUMN admitted INTEGER NOT NULL DEFAULT 1;

-- Bumped whenever the password changes (or the account is deleted): a
-- session is only opened for the credential version that was verified.
ALTER TABLE users ADD COLUMN credential_version INTEGER NOT NULL DEFAULT 0;

-- The browser (its device cookie's id) a session was opened on: only that
-- browser may go on from the previous refresh token after the grace window
-- (its answer was lost); anyone else presenting it is a replay.
ALTER TABLE sessions ADD COLUMN device_id TEXT;
