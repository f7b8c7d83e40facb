-- Episodes: what tells a show airing now from one between seasons, and when the next
-- episode airs. Before this, TVmaze's next episode was kept in a show's `extra` JSON.

-- The day a season's last episode airs (or aired).
ALTER TABLE seasons ADD COLUMN finale TEXT;

-- The next scheduled episode; `next_airs_at` is a UTC moment, NULL for a streamer's drop
-- (a day without a time).
ALTER TABLE shows ADD COLUMN next_season INTEGER CHECK (next_season >= 1);
ALTER TABLE shows ADD COLUMN next_number INTEGER CHECK (next_number >= 1);
ALTER TABLE shows ADD COLUMN next_name TEXT;
ALTER TABLE shows ADD COLUMN next_date TEXT;
ALTER TABLE shows ADD COLUMN next_airs_at TEXT;

-- Move the next episodes already stored in `extra` (only complete ones: season and date).
UPDATE shows SET
    next_season = json_extract(extra, '$.next_episode.season'),
    next_number = json_extract(extra, '$.next_episode.number'),
    next_name = json_extract(extra, '$.next_episode.name'),
    next_date = json_extract(extra, '$.next_episode.date'),
    next_airs_at = json_extract(extra, '$.next_episode.airs_at')
WHERE json_type(extra, '$.next_episode.season') = 'integer'
  AND json_extract(extra, '$.next_episode.season') >= 1
  AND json_type(extra, '$.next_episode.date') = 'text';

UPDATE shows SET extra = json_remove(extra, '$.next_episode')
WHERE json_type(extra, '$.next_episode') IS NOT NULL;
