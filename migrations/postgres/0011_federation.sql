-- Sign-in with another identity provider (OpenID Connect).
--
-- An identity is the provider's (issuer, subject) pair, never an address:
-- the address a provider reports is kept only to show it on the account
-- page. One identity belongs to one account; an account may have several.
CREATE TABLE identities (
    issuer       TEXT    NOT NULL,
    subject      TEXT    NOT NULL,
    provider     TEXT    NOT NULL,
    user_id      TEXT    NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    email        TEXT,
    created_at   BIGINT  NOT NULL,
    last_used_at BIGINT,
    PRIMARY KEY (issuer, subject)
);
CREATE INDEX identities_user ON identities(user_id);

-- A sign-in (or a linking) sent to a provider and not back yet, by the
-- SHA-256 of its `state`. `browser_hash` is the SHA-256 of the cookie
-- the starting browser was given: only that browser finishes it. For a
-- linking, `link_user_id` and `link_session_id` name who asked. Single
-- use (`used_at`) and short-lived.
CREATE TABLE federated_flows (
    state_hash      BYTEA PRIMARY KEY,
    provider        TEXT    NOT NULL,
    browser_hash    BYTEA NOT NULL,
    nonce           TEXT    NOT NULL,
    pkce_verifier   TEXT    NOT NULL,
    link_user_id    TEXT    REFERENCES users(id) ON DELETE CASCADE,
    link_session_id TEXT,
    next_path       TEXT,
    created_at      BIGINT NOT NULL,
    expires_at      BIGINT NOT NULL,
    used_at         BIGINT
);
CREATE INDEX federated_flows_expiry ON federated_flows(expires_at);

-- What a pending second step followed: a password (`pwd`), a mailed link
-- (`otp`) or another provider (`fed`), so the session's `amr` says so.
ALTER TABLE pending_sign_ins ADD COLUMN first_factor TEXT NOT NULL DEFAULT 'pwd';
