-- Trade-press feeds: a final season as news, a show's last season, the other outlets that
-- reported one piece of news, and what each feed and item polled so far left behind.

-- SQLite can't alter a CHECK, so news_events is rebuilt to admit 'ending' the documented way
-- (https://sqlite.org/lang_altertable.html#otheralter): new table, copy with ids, drop, rename.
-- The migration runner turns foreign keys off around it, or dropping the old table would
-- delete every delivery through ON DELETE CASCADE; it checks them all before committing.
CREATE TABLE news_events_rebuilt (
    id           INTEGER PRIMARY KEY,
    show_id      INTEGER NOT NULL REFERENCES shows (id) ON DELETE CASCADE,
    reported_on  TEXT NOT NULL,
    kind         TEXT NOT NULL CHECK (kind IN (
                     'renewed', 'cancelled', 'ended', 'ending', 'status', 'season_announced',
                     'release_date', 'season_out', 'note')),
    text         TEXT NOT NULL,
    confidence   TEXT NOT NULL CHECK (confidence IN ('confirmed', 'reported', 'speculation')),
    source       TEXT,
    source_url   TEXT,
    detected_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    -- 'catalogue' for imported history, 'editor:<user id>' for editors, 'source:<name>' for polls.
    author       TEXT NOT NULL DEFAULT 'catalogue',
    -- What changed, as JSON: {"field": ..., "from": ..., "to": ..., "season": n}.
    details      TEXT NOT NULL DEFAULT '{}'
);

INSERT INTO news_events_rebuilt (id, show_id, reported_on, kind, text, confidence, source,
                                 source_url, detected_at, author, details)
SELECT id, show_id, reported_on, kind, text, confidence, source, source_url, detected_at,
       author, details
FROM news_events;

DROP TABLE news_events;

ALTER TABLE news_events_rebuilt RENAME TO news_events;

CREATE INDEX news_events_by_show ON news_events (show_id, id);

-- The season announced as the show's last, whatever its status says yet.
ALTER TABLE shows ADD COLUMN final_season INTEGER CHECK (final_season >= 1);

-- Other outlets that reported a news event already stored: one event, several sources.
CREATE TABLE news_sources (
    id           INTEGER PRIMARY KEY,
    event_id     INTEGER NOT NULL REFERENCES news_events (id) ON DELETE CASCADE,
    outlet       TEXT NOT NULL CHECK (outlet <> ''),
    url          TEXT,
    reported_on  TEXT NOT NULL,
    added_at     TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    UNIQUE (event_id, url)
);

-- UNIQUE treats NULLs as distinct: an outlet without a URL is listed once per event this way.
CREATE UNIQUE INDEX news_sources_one_outlet_without_url
    ON news_sources (event_id, outlet) WHERE url IS NULL;

-- Each feed's HTTP validators (for conditional GETs) and when it was first and last polled:
-- a first poll reads a backlog, which is history rather than news.
CREATE TABLE feeds (
    url              TEXT PRIMARY KEY,
    etag             TEXT,
    last_modified    TEXT,
    first_polled_at  TEXT,
    last_polled_at   TEXT,
    last_error       TEXT
);

-- Every feed item read, so it is judged once, and the ones no show could be found for are
-- left for an editor to resolve. Pruned by age: a feed only repeats its latest items.
CREATE TABLE feed_items (
    id            INTEGER PRIMARY KEY,
    feed          TEXT NOT NULL,
    guid          TEXT NOT NULL UNIQUE,
    link          TEXT,
    title         TEXT NOT NULL,
    outlet        TEXT,
    published_at  TEXT,
    seen_at       TEXT NOT NULL,
    -- news: became news; history: became news recorded without alerts; known: the catalogue
    -- already knew it; also: another outlet's report of stored news; ignored: not about a
    -- show's future; unmatched, ambiguous: no show, or several, to an editor; attached: an
    -- editor resolved it.
    outcome       TEXT NOT NULL CHECK (outcome IN (
                      'news', 'history', 'known', 'also', 'ignored', 'unmatched', 'ambiguous',
                      'attached')),
    show_id       INTEGER REFERENCES shows (id) ON DELETE SET NULL,
    detail        TEXT
);

-- Feeds syndicate one article under several guids; its link finds it again.
CREATE UNIQUE INDEX feed_items_one_per_link ON feed_items (link) WHERE link IS NOT NULL;
CREATE INDEX feed_items_unresolved ON feed_items (seen_at, id)
    WHERE outcome IN ('unmatched', 'ambiguous');
CREATE INDEX feed_items_by_seen_at ON feed_items (seen_at);
-- Deleting a show sets its items' show_id to NULL: without an index, a scan of every item.
CREATE INDEX feed_items_by_show ON feed_items (show_id);
