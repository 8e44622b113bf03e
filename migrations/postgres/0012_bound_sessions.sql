-- Device Bound Session Credentials (docs/security.md, "Sessions bound to
-- a device"). A session is bound to one public key the browser keeps (a
-- JWK, as JSON, with its RFC 7638 thumbprint); once bound it is renewed
-- only with a signature from that key. Never unbound.
ALTER TABLE sessions ADD COLUMN bound_key TEXT;
ALTER TABLE sessions ADD COLUMN bound_thumbprint TEXT;
ALTER TABLE sessions ADD COLUMN bound_at BIGINT;

-- A challenge a browser signs: to bind a session (`bind`, offered at
-- sign-in) or to renew a bound one (`renew`). By the SHA-256 of its text,
-- for one session, single use and short-lived; kept here rather than in
-- one instance's memory, so any instance can check it.
CREATE TABLE session_challenges (
    challenge_hash BYTEA   PRIMARY KEY,
    session_id     TEXT    NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    purpose        TEXT    NOT NULL,
    created_at     BIGINT  NOT NULL,
    expires_at     BIGINT  NOT NULL,
    used_at        BIGINT
);
CREATE INDEX session_challenges_expiry ON session_challenges(expires_at);
-- A session's challenges, for keeping only its newest few, and for the
-- cascade when a session is pruned.
CREATE INDEX session_challenges_session ON session_challenges(session_id, created_at);
