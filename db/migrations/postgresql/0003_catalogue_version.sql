-- The catalogue's version, as SQLite's 0011 keeps it: a counter in `meta` moved on in the
-- transaction that changes what a title index is built from, and the version at which each
-- show last changed. The counter moves once per transaction, not once per row: an import of
-- 100,000 shows would otherwise write the one row 100,000 times. No counter row until the
-- first change (read as version 0), so a new database stays empty for copy-database.

-- See SQLite's 0011: no foreign key, not copied by copy-database.
CREATE TABLE title_changes (
    show_id  BIGINT PRIMARY KEY,
    version  BIGINT NOT NULL
);
CREATE INDEX title_changes_by_version ON title_changes (version);

-- This transaction's catalogue version, the counter moved on at its first change. The
-- setting is local to the transaction (and undone with a rolled-back savepoint). The counter's
-- row stays locked until commit, so versions are taken in the order their changes commit.
CREATE FUNCTION catalogue_version_now() RETURNS BIGINT LANGUAGE plpgsql AS $$
DECLARE
    version BIGINT := nullif(current_setting('cliffhanger.catalogue_version', true), '')::bigint;
BEGIN
    IF version IS NULL THEN
        INSERT INTO meta (key, value) VALUES ('catalogue_version', '1')
            ON CONFLICT (key) DO UPDATE SET value = (meta.value::bigint + 1)::text
            RETURNING value::bigint INTO version;
        PERFORM set_config('cliffhanger.catalogue_version', version::text, true);
    END IF;
    RETURN version;
END;
$$;

CREATE FUNCTION note_title_change(changed BIGINT) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO title_changes (show_id, version) VALUES (changed, catalogue_version_now())
        ON CONFLICT (show_id) DO UPDATE SET version = excluded.version;
END;
$$;

CREATE FUNCTION note_show_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM note_title_change(OLD.id);
    ELSE
        PERFORM note_title_change(NEW.id);
    END IF;
    RETURN NULL;
END;
$$;

CREATE FUNCTION note_alias_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM note_title_change(OLD.show_id);
    ELSE
        PERFORM note_title_change(NEW.show_id);
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER catalogue_version_on_show_insert_or_delete AFTER INSERT OR DELETE ON shows
    FOR EACH ROW EXECUTE FUNCTION note_show_change();
CREATE TRIGGER catalogue_version_on_show_update AFTER UPDATE OF title, premiered, platform
    ON shows FOR EACH ROW
    WHEN (OLD.title IS DISTINCT FROM NEW.title OR OLD.premiered IS DISTINCT FROM NEW.premiered
          OR OLD.platform IS DISTINCT FROM NEW.platform)
    EXECUTE FUNCTION note_show_change();
CREATE TRIGGER catalogue_version_on_alias_change AFTER INSERT OR UPDATE OR DELETE ON show_aliases
    FOR EACH ROW EXECUTE FUNCTION note_alias_change();
