-- keycard schema, PostgreSQL flavour. Times are unix milliseconds.
CREATE TABLE users (
    id            TEXT    PRIMARY KEY,
    email         TEXT    NOT NULL UNIQUE,
    password_hash TEXT    NOT NULL,
    created_at    BIGINT  NOT NULL,
    updated_at    BIGINT  NOT NULL
);

-- One row per signed-in device. The refresh token itself is never stored:
-- `refresh_hash` is its SHA-256 and `refresh_nonce` only yields the token
-- together with the server secret.
CREATE TABLE sessions (
    id             TEXT    PRIMARY KEY,
    user_id        TEXT    NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at     BIGINT  NOT NULL,
    last_used_at   BIGINT  NOT NULL,
    user_agent     TEXT    NOT NULL,
    ip             TEXT    NOT NULL,
    refresh_hash   BYTEA   NOT NULL UNIQUE,
    refresh_nonce  BYTEA   NOT NULL,
    rotated_at     BIGINT  NOT NULL,
    revoked_at     BIGINT,
    revoked_reason TEXT
);
CREATE INDEX sessions_by_user ON sessions(user_id);

-- Hashes of refresh tokens that were rotated away, kept to tell a racing
-- request (within the grace window) from a replayed token.
CREATE TABLE refresh_token_history (
    token_hash    BYTEA   PRIMARY KEY,
    session_id    TEXT    NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    superseded_at BIGINT  NOT NULL
);
CREATE INDEX refresh_token_history_by_session ON refresh_token_history(session_id);

-- Public halves of the token signing keys; the private halves are derived
-- from the server secret and the kid.
CREATE TABLE signing_keys (
    kid        TEXT    PRIMARY KEY,
    public_key BYTEA   NOT NULL,
    created_at BIGINT  NOT NULL,
    retired_at BIGINT
);

CREATE TABLE security_events (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id    TEXT    REFERENCES users(id) ON DELETE CASCADE,
    session_id TEXT,
    kind       TEXT    NOT NULL,
    ip         TEXT    NOT NULL,
    user_agent TEXT    NOT NULL,
    created_at BIGINT  NOT NULL
);
CREATE INDEX security_events_by_user ON security_events(user_id, created_at);
