-- Reference data: regions, briefings, countries, milestones. Seeded once from
-- shared/seed/FACTS.md (see server/src/storage/seed.rs); editable afterwards.
-- The PostgreSQL twin of migrations/sqlite: same tables, columns and rules.
-- Instants are RFC 3339 UTC text, as in SQLite, so both share every query.

CREATE TABLE regions (
    slug     TEXT PRIMARY KEY,
    position BIGINT NOT NULL UNIQUE
);

CREATE TABLE briefings (
    region       TEXT PRIMARY KEY REFERENCES regions (slug),
    date         TEXT NOT NULL CHECK (date ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
    -- 'not-reported', 'exactly:N' or 'more-than:N' (summit::Participants)
    participants TEXT NOT NULL DEFAULT 'not-reported',
    source       TEXT NOT NULL
);

-- Attendance the source reports for the series as a whole, not per session.
CREATE TABLE attendance_facts (
    position     BIGINT PRIMARY KEY,
    fact         TEXT NOT NULL CHECK (fact IN ('average-per-session', 'largest-session')),
    participants TEXT NOT NULL,
    source       TEXT NOT NULL
);

CREATE TABLE countries (
    iso3   TEXT PRIMARY KEY CHECK (length(iso3) = 3 AND iso3 = upper(iso3)),
    m49    TEXT NOT NULL UNIQUE CHECK (length(m49) = 3),
    -- NULL: no UN Country Team serves it.
    region TEXT REFERENCES regions (slug)
);

CREATE TABLE country_names (
    iso3 TEXT NOT NULL REFERENCES countries (iso3),
    lang TEXT NOT NULL CHECK (lang IN ('ar', 'zh', 'en', 'fr', 'ru', 'es')),
    name TEXT NOT NULL CHECK (length(name) > 0),
    PRIMARY KEY (iso3, lang)
);

CREATE TABLE milestones (
    slug      TEXT PRIMARY KEY,
    kind      TEXT NOT NULL,
    -- summit::Schedule as JSON: the local date(s) or time(s) and the IANA zone.
    schedule  TEXT NOT NULL CHECK (schedule::jsonb IS NOT NULL),
    -- The resolved window in UTC (RFC 3339), kept for sorting and the API.
    starts_at TEXT NOT NULL,
    ends_at   TEXT NOT NULL,
    region    TEXT REFERENCES regions (slug),
    country   TEXT REFERENCES countries (iso3),
    source    TEXT NOT NULL
);

CREATE TABLE milestone_texts (
    slug        TEXT NOT NULL REFERENCES milestones (slug),
    lang        TEXT NOT NULL CHECK (lang IN ('ar', 'zh', 'en', 'fr', 'ru', 'es')),
    title       TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (slug, lang)
);

-- Which seed sets were loaded, so a restart never loads one twice.
CREATE TABLE seed_runs (
    name       TEXT PRIMARY KEY,
    applied_at TEXT NOT NULL
);
