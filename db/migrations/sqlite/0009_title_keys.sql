-- A show's title and each alias folded to lower case (ASCII letters only, as NOCASE compared
-- them), stored so that matching a title is one plain comparison both SQLite and PostgreSQL
-- index, rather than a collation only SQLite has. The program writes them with every title.
ALTER TABLE shows ADD COLUMN title_key TEXT NOT NULL DEFAULT '';

-- SQLite's lower() folds ASCII letters only: the same key the program computes.
UPDATE shows SET title_key = lower(title);

DROP INDEX shows_title_nocase;
CREATE INDEX shows_by_title_key ON shows (title_key);

ALTER TABLE show_aliases ADD COLUMN alias_key TEXT NOT NULL DEFAULT '';
UPDATE show_aliases SET alias_key = lower(alias);
CREATE INDEX show_aliases_by_key ON show_aliases (alias_key);
