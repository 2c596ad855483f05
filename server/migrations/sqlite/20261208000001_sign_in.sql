-- Signing in through an organisation's identity provider, invitations and
-- password resets (issue 30; the rules in summit::sign_in, the protocol in
-- server::oidc). Not columns of `users`: `server::storage::rebuild`
-- rebuilds that table with a fixed column list.

-- Whether an account may sign in, and which generation of its sessions is
-- valid: disabling an account (or a new password) moves `session_epoch`,
-- and every session opened before stops working on every instance.
CREATE TABLE user_access (
    user_id       INTEGER PRIMARY KEY REFERENCES users (id),
    disabled_at   TEXT,
    session_epoch INTEGER NOT NULL DEFAULT 0
) STRICT;

-- An account's sign-ins at identity providers: the provider as the
-- operator named it (SUMMIT_OIDC_PROVIDERS) and its stable subject (`sub`).
CREATE TABLE user_identities (
    id           INTEGER PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id),
    provider     TEXT NOT NULL CHECK (length(provider) BETWEEN 1 AND 40),
    subject      TEXT NOT NULL CHECK (length(subject) BETWEEN 1 AND 255),
    email        TEXT NOT NULL DEFAULT '',
    created_at   TEXT NOT NULL,
    last_used_at TEXT NOT NULL,
    UNIQUE (provider, subject)
) STRICT;

CREATE INDEX user_identities_user ON user_identities (user_id);

-- Who gets an account at first sign-in: `provider` NULL for any provider;
-- `scope` is summit::Scope as JSON. The oldest matching rule applies.
CREATE TABLE sign_in_rules (
    id         INTEGER PRIMARY KEY,
    provider   TEXT,
    claim      TEXT NOT NULL CHECK (claim IN ('email-domain', 'group', 'role')),
    value      TEXT NOT NULL CHECK (length(value) BETWEEN 1 AND 800),
    role       TEXT NOT NULL CHECK (role IN ('admin', 'editor', 'reviewer')),
    scope      TEXT NOT NULL,
    created_at TEXT NOT NULL
) STRICT;

-- First sign-ins no rule allowed, waiting for an administrator: what the
-- provider said (summit::sign_in::ProviderClaims as JSON), once per person.
CREATE TABLE sign_in_requests (
    id           INTEGER PRIMARY KEY,
    provider     TEXT NOT NULL,
    subject      TEXT NOT NULL,
    claims       TEXT NOT NULL,
    requested_at TEXT NOT NULL,
    UNIQUE (provider, subject)
) STRICT;

-- Links sent by e-mail to choose a password (a reset, an invitation). The
-- token is made when the message is sent and only its SHA-256 is kept;
-- single-use (`used_ms`), expiring (`expires_ms`, from the sending).
CREATE TABLE access_links (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id),
    purpose    TEXT NOT NULL CHECK (purpose IN ('reset', 'invitation')),
    token_hash TEXT UNIQUE,
    created_ms INTEGER NOT NULL,
    expires_ms INTEGER,
    used_ms    INTEGER
) STRICT;

CREATE INDEX access_links_user ON access_links (user_id, purpose);
