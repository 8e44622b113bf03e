-- How and when the user last proved who they are in a session: the access
-- token's `amr` (RFC 8176 method values, comma-separated) and `auth_time`
-- (unix ms) claims. Sessions from before were opened by a password.
ALTER TABLE sessions ADD COLUMN auth_time BIGINT NOT NULL DEFAULT 0;
ALTER TABLE sessions ADD COLUMN amr TEXT NOT NULL DEFAULT 'pwd';
UPDATE sessions SET auth_time = created_at;
