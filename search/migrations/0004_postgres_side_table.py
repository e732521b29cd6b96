"""PostgreSQL: the tsvector becomes a stored generated column with its own GIN index. Ranking
and phrase checks read it instead of running to_tsvector on every matching row, which made
common queries over 100,000 articles take seconds (docs/benchmarks.md). SQLite is unchanged
(its FTS5 table already stores the index)."""

from django.db import migrations

VECTOR = (
    "setweight(to_tsvector('simple', folded_title), 'A') || setweight(to_tsvector('simple', folded_text), 'B')"
)


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"ALTER TABLE search_searchentry ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ({VECTOR}) STORED"
        )
        schema_editor.execute("CREATE INDEX search_searchentry_search_vector ON search_searchentry USING GIN (search_vector)")
        schema_editor.execute("DROP INDEX IF EXISTS search_searchentry_vector")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"CREATE INDEX search_searchentry_vector ON search_searchentry USING GIN (({VECTOR}))")
        schema_editor.execute("ALTER TABLE search_searchentry DROP COLUMN search_vector")


class Migration(migrations.Migration):
    dependencies = [("search", "0003_searchquerystat")]

    operations = [migrations.RunPython(forwards, backwards)]
