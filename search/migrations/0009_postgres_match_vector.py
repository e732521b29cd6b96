"""PostgreSQL: one GIN-indexed column answers the whole match, filters included (issue 16).

`match_vector` holds, without positions: the words of the title and text (as `vector` has them),
their adjacent pairs (what `pair_vector` held, migration 0008) and one lexeme per filter value of
the article: `k=<kind>`, `y=<year>`, `m=<movement id>`, `l=<locality id>` (no word or pair has
a `=`). A search with filters is then one GIN lookup, `thi & dua & 'k=news' & 'y=2025'`, that
visits only the rows matching everything, instead of reading every match of the words and
checking each filter on the row: `thi đua` with four filters read its 49,000 matches five
times (once per facet set). The facet arrays stay in the row for counting.

`vector` keeps the positions and weights for ranking and for the exact-phrase check of the
candidates; its GIN index, the pairs' and the id arrays' (migration 0007) are dropped, since no
search uses them any more (and each insert wrote them). The triggers keep `match_vector` in
step: the entry's trigger builds it, the link tables' trigger swaps its `m=`/`l=` lexemes.

Existing rows are rewritten from their own vectors (no text is parsed again); on a large site
run `VACUUM FULL search_searchentry_pg` afterwards to give the old rows' space back."""

from django.db import migrations

VECTOR = (
    "setweight(to_tsvector('simple', NEW.folded_title), 'A') || setweight(to_tsvector('simple', NEW.folded_text), 'B')"
)
PAIRS = "search_word_pairs(NEW.folded_title) || search_word_pairs(NEW.folded_text)"

FACETS = """
CREATE FUNCTION search_facet_lexemes(kind text, year integer, published_at timestamptz, movement_ids bigint[],
                                     locality_ids bigint[]) RETURNS text[] AS $$
    SELECT ARRAY['k=' || kind, 'y=' || year, 'd=' || to_char(published_at AT TIME ZONE 'UTC', 'YYYY-MM')]
        || ARRAY(SELECT 'm=' || m FROM unnest(movement_ids) m)
        || ARRAY(SELECT 'l=' || l FROM unnest(locality_ids) l)
$$ LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION search_months(since timestamptz, until timestamptz) RETURNS tsquery AS $$
    SELECT COALESCE(string_agg(quote_literal('d=' || to_char(m, 'YYYY-MM')), ' | ')::tsquery, '''d=none'''::tsquery)
    FROM generate_series(date_trunc('month', since AT TIME ZONE 'UTC'), until AT TIME ZONE 'UTC', interval '1 month') m
$$ LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE;
"""

TRIGGERS = f"""
CREATE OR REPLACE FUNCTION search_entry_pg_upsert() RETURNS trigger AS $$
DECLARE
    movements bigint[] := ARRAY(SELECT movement_id FROM search_searchentrymovement WHERE entry_id = NEW.page_id);
    localities bigint[] := ARRAY(SELECT locality_id FROM search_searchentrylocality WHERE entry_id = NEW.page_id);
    words tsvector := {VECTOR};
BEGIN
    INSERT INTO search_searchentry_pg (page_id, kind, year, published_at, movement_ids, locality_ids, title_vector,
                                       vector, match_vector)
    VALUES (NEW.page_id, NEW.kind, NEW.year, NEW.published_at, movements, localities,
            to_tsvector('simple', NEW.folded_title), words,
            strip(words) || {PAIRS}
                || array_to_tsvector(search_facet_lexemes(NEW.kind, NEW.year, NEW.published_at, movements, localities)))
    ON CONFLICT (page_id) DO UPDATE SET kind = EXCLUDED.kind, year = EXCLUDED.year,
        published_at = EXCLUDED.published_at, movement_ids = EXCLUDED.movement_ids,
        locality_ids = EXCLUDED.locality_ids, title_vector = EXCLUDED.title_vector, vector = EXCLUDED.vector,
        match_vector = EXCLUDED.match_vector;
    RETURN NULL;
END $$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION search_entry_pg_links() RETURNS trigger AS $$
DECLARE entry bigint;
BEGIN
    IF TG_OP = 'DELETE' THEN entry := OLD.entry_id; ELSE entry := NEW.entry_id; END IF;
    UPDATE search_searchentry_pg v SET movement_ids = n.m, locality_ids = n.l,
        match_vector = ts_delete(v.match_vector, search_facet_lexemes(v.kind, v.year, v.published_at, v.movement_ids, v.locality_ids))
            || array_to_tsvector(search_facet_lexemes(v.kind, v.year, v.published_at, n.m, n.l))
    FROM (SELECT ARRAY(SELECT movement_id FROM search_searchentrymovement WHERE entry_id = entry) AS m,
                 ARRAY(SELECT locality_id FROM search_searchentrylocality WHERE entry_id = entry) AS l) n
    WHERE v.page_id = entry;
    RETURN NULL;
END $$ LANGUAGE plpgsql;
"""

