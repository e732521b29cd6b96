"""PostgreSQL: phrases answered from the index. The side table gets `pair_vector`, the adjacent
folded word pairs of the title and of the text ("xoa nha tam, nha dot nat" → xoa_nha, nha_tam,
tam_nha, nha_dot, dot_nat) without positions, under a GIN index, as Elasticsearch's
`index_phrases` indexes two-word shingles. A quoted phrase is then a GIN lookup of its pairs
instead of a position recheck that unpacks every match's whole tsvector (364–442 ms at 100,000
articles, docs/benchmarks.md). Words are runs of [a-z0-9] in the folded text, as
search.query reads them; only the first 100,000 characters of a text give pairs (a tsvector
holds at most 1 MB). The trigger of migration 0004 fills the column from now on.

The same migration makes the side table's rows narrow: the two big vectors are stored out of
line (STORAGE EXTERNAL, toast_tuple_target 128) and the id arrays inline (PLAIN), so that
reading 10,000 matches' kind, year, date and ids touches ~1,300 pages instead of ~4,200 (the
vectors are read only for the 200 ranked candidates); and a btree on published_at lets the
engine find the newest matches of a very common query in a narrow date window. Existing rows are
rewritten by the UPDATE below; on a large site run `VACUUM FULL search_searchentry_pg` once
afterwards to give back the old rows' space."""

from django.db import migrations

PAIRS = """
CREATE FUNCTION search_word_pairs(t text) RETURNS tsvector AS $$
    SELECT array_to_tsvector(ARRAY(
        SELECT DISTINCT p FROM (
            SELECT m.w[1] || '_' || lead(m.w[1]) OVER (ORDER BY m.n) AS p
            FROM regexp_matches(left(t, 100000), '[a-z0-9]+', 'g') WITH ORDINALITY AS m(w, n)
        ) s
        WHERE p IS NOT NULL AND octet_length(p) <= 200
    ))
$$ LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE;
"""

VECTOR = (
    "setweight(to_tsvector('simple', NEW.folded_title), 'A') || setweight(to_tsvector('simple', NEW.folded_text), 'B')"
)
PAIR_VECTOR = "search_word_pairs(NEW.folded_title) || search_word_pairs(NEW.folded_text)"

UPSERT = """
CREATE OR REPLACE FUNCTION search_entry_pg_upsert() RETURNS trigger AS $$
BEGIN
    INSERT INTO search_searchentry_pg (page_id, kind, year, published_at, movement_ids, locality_ids, title_vector,
                                       vector{pair_column})
    VALUES (NEW.page_id, NEW.kind, NEW.year, NEW.published_at,
            ARRAY(SELECT movement_id FROM search_searchentrymovement WHERE entry_id = NEW.page_id),
            ARRAY(SELECT locality_id FROM search_searchentrylocality WHERE entry_id = NEW.page_id),
            to_tsvector('simple', NEW.folded_title), {vector}{pair_value})
    ON CONFLICT (page_id) DO UPDATE SET kind = EXCLUDED.kind, year = EXCLUDED.year,
        published_at = EXCLUDED.published_at, title_vector = EXCLUDED.title_vector,
        vector = EXCLUDED.vector{pair_update};
    RETURN NULL;
END $$ LANGUAGE plpgsql;
"""

FORWARDS = (
    PAIRS
    + """
ALTER TABLE search_searchentry_pg ADD COLUMN pair_vector tsvector NOT NULL DEFAULT '';
ALTER TABLE search_searchentry_pg ALTER COLUMN vector SET STORAGE EXTERNAL,
    ALTER COLUMN pair_vector SET STORAGE EXTERNAL, ALTER COLUMN title_vector SET STORAGE MAIN,
    ALTER COLUMN movement_ids SET STORAGE PLAIN, ALTER COLUMN locality_ids SET STORAGE PLAIN,
    SET (toast_tuple_target = 128);
UPDATE search_searchentry_pg v SET pair_vector = search_word_pairs(e.folded_title) || search_word_pairs(e.folded_text),
    vector = v.vector || ''::tsvector
    FROM search_searchentry e WHERE e.page_id = v.page_id;
CREATE INDEX search_searchentry_pg_pairs ON search_searchentry_pg USING GIN (pair_vector);
CREATE INDEX search_searchentry_pg_published ON search_searchentry_pg (published_at);
"""
    + UPSERT.format(
        vector=VECTOR,
        pair_column=", pair_vector",
        pair_value=f", {PAIR_VECTOR}",
        pair_update=", pair_vector = EXCLUDED.pair_vector",
    )
)

BACKWARDS = UPSERT.format(vector=VECTOR, pair_column="", pair_value="", pair_update="") + (
    """
DROP INDEX search_searchentry_pg_published;
DROP INDEX search_searchentry_pg_pairs;
ALTER TABLE search_searchentry_pg DROP COLUMN pair_vector;
ALTER TABLE search_searchentry_pg ALTER COLUMN vector SET STORAGE EXTENDED,
    ALTER COLUMN title_vector SET STORAGE EXTENDED, ALTER COLUMN movement_ids SET STORAGE EXTENDED,
    ALTER COLUMN locality_ids SET STORAGE EXTENDED, RESET (toast_tuple_target);
DROP FUNCTION search_word_pairs(text);
"""
)


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARDS, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARDS, params=None)


class Migration(migrations.Migration):
    dependencies = [("search", "0007_postgres_filter_indexes")]

    operations = [migrations.RunPython(forwards, backwards)]
