-- The narrative chapters of the reports (区域概况, 主要做法, …), written by the
-- office in a Markdown-like text with placeholders bound to the data. Every
-- save is a new row; the current text of a chapter is its row with the
-- highest id. Keys are the chapter names; per-indicator measures use
-- "主要措施/<code>".
CREATE TABLE chapters (
    id    INTEGER PRIMARY KEY,
    key   TEXT NOT NULL,
    text  TEXT NOT NULL,
    actor TEXT NOT NULL,
    note  TEXT NOT NULL DEFAULT '',
    at    TEXT NOT NULL
);
CREATE INDEX chapters_key ON chapters (key, id);
