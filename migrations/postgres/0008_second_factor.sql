-- A second factor for password sign-ins (SPEC §11).
--
-- An authenticator app (TOTP, RFC 6238) of an account. Its secret is
-- sealed (ChaCha20-Poly1305, under a key derived from the server secret and
-- bound to the user): a reader of the database cannot compute codes.
-- `confirmed_at` is NULL while the enrolment waits for its first code;
-- `last_step` is the 30-second step of the last code accepted, so a code is
-- never accepted twice.
CREATE TABLE totp_factors (
    user_id       TEXT    PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    sealed_secret BYTEA   NOT NULL,
    created_at    BIGINT  NOT NULL,
    confirmed_at  BIGINT,
    last_step     BIGINT  NOT NULL DEFAULT 0
);

-- Single-use recovery codes, by their keyed hash only.
CREATE TABLE recovery_codes (
    user_id    TEXT    NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    code_hash  BYTEA   NOT NULL,
    created_at BIGINT  NOT NULL,
    used_at    BIGINT,
    PRIMARY KEY (user_id, code_hash)
);

-- A password sign-in waiting for its second factor: no session exists
-- yet. The browser holds the token (an HttpOnly cookie); only its SHA-256
-- is kept. Single use, short-lived, and dead after a few wrong codes.
-- `device_id` is the browser's trusted device cookie, when it had one.
CREATE TABLE pending_sign_ins (
    token_hash         BYTEA   PRIMARY KEY,
    user_id            TEXT    NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    credential_version BIGINT  NOT NULL,
    device_id          TEXT,
    created_at         BIGINT  NOT NULL,
    expires_at         BIGINT  NOT NULL,
    failures           BIGINT  NOT NULL DEFAULT 0,
    used_at            BIGINT
);
CREATE INDEX pending_sign_ins_expiry ON pending_sign_ins(expires_at);
