-- Deadlines (issue 29): a day in an IANA zone by the end of which an action
-- is due (summit::action::deadline). One per action kind (`country` NULL:
-- every action of the kind), and one per country and kind where a country
-- has its own, which wins. `milestone`: the meeting the report serves; the
-- deadline is then the day before it opens and follows it when it moves.
CREATE TABLE deadlines (
    id        INTEGER PRIMARY KEY,
    kind      TEXT NOT NULL,
    country   TEXT REFERENCES countries (iso3),
    due_date  TEXT NOT NULL CHECK (due_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    zone      TEXT NOT NULL CHECK (length(zone) > 0),
    milestone TEXT REFERENCES milestones (slug),
    set_by    TEXT NOT NULL,
    set_at    TEXT NOT NULL
) STRICT;

CREATE UNIQUE INDEX deadlines_kind ON deadlines (kind) WHERE country IS NULL;
CREATE UNIQUE INDEX deadlines_country_kind ON deadlines (country, kind) WHERE country IS NOT NULL;
