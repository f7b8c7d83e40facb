-- Boards: one message per channel listing what comes out in the next 30 days, edited in place
-- as news changes it. Its message id is kept so the same message is edited, never a second one.
CREATE TABLE boards (
    channel_id     INTEGER PRIMARY KEY,
    guild_id       INTEGER NOT NULL,
    -- 1: every show in the catalogue; 0: the shows the channel is subscribed to.
    everything     INTEGER NOT NULL DEFAULT 0 CHECK (everything IN (0, 1)),
    created_by     INTEGER NOT NULL,
    -- NULL until posted, and again when the message was found deleted.
    message_id     INTEGER,
    -- A digest of what the message shows: a refresh that would show the same edits nothing.
    shown          TEXT,
    -- Set when Discord refused the channel (deleted, or the bot not allowed): not edited
    -- until someone runs `board` there again.
    paused_reason  TEXT,
    paused_at      TEXT
);

CREATE INDEX boards_by_guild ON boards (guild_id);
