-- The shared catalogue: shows, their seasons, cast, recap points and news history.
-- Lists that are only ever read whole (genres, creators) are JSON text; everything that is
-- looked up, ordered or changed on its own has a table.

CREATE TABLE shows (
    id              INTEGER PRIMARY KEY,
    title           TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    platform        TEXT,
    status          TEXT NOT NULL DEFAULT 'unknown' CHECK (status IN (
                        'in_development', 'airing', 'renewed', 'awaiting',
                        'cancelled', 'ended', 'unknown')),
    premiered       TEXT,
    genres          TEXT NOT NULL DEFAULT '[]',
    created_by      TEXT NOT NULL DEFAULT '[]',
    based_on        TEXT,
    sequel          TEXT,
    summary         TEXT,
    show_type       TEXT,
    content_rating  TEXT,
    setting         TEXT,
    ordered         TEXT,
    tvmaze_id       INTEGER UNIQUE,
    imdb_id         TEXT UNIQUE,
    links           TEXT NOT NULL DEFAULT '[]',
    extra           TEXT NOT NULL DEFAULT '{}',
    created_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    updated_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

CREATE INDEX shows_title_nocase ON shows (title COLLATE NOCASE);

CREATE TABLE show_aliases (
    show_id   INTEGER NOT NULL REFERENCES shows (id) ON DELETE CASCADE,
    position  INTEGER NOT NULL,
    alias     TEXT NOT NULL CHECK (length(alias) BETWEEN 1 AND 200),
    PRIMARY KEY (show_id, position)
);

CREATE TABLE seasons (
    show_id            INTEGER NOT NULL REFERENCES shows (id) ON DELETE CASCADE,
    number             INTEGER NOT NULL CHECK (number >= 1),
    release_date       TEXT,
    release_precision  TEXT CHECK (release_precision IN ('day', 'month', 'year', 'early', 'mid', 'late')),
    episodes           INTEGER CHECK (episodes >= 0),
    runtime_min        INTEGER,
    runtime_max        INTEGER,
    confirmed          INTEGER NOT NULL DEFAULT 1 CHECK (confirmed IN (0, 1)),
    PRIMARY KEY (show_id, number)
);

CREATE TABLE recap_points (
    id             INTEGER PRIMARY KEY,
    show_id        INTEGER NOT NULL,
    season_number  INTEGER NOT NULL,
    position       INTEGER NOT NULL,
    text           TEXT NOT NULL,
    FOREIGN KEY (show_id, season_number) REFERENCES seasons (show_id, number) ON DELETE CASCADE,
    UNIQUE (show_id, season_number, position)
);

CREATE TABLE cast_members (
    show_id    INTEGER NOT NULL REFERENCES shows (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    actor      TEXT NOT NULL,
    character  TEXT,
    note       TEXT,
    expected_back  INTEGER CHECK (expected_back IN (0, 1)),
    spoiler    TEXT,
    PRIMARY KEY (show_id, position)
);

CREATE TABLE news_events (
    id           INTEGER PRIMARY KEY,
    show_id      INTEGER NOT NULL REFERENCES shows (id) ON DELETE CASCADE,
    reported_on  TEXT NOT NULL,
    kind         TEXT NOT NULL CHECK (kind IN (
                     'renewed', 'cancelled', 'ended', 'status', 'season_announced',
                     'release_date', 'season_out', 'note')),
    text         TEXT NOT NULL,
    confidence   TEXT NOT NULL CHECK (confidence IN ('confirmed', 'reported', 'speculation')),
    source       TEXT,
    source_url   TEXT,
    detected_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

CREATE INDEX news_events_by_show ON news_events (show_id, id);

-- Facts about this database file itself, such as when the shipped catalogue was seeded.
CREATE TABLE meta (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
);
