-- Review before publishing (issue 29, summit::action::review). Where it is
-- on: everywhere (the one row of `review_everywhere`) or per region.
-- The `reviewer` role itself: SQLite cannot change the users table's role
-- CHECK in place, so `server::storage::rebuild` rebuilds that table (with
-- foreign keys off, which a migration's transaction cannot do).
CREATE TABLE review_everywhere (
    id INTEGER PRIMARY KEY CHECK (id = 1)
) STRICT;

CREATE TABLE review_regions (
    region TEXT PRIMARY KEY REFERENCES regions (slug)
) STRICT;

-- An editor's change of one action, waiting for review or closed. `patch`:
-- the validated summit::ActionPatch as JSON; `base_version`: the action's
-- version it was made against (approval applies it only if the action is
-- still there). `comment`: the reviewer's last return.
CREATE TABLE proposals (
    id           INTEGER PRIMARY KEY,
    action_id    INTEGER NOT NULL REFERENCES actions (id),
    base_version INTEGER NOT NULL CHECK (base_version >= 0),
    patch        TEXT NOT NULL CHECK (json_valid(patch)),
    state        TEXT NOT NULL CHECK (state IN ('pending', 'returned', 'approved', 'withdrawn')),
    author_id    INTEGER NOT NULL REFERENCES users (id),
    author_name  TEXT NOT NULL,
    comment      TEXT NOT NULL DEFAULT '' CHECK (length(comment) <= 4000),
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
) STRICT;

-- At most one open proposal per action.
CREATE UNIQUE INDEX proposals_open ON proposals (action_id) WHERE state IN ('pending', 'returned');
CREATE INDEX proposals_state ON proposals (state, updated_at);

-- Every step of every proposal: who, when, what (the patch of a proposal
-- or revision), and a return's comment. Append-only, like action_history.
CREATE TABLE review_steps (
    id          INTEGER PRIMARY KEY,
    proposal_id INTEGER NOT NULL REFERENCES proposals (id),
    step        TEXT NOT NULL CHECK (step IN ('proposed', 'returned', 'revised', 'approved', 'withdrawn')),
    actor_id    INTEGER NOT NULL REFERENCES users (id),
    actor_name  TEXT NOT NULL,
    at          TEXT NOT NULL,
    comment     TEXT NOT NULL DEFAULT '',
    patch       TEXT CHECK (patch IS NULL OR json_valid(patch))
) STRICT;

CREATE INDEX review_steps_proposal ON review_steps (proposal_id, id);

CREATE TRIGGER review_steps_no_update BEFORE UPDATE ON review_steps
BEGIN
    SELECT RAISE(ABORT, 'review_steps is append-only');
END;

CREATE TRIGGER review_steps_no_delete BEFORE DELETE ON review_steps
BEGIN
    SELECT RAISE(ABORT, 'review_steps is append-only');
END;
