-- `upcoming` and boards read what is dated in a window: index the dates, so a window costs
-- the rows in it rather than a scan of every season and every show. `confirmed` and
-- `platform` ride along: telling announced days from unconfirmed ones, and a platform's
-- episodes from the others, needs no row reads.
CREATE INDEX seasons_by_release_date ON seasons (release_date, confirmed);
CREATE INDEX shows_by_next_date ON shows (next_date, platform) WHERE next_season IS NOT NULL;

-- Every platform name the catalogue has used: `upcoming netflix` matches the typed name
-- against these few, then reads the window for the names that match. Kept by triggers, so
-- no write path can forget it; a name no show uses any more only costs a look.
CREATE TABLE platforms (name TEXT PRIMARY KEY) WITHOUT ROWID;
INSERT OR IGNORE INTO platforms (name) SELECT platform FROM shows WHERE platform IS NOT NULL;

CREATE TRIGGER platforms_on_insert AFTER INSERT ON shows WHEN new.platform IS NOT NULL
BEGIN
    INSERT OR IGNORE INTO platforms (name) VALUES (new.platform);
END;

CREATE TRIGGER platforms_on_update AFTER UPDATE OF platform ON shows
WHEN new.platform IS NOT NULL
BEGIN
    INSERT OR IGNORE INTO platforms (name) VALUES (new.platform);
END;
