-- When the account's address was confirmed by a link (or by a password
-- reset, which proves the same). Accounts from before verification existed
-- count as verified.
ALTER TABLE users ADD COLUMN email_verified_at BIGINT;
UPDATE users SET email_verified_at = created_at;

-- Mails to send. A mail is written in the same transaction as the token or
-- event it announces; the sender claims due rows (`claimed_until`, with
-- `attempts` as the claim's number), delivers them and stamps `sent_at`
-- (blanking the bodies, which hold live links), or pushes `due_at` back
-- after a failure; `gave_up_at` after a failure the relay calls permanent.
CREATE TABLE outbox (
    id            TEXT    PRIMARY KEY,
    recipient     TEXT    NOT NULL,
    subject       TEXT    NOT NULL,
    text_body     TEXT    NOT NULL,
    html_body     TEXT    NOT NULL,
    created_at    BIGINT  NOT NULL,
    due_at        BIGINT  NOT NULL,
    attempts      BIGINT NOT NULL DEFAULT 0,
    claimed_until BIGINT,
    sent_at       BIGINT,
    last_error    TEXT,
    gave_up_at    BIGINT
);
CREATE INDEX outbox_due ON outbox(due_at) WHERE sent_at IS NULL;

-- Single-use tokens of the links in mails. Only the SHA-256 of a token is
-- kept. `credential_version` is the user's at issue: a link that must die
-- when the password changes is only honoured while it is unchanged.
CREATE TABLE link_tokens (
    token_hash         BYTEA   PRIMARY KEY,
    purpose            TEXT    NOT NULL,
    user_id            TEXT    NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    detail             TEXT,
    credential_version BIGINT  NOT NULL,
    created_at         BIGINT  NOT NULL,
    expires_at         BIGINT  NOT NULL,
    used_at            BIGINT
);
CREATE INDEX link_tokens_by_user ON link_tokens(user_id, purpose);
