-- The catalogue's version, as SQLite's 0011 keeps it: a counter in `meta` moved on in the
-- transaction that changes what a title index is built from. Moved once per transaction, not
-- once per row: an import of 100,000 shows would otherwise write the one row 100,000 times,
-- and every write waits for the row lock of the last.
-- No row until the first change (read as version 0): a new database stays empty, as
-- copy-database wants its target.

CREATE FUNCTION count_catalogue_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- A setting local to the transaction (and undone with a rolled-back savepoint).
    IF current_setting('cliffhanger.catalogue_counted', true) IS DISTINCT FROM 'on' THEN
        INSERT INTO meta (key, value) VALUES ('catalogue_version', '1')
            ON CONFLICT (key) DO UPDATE SET value = (meta.value::bigint + 1)::text;
        PERFORM set_config('cliffhanger.catalogue_counted', 'on', true);
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER catalogue_version_on_show_insert_or_delete AFTER INSERT OR DELETE ON shows
    FOR EACH ROW EXECUTE FUNCTION count_catalogue_change();
CREATE TRIGGER catalogue_version_on_show_update AFTER UPDATE OF title, premiered, platform
    ON shows FOR EACH ROW
    WHEN (OLD.title IS DISTINCT FROM NEW.title OR OLD.premiered IS DISTINCT FROM NEW.premiered
          OR OLD.platform IS DISTINCT FROM NEW.platform)
    EXECUTE FUNCTION count_catalogue_change();
CREATE TRIGGER catalogue_version_on_alias_change AFTER INSERT OR UPDATE OR DELETE ON show_aliases
    FOR EACH ROW EXECUTE FUNCTION count_catalogue_change();
