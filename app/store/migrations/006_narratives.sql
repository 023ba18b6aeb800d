-- Per-indicator narrative texts (主要措施, 主要成效, 存在问题), collected from the
-- lead organisations by spreadsheet or written by the office, and their review.
-- Both tables are insert-only: the current text of (indicator, field) is its
-- row with the highest id; an empty text clears it. The current review state
-- is the latest review row; a text written after it is 待审 again (已整改 when
-- the last review asked for more).
CREATE TABLE narrative_events (
    id          INTEGER PRIMARY KEY,
    indicator   TEXT NOT NULL,
    field       TEXT NOT NULL CHECK (field IN ('measures', 'results', 'problems')),
    text        TEXT NOT NULL,
    org         TEXT NOT NULL DEFAULT '',
    actor       TEXT NOT NULL,
    origin      TEXT NOT NULL,              -- cli | gui | import | demo | undo
    import_id   INTEGER REFERENCES imports(id),
    file        TEXT NOT NULL DEFAULT '',
    file_sha256 TEXT NOT NULL DEFAULT '',
    sheet       TEXT NOT NULL DEFAULT '',
    cell        TEXT NOT NULL DEFAULT '',
    note        TEXT NOT NULL DEFAULT '',
    at          TEXT NOT NULL
);
CREATE INDEX narrative_events_key ON narrative_events (indicator, field, id);
CREATE INDEX narrative_events_import ON narrative_events (import_id);

CREATE TABLE narrative_reviews (
    id        INTEGER PRIMARY KEY,
    indicator TEXT NOT NULL,
    field     TEXT NOT NULL,
    event_id  INTEGER NOT NULL REFERENCES narrative_events(id),
    state     TEXT NOT NULL CHECK (state IN ('accepted', 'needs_more')),
    feedback  TEXT NOT NULL DEFAULT '',
    actor     TEXT NOT NULL,
    at        TEXT NOT NULL
);
CREATE INDEX narrative_reviews_key ON narrative_reviews (indicator, field, id);

-- Evidence pictures the office marks "用于报告": placed with a caption in their
-- indicator's section of the 技术报告. Insert-only: the latest row of an
-- attachment says whether it is used and with which caption.
CREATE TABLE report_figures (
    id         INTEGER PRIMARY KEY,
    attachment INTEGER NOT NULL REFERENCES evidence_attachments(id),
    used       INTEGER NOT NULL CHECK (used IN (0, 1)),
    caption    TEXT NOT NULL DEFAULT '',
    actor      TEXT NOT NULL,
    at         TEXT NOT NULL
);
CREATE INDEX report_figures_attachment ON report_figures (attachment, id);
