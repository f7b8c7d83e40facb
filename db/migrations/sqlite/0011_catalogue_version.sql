-- The catalogue's version: a counter in `meta`, moved on by triggers in the very transaction
-- that changes what a title index is built from (a show added or removed; its title, year or
-- platform changed; its aliases), and beside it the version at which each show last changed.
-- Every process reads the counter every few seconds and, when it moved, refreshes the shows
-- changed since, so an import or an editor's change through one process is found by title
-- through all of them. Triggers, so that no write path can forget it.
-- No counter row until the first change (read as version 0): a new database stays empty, as
-- copy-database wants its target.

-- One row per show ever changed (none for shows older than this migration, which every
-- index already holds); no foreign key, as a removed show's row is what says it was removed.
-- Not copied by copy-database: the copy's own inserts write it.
CREATE TABLE title_changes (
    show_id  INTEGER PRIMARY KEY,
    version  INTEGER NOT NULL
);
CREATE INDEX title_changes_by_version ON title_changes (version);

CREATE TRIGGER catalogue_version_on_show_insert AFTER INSERT ON shows
BEGIN
    INSERT INTO meta (key, value) VALUES ('catalogue_version', '1')
        ON CONFLICT (key) DO UPDATE SET value = CAST(meta.value AS INTEGER) + 1;
    INSERT INTO title_changes (show_id, version)
        VALUES (new.id, (SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'catalogue_version'))
        ON CONFLICT (show_id) DO UPDATE SET version = excluded.version;
END;

CREATE TRIGGER catalogue_version_on_show_delete AFTER DELETE ON shows
BEGIN
    INSERT INTO meta (key, value) VALUES ('catalogue_version', '1')
        ON CONFLICT (key) DO UPDATE SET value = CAST(meta.value AS INTEGER) + 1;
    INSERT INTO title_changes (show_id, version)
        VALUES (old.id, (SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'catalogue_version'))
        ON CONFLICT (show_id) DO UPDATE SET version = excluded.version;
END;

CREATE TRIGGER catalogue_version_on_show_update AFTER UPDATE OF title, premiered, platform ON shows
    WHEN old.title IS NOT new.title OR old.premiered IS NOT new.premiered
        OR old.platform IS NOT new.platform
BEGIN
    INSERT INTO meta (key, value) VALUES ('catalogue_version', '1')
        ON CONFLICT (key) DO UPDATE SET value = CAST(meta.value AS INTEGER) + 1;
    INSERT INTO title_changes (show_id, version)
        VALUES (new.id, (SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'catalogue_version'))
        ON CONFLICT (show_id) DO UPDATE SET version = excluded.version;
END;

CREATE TRIGGER catalogue_version_on_alias_insert AFTER INSERT ON show_aliases
BEGIN
    INSERT INTO meta (key, value) VALUES ('catalogue_version', '1')
        ON CONFLICT (key) DO UPDATE SET value = CAST(meta.value AS INTEGER) + 1;
    INSERT INTO title_changes (show_id, version)
        VALUES (new.show_id, (SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'catalogue_version'))
        ON CONFLICT (show_id) DO UPDATE SET version = excluded.version;
END;

CREATE TRIGGER catalogue_version_on_alias_delete AFTER DELETE ON show_aliases
BEGIN
    INSERT INTO meta (key, value) VALUES ('catalogue_version', '1')
        ON CONFLICT (key) DO UPDATE SET value = CAST(meta.value AS INTEGER) + 1;
    INSERT INTO title_changes (show_id, version)
        VALUES (old.show_id, (SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'catalogue_version'))
        ON CONFLICT (show_id) DO UPDATE SET version = excluded.version;
END;

CREATE TRIGGER catalogue_version_on_alias_update AFTER UPDATE ON show_aliases
BEGIN
    INSERT INTO meta (key, value) VALUES ('catalogue_version', '1')
        ON CONFLICT (key) DO UPDATE SET value = CAST(meta.value AS INTEGER) + 1;
    INSERT INTO title_changes (show_id, version)
        VALUES (new.show_id, (SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'catalogue_version'))
        ON CONFLICT (show_id) DO UPDATE SET version = excluded.version;
END;
