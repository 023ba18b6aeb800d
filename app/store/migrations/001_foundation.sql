-- The project database of ecoreport: settings, the catalog in use, organisations,
-- assignments, values with full history, resolutions, targets, evidence, milestones.
-- History tables are insert-only: a change is a new row, never an update in place.

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL           -- JSON
);

CREATE TABLE catalogs (
    id         INTEGER PRIMARY KEY,
    catalog_id TEXT NOT NULL,      -- e.g. hailing-2018
    version    TEXT NOT NULL,
    yaml       BLOB NOT NULL,
    sha256     TEXT NOT NULL,
    added_at   TEXT NOT NULL,
    note       TEXT NOT NULL DEFAULT ''
);

CREATE TABLE organisations (
    id      TEXT PRIMARY KEY,
    name    TEXT NOT NULL UNIQUE,
    kind    TEXT NOT NULL CHECK (kind IN ('department', 'town', 'office', 'group')),
    aliases TEXT NOT NULL DEFAULT '[]',   -- JSON array
    sort    INTEGER NOT NULL DEFAULT 0,
    contact TEXT NOT NULL DEFAULT '',
    phone   TEXT NOT NULL DEFAULT '',
    active  INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE group_members (
    group_id TEXT NOT NULL REFERENCES organisations(id),
    org_id   TEXT NOT NULL REFERENCES organisations(id),
    PRIMARY KEY (group_id, org_id)
);

-- Who leads or supports an indicator (top-level code).
CREATE TABLE assignments (
    indicator TEXT NOT NULL,
    org_id    TEXT NOT NULL REFERENCES organisations(id),
    role      TEXT NOT NULL CHECK (role IN ('lead', 'support')),
    sort      INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (indicator, org_id, role)
);

CREATE TABLE imports (
    id        INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    actor     TEXT NOT NULL,
    summary   TEXT NOT NULL DEFAULT '{}',   -- JSON
    undone_at TEXT
);

-- Every value ever recorded. The current value of (indicator, year, field) is
-- the row with the highest id; a row with neither num nor state clears it.
CREATE TABLE value_events (
    id          INTEGER PRIMARY KEY,
    indicator   TEXT NOT NULL,
    year        INTEGER NOT NULL,
    field       TEXT NOT NULL DEFAULT 'value' CHECK (field IN ('value', 'condition')),
    raw         TEXT NOT NULL DEFAULT '',
    num         REAL,
    state       TEXT,
    org         TEXT NOT NULL DEFAULT '',
    source      TEXT NOT NULL DEFAULT '',
    actor       TEXT NOT NULL,
    origin      TEXT NOT NULL,
    import_id   INTEGER REFERENCES imports(id),
    file        TEXT NOT NULL DEFAULT '',
    file_sha256 TEXT NOT NULL DEFAULT '',
    sheet       TEXT NOT NULL DEFAULT '',
    cell        TEXT NOT NULL DEFAULT '',
    note        TEXT NOT NULL DEFAULT '',
    at          TEXT NOT NULL
);
CREATE INDEX value_events_key ON value_events (indicator, year, field, id);

CREATE VIEW current_values AS
SELECT e.* FROM value_events e
WHERE e.id = (SELECT max(id) FROM value_events m
              WHERE m.indicator = e.indicator AND m.year = e.year AND m.field = e.field)
  AND (e.num IS NOT NULL OR e.state IS NOT NULL);

-- Resolutions of the plan's disagreements; the latest row per disagreement wins,
-- an empty choice reopens it.
CREATE TABLE resolutions (
    id           INTEGER PRIMARY KEY,
    disagreement TEXT NOT NULL,
    choice       TEXT NOT NULL,
    actor        TEXT NOT NULL,
    reason       TEXT NOT NULL DEFAULT '',
    at           TEXT NOT NULL
);

-- Targets the office enters (those the province sets later); latest row wins,
-- an empty target reverts to the catalog's.
CREATE TABLE target_events (
    id        INTEGER PRIMARY KEY,
    indicator TEXT NOT NULL,
    target    TEXT NOT NULL,       -- JSON of catalog.Target, or '' to revert
    actor     TEXT NOT NULL,
    reason    TEXT NOT NULL DEFAULT '',
    at        TEXT NOT NULL
);

CREATE TABLE evidence_items (
    id          INTEGER PRIMARY KEY,
    indicator   TEXT NOT NULL,
    year        INTEGER NOT NULL DEFAULT 0,   -- 0: spans the assessed years
    title       TEXT NOT NULL,
    doc_number  TEXT NOT NULL DEFAULT '',
    issuer      TEXT NOT NULL DEFAULT '',
    issued_on   TEXT NOT NULL DEFAULT '',
    pages       INTEGER NOT NULL DEFAULT 0,
    class       TEXT NOT NULL DEFAULT 'B' CHECK (class IN ('A', 'B', 'C')),
    org         TEXT NOT NULL DEFAULT '',
    sort        INTEGER NOT NULL DEFAULT 0,
    file_sha256 TEXT NOT NULL DEFAULT '',
    file_name   TEXT NOT NULL DEFAULT '',
    origin      TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    deleted_at  TEXT
);
CREATE INDEX evidence_items_indicator ON evidence_items (indicator, year);

CREATE TABLE milestones (
    id       TEXT PRIMARY KEY,
    due      TEXT NOT NULL,
    due_text TEXT NOT NULL DEFAULT '',
    who      TEXT NOT NULL DEFAULT '[]',   -- JSON array of organisation IDs or "lead"
    what     TEXT NOT NULL,
    place    TEXT NOT NULL DEFAULT ''
);

CREATE TABLE milestone_events (
    id        INTEGER PRIMARY KEY,
    milestone TEXT NOT NULL REFERENCES milestones(id),
    org       TEXT NOT NULL REFERENCES organisations(id),
    state     TEXT NOT NULL CHECK (state IN ('not_started', 'submitted', 'returned', 'accepted')),
    actor     TEXT NOT NULL,
    note      TEXT NOT NULL DEFAULT '',
    at        TEXT NOT NULL
);
