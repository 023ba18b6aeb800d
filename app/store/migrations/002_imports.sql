-- Spreadsheet imports (filled in by the spreadsheet round trip, package sheets).
-- The imports table of 001 holds one row per committed import; here: the files
-- of an import with their identity and outcome, and the link from evidence
-- items to the import that created them, so that a whole import can be undone.

CREATE TABLE import_files (
    id               INTEGER PRIMARY KEY,
    import_id        INTEGER NOT NULL REFERENCES imports(id),
    file             TEXT NOT NULL,            -- the file name, without folders
    file_sha256      TEXT NOT NULL,
    size             INTEGER NOT NULL DEFAULT 0,
    org              TEXT NOT NULL DEFAULT '', -- organisation ID
    template_version INTEGER NOT NULL DEFAULT 0,
    exported_at      TEXT NOT NULL DEFAULT '', -- when the workbook was exported
    counts           TEXT NOT NULL DEFAULT '{}', -- JSON: new, changed, unchanged, …
    problems         TEXT NOT NULL DEFAULT '[]'  -- JSON: the errors and warnings found
);
CREATE INDEX import_files_import ON import_files (import_id);
CREATE INDEX import_files_sha ON import_files (file_sha256);

CREATE INDEX value_events_import ON value_events (import_id);

ALTER TABLE evidence_items ADD COLUMN import_id INTEGER REFERENCES imports(id);
