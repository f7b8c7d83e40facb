-- Alerts: who made each news event, what it changed, the channels that follow shows, and
-- the outbox of (event, channel) deliveries that makes every alert arrive exactly once.

-- 'catalogue' for imported history, 'editor:<user id>' for editors, 'source:<name>' for polls.
ALTER TABLE news_events ADD COLUMN author TEXT NOT NULL DEFAULT 'catalogue';
-- What changed, as JSON: {"from": ..., "to": ..., "season": n}. Empty for imported history.
ALTER TABLE news_events ADD COLUMN details TEXT NOT NULL DEFAULT '{}';

CREATE TABLE subscriptions (
    id             INTEGER PRIMARY KEY,
    guild_id       INTEGER NOT NULL,
    channel_id     INTEGER NOT NULL,
    -- NULL: every show in the catalogue.
    show_id        INTEGER REFERENCES shows (id) ON DELETE CASCADE,
    -- JSON list of alert kinds; empty: all of them.
    kinds          TEXT NOT NULL DEFAULT '[]',
    role_id        INTEGER,
    created_by     INTEGER NOT NULL,
    created_at     TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    paused_reason  TEXT,
    paused_at      TEXT
);

-- One subscription per channel and show; coalesce makes "all shows" (NULL) unique too.
CREATE UNIQUE INDEX subscriptions_one_per_channel_and_show
    ON subscriptions (channel_id, coalesce(show_id, 0));
CREATE INDEX subscriptions_by_guild ON subscriptions (guild_id);
CREATE INDEX subscriptions_by_show ON subscriptions (show_id);

CREATE TABLE deliveries (
    id               INTEGER PRIMARY KEY,
    event_id         INTEGER NOT NULL REFERENCES news_events (id) ON DELETE CASCADE,
    subscription_id  INTEGER NOT NULL REFERENCES subscriptions (id) ON DELETE CASCADE,
    channel_id       INTEGER NOT NULL,
    -- pending: to send; sending: a send was started and may or may not have reached Discord;
    -- delivered; failed: gave up after repeated errors; paused: the channel is gone or forbidden.
    state            TEXT NOT NULL DEFAULT 'pending'
                         CHECK (state IN ('pending', 'sending', 'delivered', 'failed', 'paused')),
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    last_error       TEXT,
    message_id       INTEGER,
    delivered_at     TEXT,
    -- A channel hears about an event once, whichever of its subscriptions matched.
    UNIQUE (event_id, channel_id)
);

CREATE INDEX deliveries_due ON deliveries (state, next_attempt_at);
