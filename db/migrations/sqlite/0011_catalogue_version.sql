-- The catalogue's version: a counter in `meta`, moved on by triggers in the very transaction
-- that changes what a title index is built from (a show added or removed; its title, year or
-- platform changed; its aliases). Every process reads it every few seconds and rebuilds its
-- index when it moved, so an import or an editor's change through one process is found by
-- title through all of them. Triggers, so that no write path can forget it.
-- No row until the first change (read as version 0): a new database stays empty, as
-- copy-database wants its target.

CREATE TRIGGER catalogue_version_on_show_insert AFTER INSERT ON shows
BEGIN
    INSERT INTO meta (key, value) VALUES ('catalogue_version', '1')
        ON CONFLICT (key) DO UPDATE SET value = CAST(meta.value AS INTEGER) + 1;
END;

CREATE TRIGGER catalogue_version_on_show_delete AFTER DELETE ON shows
BEGIN
    INSERT INTO meta (key, value) VALUES ('catalogue_version', '1')
        ON CONFLICT (key) DO UPDATE SET value = CAST(meta.value AS INTEGER) + 1;
END;

CREATE TRIGGER catalogue_version_on_show_update AFTER UPDATE OF title, premiered, platform ON shows
    WHEN old.title IS NOT new.title OR old.premiered IS NOT new.premiered
        OR old.platform IS NOT new.platform
BEGIN
    INSERT INTO meta (key, value) VALUES ('catalogue_version', '1')
        ON CONFLICT (key) DO UPDATE SET value = CAST(meta.value AS INTEGER) + 1;
END;

CREATE TRIGGER catalogue_version_on_alias_insert AFTER INSERT ON show_aliases
BEGIN
    INSERT INTO meta (key, value) VALUES ('catalogue_version', '1')
        ON CONFLICT (key) DO UPDATE SET value = CAST(meta.value AS INTEGER) + 1;
END;

CREATE TRIGGER catalogue_version_on_alias_delete AFTER DELETE ON show_aliases
BEGIN
    INSERT INTO meta (key, value) VALUES ('catalogue_version', '1')
        ON CONFLICT (key) DO UPDATE SET value = CAST(meta.value AS INTEGER) + 1;
END;

CREATE TRIGGER catalogue_version_on_alias_update AFTER UPDATE ON show_aliases
BEGIN
    INSERT INTO meta (key, value) VALUES ('catalogue_version', '1')
        ON CONFLICT (key) DO UPDATE SET value = CAST(meta.value AS INTEGER) + 1;
END;
