"""PostgreSQL: GIN indexes on the side table's movement and locality arrays, so a movement or
locality filter is a bitmap AND with the text match instead of a check on every match
(15–25 % faster filtered searches at 100,000 articles, docs/benchmarks.md)."""

from django.db import migrations

INDEXES = {"search_searchentry_pg_movements": "movement_ids", "search_searchentry_pg_localities": "locality_ids"}


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name, column in INDEXES.items():
            schema_editor.execute(f"CREATE INDEX {name} ON search_searchentry_pg USING GIN ({column})")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in INDEXES:
            schema_editor.execute(f"DROP INDEX {name}")


class Migration(migrations.Migration):
    dependencies = [("search", "0006_vietnamese_names")]

    operations = [migrations.RunPython(forwards, backwards)]
