"""Full-text structures over the folded text. SQLite: an FTS5 table (rowid = page id) kept in
step by search.indexing. PostgreSQL: a GIN index on a 'simple' tsvector (no stemming, no
English stop-words, which would drop folded syllables such as "an", "do", "to")."""

from django.db import migrations

PG_VECTOR = (
    "setweight(to_tsvector('simple', folded_title), 'A') || setweight(to_tsvector('simple', folded_text), 'B')"
)


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(
            "CREATE VIRTUAL TABLE search_searchentry_fts USING fts5("
            "folded_title, folded_text, tokenize = 'unicode61 remove_diacritics 0')"
        )
    elif schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"CREATE INDEX search_searchentry_vector ON search_searchentry USING GIN (({PG_VECTOR}))")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("DROP TABLE IF EXISTS search_searchentry_fts")
    elif schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS search_searchentry_vector")


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
