-- Browsers that signed in to an account before: their device cookie's
-- SHA-256, so a lockout of the account (too many wrong passwords from
-- elsewhere) does not keep them out (services::limits).
CREATE TABLE trusted_devices (
    token_hash TEXT PRIMARY KEY NOT NULL,
    user_id    BIGINT NOT NULL REFERENCES users (id),
    created_at TEXT NOT NULL
);
