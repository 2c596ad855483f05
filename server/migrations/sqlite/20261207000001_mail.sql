-- E-mail (issue 29; the rules in summit::mail, the sending in server::mail).
-- Not columns of `users`: `server::storage::rebuild` rebuilds that table
-- with a fixed column list.

-- The language a person's messages are written in (chosen on the account
-- page; until then the language of the page they last signed in from).
CREATE TABLE mail_settings (
    user_id  INTEGER PRIMARY KEY REFERENCES users (id),
    language TEXT NOT NULL CHECK (language IN ('ar', 'zh', 'en', 'fr', 'ru', 'es'))
) STRICT;

-- The kinds of message a person turned off (one-click unsubscribe, RFC
-- 8058, or the account page).
CREATE TABLE mail_optouts (
    user_id INTEGER NOT NULL REFERENCES users (id),
    kind    TEXT NOT NULL CHECK (kind IN ('returned', 'approved', 'due-soon', 'overdue', 'digest')),
    PRIMARY KEY (user_id, kind)
) STRICT;

-- Messages to send: what happened (`payload`, app::model::MailPayload as
-- JSON), not the text, which is written in the recipient's language when
-- it is sent. A sender claims a message until `lease_until_ms` with a
-- random `claim`; a sender killed while sending leaves a lease that runs
-- out, and another sender takes the message again. `dedupe_key` makes
-- enqueueing the same event twice (two instances at once) a no-op.
CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY,
    dedupe_key      TEXT NOT NULL UNIQUE,
    kind            TEXT NOT NULL CHECK (kind IN ('returned', 'approved', 'due-soon', 'overdue', 'digest')),
    user_id         INTEGER NOT NULL REFERENCES users (id),
    payload         TEXT NOT NULL CHECK (json_valid(payload)),
    state           TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'sent', 'failed', 'dropped')),
    attempts        INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    next_attempt_ms INTEGER NOT NULL,
    lease_until_ms  INTEGER NOT NULL DEFAULT 0,
    claim           TEXT NOT NULL DEFAULT '',
    last_error      TEXT NOT NULL DEFAULT '',
    created_ms      INTEGER NOT NULL,
    done_ms         INTEGER
) STRICT;

CREATE INDEX outbox_due ON outbox (state, next_attempt_ms);

-- One-click unsubscribe links: the SHA-256 of the token in one message's
-- link (never the token), for one person and kind; single-use, expiring.
CREATE TABLE unsubscribe_tokens (
    token_hash TEXT PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id),
    kind       TEXT NOT NULL CHECK (kind IN ('returned', 'approved', 'due-soon', 'overdue', 'digest')),
    language   TEXT NOT NULL,
    expires_ms INTEGER NOT NULL,
    used_ms    INTEGER
) STRICT;

-- What was done once across every instance: a reminder per action,
-- deadline day and reminder (`reminder:…`).
CREATE TABLE mail_marks (
    mark       TEXT PRIMARY KEY,
    created_ms INTEGER NOT NULL
) STRICT;

-- How far the review history has been turned into messages.
CREATE TABLE mail_cursors (
    name    TEXT PRIMARY KEY,
    last_id INTEGER NOT NULL
) STRICT;
