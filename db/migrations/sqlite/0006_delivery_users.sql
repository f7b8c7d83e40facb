-- A DM delivery names its person in a column of its own: 0005 kept the user's id in
-- channel_id, so every reader had to know that "no subscription" meant "channel_id is a user".
-- Exactly one of channel_id and user_id is set, and only a channel delivery has a
-- subscription. SQLite adds a CHECK only by rebuilding the table, as 0003 and 0005 did (the
-- runner turns foreign keys off around it and checks them before committing).
CREATE TABLE deliveries_new (
    id               INTEGER PRIMARY KEY,
    event_id         INTEGER NOT NULL REFERENCES news_events (id) ON DELETE CASCADE,
    -- NULL: a reminder DM.
    subscription_id  INTEGER REFERENCES subscriptions (id) ON DELETE CASCADE,
    -- The subscription's channel; NULL for a DM.
    channel_id       INTEGER,
    -- The person a reminder DM goes to (Discord opens the DM channel at sending time).
    user_id          INTEGER,
    state            TEXT NOT NULL DEFAULT 'pending'
                         CHECK (state IN ('pending', 'sending', 'delivered', 'failed', 'paused')),
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    last_error       TEXT,
    message_id       INTEGER,
    delivered_at     TEXT,
    CHECK ((channel_id IS NULL) <> (user_id IS NULL)),
    CHECK (user_id IS NULL OR subscription_id IS NULL),
    -- A channel hears about an event once, whichever of its subscriptions matched; so does
    -- a person (UNIQUE lets the NULLs of the other kind through).
    UNIQUE (event_id, channel_id),
    UNIQUE (event_id, user_id)
);

INSERT INTO deliveries_new (id, event_id, subscription_id, channel_id, user_id, state, attempts,
                            next_attempt_at, last_error, message_id, delivered_at)
SELECT id, event_id, subscription_id,
       CASE WHEN subscription_id IS NULL THEN NULL ELSE channel_id END,
       CASE WHEN subscription_id IS NULL THEN channel_id END,
       state, attempts, next_attempt_at, last_error, message_id, delivered_at
FROM deliveries;

DROP TABLE deliveries;
ALTER TABLE deliveries_new RENAME TO deliveries;

CREATE INDEX deliveries_due ON deliveries (state, next_attempt_at);
CREATE INDEX deliveries_by_user ON deliveries (user_id) WHERE user_id IS NOT NULL;
