-- The evidence ledger: attachment bytes stored by content, attachments of an
-- item, and the insert-only history of every item (created, edited, deleted,
-- files attached or removed, review decisions). The current review state of an
-- item is the state of its latest review event; an item without one is 待审.

-- The bytes of every attached file, once per content (SHA-256, lower-case hex).
CREATE TABLE evidence_blobs (
    sha256   TEXT PRIMARY KEY,
    size     INTEGER NOT NULL,
    mime     TEXT NOT NULL CHECK (mime IN ('application/pdf', 'image/jpeg', 'image/png')),
    data     BLOB NOT NULL,
    added_at TEXT NOT NULL
);

-- The files attached to an evidence item, in order, with the name the file had.
CREATE TABLE evidence_attachments (
    id         INTEGER PRIMARY KEY,
    item       INTEGER NOT NULL REFERENCES evidence_items(id),
    sha256     TEXT NOT NULL REFERENCES evidence_blobs(sha256),
    name       TEXT NOT NULL,           -- the original file name, without folders
    sort       INTEGER NOT NULL DEFAULT 0,
    added_at   TEXT NOT NULL,
    actor      TEXT NOT NULL,
    removed_at TEXT
);
CREATE INDEX evidence_attachments_item ON evidence_attachments (item);

-- Every change of an evidence item.
CREATE TABLE evidence_events (
    id       INTEGER PRIMARY KEY,
    item     INTEGER NOT NULL REFERENCES evidence_items(id),
    kind     TEXT NOT NULL CHECK (kind IN ('create', 'edit', 'delete', 'attach', 'detach', 'review')),
    state    TEXT CHECK (state IN ('pending', 'accepted', 'needs_more', 'revised')),  -- review events
    feedback TEXT NOT NULL DEFAULT '',  -- the reviewer's feedback, or a note
    changes  TEXT NOT NULL DEFAULT '',  -- JSON [{field, old, new}] of an edit
    actor    TEXT NOT NULL,
    at       TEXT NOT NULL
);
CREATE INDEX evidence_events_item ON evidence_events (item, id);
