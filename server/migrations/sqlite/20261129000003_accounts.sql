-- Accounts, the scope of each editor, and bearer tokens for integrations.
-- Sessions live in `tower_sessions`, created by the session store itself.

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    email         TEXT NOT NULL UNIQUE CHECK (email = lower(email) AND length(email) > 0),
    name          TEXT NOT NULL CHECK (length(name) > 0),
    role          TEXT NOT NULL CHECK (role IN ('admin', 'editor')),
    -- A PHC string (argon2id); never the password.
    password_hash TEXT NOT NULL,
    created_at    TEXT NOT NULL
) STRICT;

CREATE TABLE user_regions (
    user_id INTEGER NOT NULL REFERENCES users (id),
    region  TEXT NOT NULL REFERENCES regions (slug),
    PRIMARY KEY (user_id, region)
) STRICT;

CREATE TABLE user_countries (
    user_id INTEGER NOT NULL REFERENCES users (id),
    country TEXT NOT NULL REFERENCES countries (iso3),
    PRIMARY KEY (user_id, country)
) STRICT;

-- Only a SHA-256 of each token is kept: a leaked table gives no usable token.
CREATE TABLE api_tokens (
    id          INTEGER PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users (id),
    token_hash  TEXT NOT NULL UNIQUE,
    label       TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    last_used_at TEXT,
    revoked_at  TEXT
) STRICT;

-- Which account made each change (the name is kept as it was then).
ALTER TABLE action_history ADD COLUMN changed_by_user INTEGER REFERENCES users (id);
