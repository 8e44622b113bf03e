-- Set by `keycard users lock`: the account opens no session, by any way
-- in, until `keycard users unlock`.
ALTER TABLE users ADD COLUMN locked_at BIGINT;
