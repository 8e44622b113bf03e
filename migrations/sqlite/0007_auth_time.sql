-- How and when the user last proved who they are in a session: the access
-- token's `amr` (RFC 8176 method values, comma-separated) and `auth_time`
-- (unix ms) claims. How sessions from before were opened (a password or a
-- mailed link) is not known: their `amr` is empty, which claims nothing.
ALTER TABLE sessions ADD COLUMN auth_time BIGINT NOT NULL DEFAULT 0;
ALTER TABLE sessions ADD COLUMN amr TEXT NOT NULL DEFAULT '';
UPDATE sessions SET auth_time = created_at;
