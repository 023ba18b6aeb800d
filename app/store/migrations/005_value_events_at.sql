-- 005: the time of the latest change is asked for by every report build and
-- the window (Store.LatestValueChange); an index answers it without a scan.
-- Opening a project migrated to this version also stores the default
-- chapters it did not have yet (Store.migrate), so that reading never writes.
CREATE INDEX value_events_at ON value_events (at);
