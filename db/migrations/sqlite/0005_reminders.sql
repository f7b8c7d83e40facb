-- Personal reminders: a user follows shows for DMs, delivered through the same outbox as
-- channel alerts. Nothing is kept about a user but their id and their list of shows.

CREATE TABLE reminders (
    user_id     INTEGER NOT NULL,
    show_id     INTEGER NOT NULL REFERENCES shows (id) ON DELETE CASCADE,
    -- Set when a DM to the user was refused (DMs closed): no DM is queued for them until
    -- they next use a command, when they are told and it is cleared.
    paused_at   TEXT,
    PRIMARY KEY (user_id, show_id)
);

CREATE INDEX reminders_by_show ON reminders (show_id);

-- The outbox gains DMs: a delivery with no subscription is a DM, and its channel_id holds
-- the user's id (Discord opens the DM channel at sending time; snowflakes never collide, so
-- UNIQUE (event_id, channel_id) still means one DM per person and event). The columns stay
-- as they were; SQLite drops a NOT NULL only by rebuilding the table.
CREATE TABLE deliveries_new (
    id               INTEGER PRIMARY KEY,
    event_id         INTEGER NOT NULL REFERENCES news_events (id) ON DELETE CASCADE,
    -- NULL: a reminder DM.
    subscription_id  INTEGER REFERENCES subscriptions (id) ON DELETE CASCADE,
    -- The subscription's channel, or the user a DM goes to.
    channel_id       INTEGER NOT NULL,
    state            TEXT NOT NULL DEFAULT 'pending'
                         CHECK (state IN ('pending', 'sending', 'delivered', 'failed', 'paused')),
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    last_error       TEXT,
    message_id       INTEGER,
    delivered_at     TEXT,
    -- A channel hears about an event once, whichever of its subscriptions matched; so does
    -- a person.
    UNIQUE (event_id, channel_id)
);

INSERT INTO deliveries_new SELECT * FROM deliveries;

DROP TABLE deliveries;
ALTER TABLE deliveries_new RENAME TO deliveries;

CREATE INDEX deliveries_due ON deliveries (state, next_attempt_at);