FORWARDS = (
    FACETS
    + """
ALTER TABLE search_searchentry_pg ADD COLUMN match_vector tsvector NOT NULL DEFAULT '';
ALTER TABLE search_searchentry_pg ALTER COLUMN match_vector SET STORAGE EXTERNAL;
UPDATE search_searchentry_pg SET match_vector = strip(vector) || pair_vector
    || array_to_tsvector(search_facet_lexemes(kind, year, published_at, movement_ids, locality_ids));
DROP INDEX search_searchentry_pg_vector;
DROP INDEX search_searchentry_pg_pairs;
DROP INDEX search_searchentry_pg_movements;
DROP INDEX search_searchentry_pg_localities;
ALTER TABLE search_searchentry_pg DROP COLUMN pair_vector;
CREATE INDEX search_searchentry_pg_match ON search_searchentry_pg USING GIN (match_vector);
"""
    + TRIGGERS
)

# Migration 0008's triggers, and its columns and indexes back.
BACKWARDS = f"""
CREATE OR REPLACE FUNCTION search_entry_pg_upsert() RETURNS trigger AS $$
BEGIN
    INSERT INTO search_searchentry_pg (page_id, kind, year, published_at, movement_ids, locality_ids, title_vector,
                                       vector, pair_vector)
    VALUES (NEW.page_id, NEW.kind, NEW.year, NEW.published_at,
            ARRAY(SELECT movement_id FROM search_searchentrymovement WHERE entry_id = NEW.page_id),
            ARRAY(SELECT locality_id FROM search_searchentrylocality WHERE entry_id = NEW.page_id),
            to_tsvector('simple', NEW.folded_title), {VECTOR}, {PAIRS})
    ON CONFLICT (page_id) DO UPDATE SET kind = EXCLUDED.kind, year = EXCLUDED.year,
        published_at = EXCLUDED.published_at, title_vector = EXCLUDED.title_vector,
        vector = EXCLUDED.vector, pair_vector = EXCLUDED.pair_vector;
    RETURN NULL;
END $$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION search_entry_pg_links() RETURNS trigger AS $$
DECLARE entry bigint;
BEGIN
    IF TG_OP = 'DELETE' THEN entry := OLD.entry_id; ELSE entry := NEW.entry_id; END IF;
    UPDATE search_searchentry_pg SET
        movement_ids = ARRAY(SELECT movement_id FROM search_searchentrymovement WHERE entry_id = entry),
        locality_ids = ARRAY(SELECT locality_id FROM search_searchentrylocality WHERE entry_id = entry)
    WHERE page_id = entry;
    RETURN NULL;
END $$ LANGUAGE plpgsql;

ALTER TABLE search_searchentry_pg ADD COLUMN pair_vector tsvector NOT NULL DEFAULT '';
ALTER TABLE search_searchentry_pg ALTER COLUMN pair_vector SET STORAGE EXTERNAL;
UPDATE search_searchentry_pg v SET pair_vector = {PAIRS.replace("NEW.", "e.")}
    FROM search_searchentry e WHERE e.page_id = v.page_id;
DROP INDEX search_searchentry_pg_match;
ALTER TABLE search_searchentry_pg DROP COLUMN match_vector;
CREATE INDEX search_searchentry_pg_vector ON search_searchentry_pg USING GIN (vector);
CREATE INDEX search_searchentry_pg_pairs ON search_searchentry_pg USING GIN (pair_vector);
CREATE INDEX search_searchentry_pg_movements ON search_searchentry_pg USING GIN (movement_ids);
CREATE INDEX search_searchentry_pg_localities ON search_searchentry_pg USING GIN (locality_ids);
DROP FUNCTION search_facet_lexemes(text, integer, timestamptz, bigint[], bigint[]);
DROP FUNCTION search_months(timestamptz, timestamptz);
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARDS, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARDS, params=None)


class Migration(migrations.Migration):
    dependencies = [("search", "0008_postgres_word_pairs")]

    operations = [migrations.RunPython(forwards, backwards)]
