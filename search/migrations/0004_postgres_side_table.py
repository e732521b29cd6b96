"""PostgreSQL: a narrow side table, search_searchentry_pg, holds what a search reads for every
match — the tsvectors, kind, year, date and the movement and locality ids as arrays — so that
counting and faceting tens of thousands of matches reads a few MB instead of the wide entry rows
(title, lead, body) and joins. Triggers keep it in step with search_searchentry and its link
tables whatever writes them (bulk loads, deletes, TRUNCATE). SQLite has its FTS5 table instead
(migration 0002). Numbers in docs/benchmarks.md."""

from django.db import migrations

VECTOR = (
    "setweight(to_tsvector('simple', NEW.folded_title), 'A') || setweight(to_tsvector('simple', NEW.folded_text), 'B')"
)

FORWARDS = f"""
DROP INDEX IF EXISTS search_searchentry_vector;
CREATE TABLE search_searchentry_pg (
    page_id bigint PRIMARY KEY,
    kind varchar(20) NOT NULL,
    year smallint NOT NULL,
    published_at timestamptz NOT NULL,
    movement_ids bigint[] NOT NULL DEFAULT '{{}}',
    locality_ids bigint[] NOT NULL DEFAULT '{{}}',
    title_vector tsvector NOT NULL,
    vector tsvector NOT NULL
);
CREATE INDEX search_searchentry_pg_vector ON search_searchentry_pg USING GIN (vector);

CREATE FUNCTION search_entry_pg_upsert() RETURNS trigger AS $$
BEGIN
    INSERT INTO search_searchentry_pg (page_id, kind, year, published_at, movement_ids, locality_ids, title_vector, vector)
    VALUES (NEW.page_id, NEW.kind, NEW.year, NEW.published_at,
            ARRAY(SELECT movement_id FROM search_searchentrymovement WHERE entry_id = NEW.page_id),
            ARRAY(SELECT locality_id FROM search_searchentrylocality WHERE entry_id = NEW.page_id),
            to_tsvector('simple', NEW.folded_title), {VECTOR})
    ON CONFLICT (page_id) DO UPDATE SET kind = EXCLUDED.kind, year = EXCLUDED.year,
        published_at = EXCLUDED.published_at, title_vector = EXCLUDED.title_vector, vector = EXCLUDED.vector;
    RETURN NULL;
END $$ LANGUAGE plpgsql;

CREATE FUNCTION search_entry_pg_delete() RETURNS trigger AS $$
BEGIN
    DELETE FROM search_searchentry_pg WHERE page_id = OLD.page_id;
    RETURN NULL;
END $$ LANGUAGE plpgsql;

CREATE FUNCTION search_entry_pg_truncate() RETURNS trigger AS $$
BEGIN
    TRUNCATE search_searchentry_pg;
    RETURN NULL;
END $$ LANGUAGE plpgsql;

CREATE FUNCTION search_entry_pg_links() RETURNS trigger AS $$
DECLARE entry bigint;
BEGIN
    IF TG_OP = 'DELETE' THEN entry := OLD.entry_id; ELSE entry := NEW.entry_id; END IF;
    UPDATE search_searchentry_pg SET
        movement_ids = ARRAY(SELECT movement_id FROM search_searchentrymovement WHERE entry_id = entry),
        locality_ids = ARRAY(SELECT locality_id FROM search_searchentrylocality WHERE entry_id = entry)
    WHERE page_id = entry;
    RETURN NULL;
END $$ LANGUAGE plpgsql;

CREATE TRIGGER search_entry_pg_upsert AFTER INSERT OR UPDATE ON search_searchentry
    FOR EACH ROW EXECUTE FUNCTION search_entry_pg_upsert();
CREATE TRIGGER search_entry_pg_delete AFTER DELETE ON search_searchentry
    FOR EACH ROW EXECUTE FUNCTION search_entry_pg_delete();
CREATE TRIGGER search_entry_pg_truncate AFTER TRUNCATE ON search_searchentry
    FOR EACH STATEMENT EXECUTE FUNCTION search_entry_pg_truncate();
CREATE TRIGGER search_entry_pg_movements AFTER INSERT OR UPDATE OR DELETE ON search_searchentrymovement
    FOR EACH ROW EXECUTE FUNCTION search_entry_pg_links();
CREATE TRIGGER search_entry_pg_localities AFTER INSERT OR UPDATE OR DELETE ON search_searchentrylocality
    FOR EACH ROW EXECUTE FUNCTION search_entry_pg_links();

INSERT INTO search_searchentry_pg (page_id, kind, year, published_at, title_vector, vector)
SELECT page_id, kind, year, published_at, to_tsvector('simple', folded_title),
       {VECTOR.replace("NEW.", "")} FROM search_searchentry;
UPDATE search_searchentry_pg v SET
    movement_ids = ARRAY(SELECT movement_id FROM search_searchentrymovement WHERE entry_id = v.page_id),
    locality_ids = ARRAY(SELECT locality_id FROM search_searchentrylocality WHERE entry_id = v.page_id);
"""

BACKWARDS = f"""
DROP TRIGGER search_entry_pg_upsert ON search_searchentry;
DROP TRIGGER search_entry_pg_delete ON search_searchentry;
DROP TRIGGER search_entry_pg_truncate ON search_searchentry;
DROP TRIGGER search_entry_pg_movements ON search_searchentrymovement;
DROP TRIGGER search_entry_pg_localities ON search_searchentrylocality;
DROP FUNCTION search_entry_pg_upsert, search_entry_pg_delete, search_entry_pg_truncate, search_entry_pg_links;
DROP TABLE search_searchentry_pg;
CREATE INDEX search_searchentry_vector ON search_searchentry USING GIN (({VECTOR.replace("NEW.", "")}));
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARDS, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARDS, params=None)


class Migration(migrations.Migration):
    dependencies = [("search", "0003_searchquerystat")]

    operations = [migrations.RunPython(forwards, backwards)]
