-- The spreadsheet round-trip (issue 31; the rules in summit::sheet, the
-- files in server::sheets, the steps in app::services::sheets).

-- The file a change came from: noted on the history row, and on a proposal
-- so that its approval notes it too. NULL for a form, the API or a review.
ALTER TABLE action_history ADD COLUMN source TEXT;
ALTER TABLE proposals ADD COLUMN source TEXT;

-- An uploaded file between its dry run and its application: the rows as
-- read (summit::sheet::ReadRow as JSON), what the dry run showed (so that
-- applying can tell whether anything moved meanwhile), and once applied,
-- what happened to each row. Only its uploader sees it; kept a day.
CREATE TABLE sheet_uploads (
    id         TEXT PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id),
    file_name  TEXT NOT NULL CHECK (length(file_name) BETWEEN 1 AND 480),
    rows       TEXT NOT NULL,
    shown      TEXT NOT NULL,
    created_at TEXT NOT NULL,
    applied_at TEXT,
    result     TEXT
) STRICT;

CREATE INDEX sheet_uploads_created ON sheet_uploads (created_at);
