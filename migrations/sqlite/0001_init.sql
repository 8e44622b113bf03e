-- keycard schema, SQLite flavour. Times are unix milliseconds.
CREATE TABLE users (
    id            TEXT    PRIMARY KEY,
    email         TEXT    NOT NULL UNIQUE,
    password_hash TEXT    NOT NULL,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL
);

-- One row per signed-in device. The refresh token itself is never stored:
-- `refresh_hash` is its SHA-256 and `refresh_nonce` only yields the token
-- together with the server secret.
CREATE TABLE sessions (
    id             TEXT    PRIMARY KEY,
    user_id        TEXT    NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at     INTEGER NOT NULL,
    last_used_at   INTEGER NOT NULL,
    user_agent     TEXT    NOT NULL,
    ip             TEXT    NOT NULL,
    refresh_hash   BLOB    NOT NULL UNIQUE,
    refresh_nonce  BLOB    NOT NULL,
    rotated_at     INTEGER NOT NULL,
    revoked_at     INTEGER,
    revoked_reason TEXT
);
CREATE INDEX sessions_by_user ON sessions(user_id);

-- Hashes of refresh tokens that were rotated away, kept to tell a racing
-- request (within the grace window) from a replayed token.
CREATE TABLE refresh_token_history (
    token_hash    BLOB    PRIMARY KEY,
    session_id    TEXT    NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    superseded_at INTEGER NOT NULL
);
CREATE INDEX refresh_token_history_by_session ON refresh_token_history(session_id);

-- Public halves of the token signing keys; the private halves are derived
-- from the server secret and the kid.
CREATE TABLE signing_keys (
    kid        TEXT    PRIMARY KEY,
    public_key BLOB    NOT NULL,
    created_at INTEGER NOT NULL,
    retired_at INTEGER
);

CREATE TABLE security_events (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id    TEXT    REFERENCES users(id) ON DELETE CASCADE,
    session_id TEXT,
    kind       TEXT    NOT NULL,
    ip         TEXT    NOT NULL,
    user_agent TEXT    NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX security_events_by_user ON security_events(user_id, created_at);
