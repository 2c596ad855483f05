-- Follow-up actions: one per country and kind (and per region and kind), with
-- themes, evidence links and an append-only history of every change.

CREATE TABLE themes (
    slug     TEXT PRIMARY KEY NOT NULL,
    position INTEGER NOT NULL,
    builtin  INTEGER NOT NULL DEFAULT 0 CHECK (builtin IN (0, 1))
) STRICT;

CREATE TABLE theme_names (
    slug TEXT NOT NULL REFERENCES themes (slug),
    lang TEXT NOT NULL CHECK (lang IN ('ar', 'zh', 'en', 'fr', 'ru', 'es')),
    name TEXT NOT NULL CHECK (length(name) > 0),
    PRIMARY KEY (slug, lang)
) STRICT;

CREATE TABLE actions (
    id         INTEGER PRIMARY KEY,
    country    TEXT REFERENCES countries (iso3),
    region     TEXT REFERENCES regions (slug),
    kind       TEXT NOT NULL,
    status     TEXT NOT NULL DEFAULT 'not-reported'
               CHECK (status IN ('not-reported', 'not-started', 'in-progress', 'completed', 'at-risk')),
    note       TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 2000),
    updated_by TEXT,
    updated_at TEXT,
    version    INTEGER NOT NULL DEFAULT 0 CHECK (version >= 0),
    -- An action belongs to a country or to a region, never both.
    CHECK ((country IS NULL) <> (region IS NULL))
) STRICT;

CREATE UNIQUE INDEX actions_country_kind ON actions (country, kind) WHERE country IS NOT NULL;
CREATE UNIQUE INDEX actions_region_kind ON actions (region, kind) WHERE region IS NOT NULL;

CREATE TABLE action_themes (
    action_id INTEGER NOT NULL REFERENCES actions (id),
    theme     TEXT NOT NULL REFERENCES themes (slug),
    PRIMARY KEY (action_id, theme)
) STRICT;

CREATE TABLE action_evidence (
    action_id INTEGER NOT NULL REFERENCES actions (id),
    position  INTEGER NOT NULL,
    url       TEXT NOT NULL CHECK (url LIKE 'http://%' OR url LIKE 'https://%'),
    PRIMARY KEY (action_id, position)
) STRICT;

-- Every change: who, when, what changed from what to what (JSON), and the note.
CREATE TABLE action_history (
    id         INTEGER PRIMARY KEY,
    action_id  INTEGER NOT NULL REFERENCES actions (id),
    version    INTEGER NOT NULL,
    changed_by TEXT NOT NULL,
    changed_at TEXT NOT NULL,
    changes    TEXT NOT NULL CHECK (json_valid(changes)),
    note       TEXT NOT NULL DEFAULT '',
    UNIQUE (action_id, version)
) STRICT;

-- Nothing is ever deleted from, or rewritten in, the history.
CREATE TRIGGER action_history_no_update BEFORE UPDATE ON action_history
BEGIN
    SELECT RAISE(ABORT, 'action_history is append-only');
END;

CREATE TRIGGER action_history_no_delete BEFORE DELETE ON action_history
BEGIN
    SELECT RAISE(ABORT, 'action_history is append-only');
END;
