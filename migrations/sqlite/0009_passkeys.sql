-- Passkeys (WebAuthn, SPEC §11).
--
-- A passkey of an account: the credential as webauthn-rs serialises it
-- (public key, counter, flags), keyed by its credential id, which no two
-- accounts may share. `name` is the user's label for it.
CREATE TABLE passkeys (
    credential_id BLOB    PRIMARY KEY,
    user_id       TEXT    NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name          TEXT    NOT NULL,
    credential    TEXT    NOT NULL,
    created_at    INTEGER NOT NULL,
    last_used_at  INTEGER
);
CREATE INDEX passkeys_user ON passkeys(user_id);

-- A WebAuthn ceremony under way: the challenge and what it allows, kept
-- here rather than in one instance's memory, so a ceremony begun on one
-- instance finishes on another. Single use (`used_at`) and short-lived.
-- `user_id` is the signed-in user who began it (adding a passkey,
-- confirming it's you, the second step of a sign-in); NULL for a sign-in.
CREATE TABLE webauthn_ceremonies (
    id         TEXT    PRIMARY KEY,
    purpose    TEXT    NOT NULL,
    user_id    TEXT    REFERENCES users(id) ON DELETE CASCADE,
    state      TEXT    NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at    INTEGER
);
CREATE INDEX webauthn_ceremonies_expiry ON webauthn_ceremonies(expires_at);
