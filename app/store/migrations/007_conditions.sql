-- The prerequisites of the application (基本条件) as the office judges them:
-- the list itself comes from seeds/conditions.yaml (keys 1, 2, …) and may be
-- extended or reworded by the office. Insert-only: the current judgement of a
-- condition is its row with the highest id; earlier rows are its history.
CREATE TABLE condition_events (
    id        INTEGER PRIMARY KEY,
    key       TEXT NOT NULL,
    title     TEXT NOT NULL,
    state     TEXT NOT NULL CHECK (state IN ('met', 'not_met', 'unconfirmed')),
    note      TEXT NOT NULL DEFAULT '',
    evidence  TEXT NOT NULL DEFAULT '',   -- evidence item IDs, comma separated
    actor     TEXT NOT NULL,
    origin    TEXT NOT NULL,              -- cli | gui | demo
    at        TEXT NOT NULL
);
CREATE INDEX condition_events_key ON condition_events (key, id);
