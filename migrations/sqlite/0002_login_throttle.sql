-- Failed sign-in counters, per account ("account:<email>") and per client
-- address ("ip:<addr>"). Kept in the database so that every instance sharing
-- it enforces the same limits.
CREATE TABLE login_throttle (
    throttle_key TEXT    PRIMARY KEY,
    failures     INTEGER NOT NULL,
    window_start INTEGER NOT NULL,
    locked_until INTEGER NOT NULL
);
