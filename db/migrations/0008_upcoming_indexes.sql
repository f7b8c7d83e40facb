-- `upcoming` and boards read what is dated in a window: index the dates, so a window costs
-- the rows in it rather than a scan of every season and every show.
-- `confirmed` rides along: telling announced days from unconfirmed ones needs no row reads.
CREATE INDEX seasons_by_release_date ON seasons (release_date, confirmed);
CREATE INDEX shows_by_next_date ON shows (next_date) WHERE next_season IS NOT NULL;
