-- Ownership of an account (the recovery paths cannot be turned against it).
--
-- `registration_browser`: the SHA-256 of the cookie the registering browser
-- was given. A verification link used from that browser signs in with the
-- registration's password; from any other, the person confirming chooses
-- the password (whoever registered only proved they could type the address).
-- Cleared once the address is confirmed.
ALTER TABLE users ADD COLUMN registration_browser BYTEA;
-- Wrong second-step codes since the account's last successful sign-in (or
-- password reset): past a cap, the second step is refused until the
-- password is reset.
ALTER TABLE users ADD COLUMN second_factor_failures BIGINT NOT NULL DEFAULT 0;

-- Device cookies of browsers a "this wasn't me" report named: they keep no
-- lockout exemption and no alert exemption.
CREATE TABLE distrusted_devices (
    device_id  TEXT    PRIMARY KEY,
    user_id    TEXT    NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at BIGINT  NOT NULL
);

-- Sign-in attempts admitted against a throttle key and still being checked
-- (hashing): an attempt that finds the key in a delay those set waits for
-- them instead of being refused, so concurrent right passwords all get in.
ALTER TABLE login_throttle ADD COLUMN in_flight BIGINT NOT NULL DEFAULT 0;

-- The session that began an authenticator-app enrolment: only it is shown
-- the unconfirmed key (and only within the re-authentication window).
ALTER TABLE totp_factors ADD COLUMN setup_session TEXT;
