"""SearchEntry.whole_words (search.words): the folded syllables that stand as a word of their own
in an article, so that a search for one syllable ranks "người tốt" above "tốt nghiệp".

Existing entries are filled here from their title, lead and body, 1,000 at a time. On
PostgreSQL the entry's trigger (migration 0009) rewrote the side-table row on every update of
the entry, whatever the column; it now fires only when a column it reads changes, so filling
(or later rewriting) whole_words leaves search_searchentry_pg alone. The trigger is changed
before the fill for that reason."""

from django.db import migrations, models

# The columns search_entry_pg_upsert() reads (migration 0009).
COLUMNS = "page_id, kind, year, published_at, folded_title, folded_text"

FORWARDS_PG = f"""
DROP TRIGGER search_entry_pg_upsert ON search_searchentry;
CREATE TRIGGER search_entry_pg_upsert AFTER INSERT OR UPDATE OF {COLUMNS} ON search_searchentry
    FOR EACH ROW EXECUTE FUNCTION search_entry_pg_upsert();
"""

BACKWARDS_PG = """
DROP TRIGGER search_entry_pg_upsert ON search_searchentry;
CREATE TRIGGER search_entry_pg_upsert AFTER INSERT OR UPDATE ON search_searchentry
    FOR EACH ROW EXECUTE FUNCTION search_entry_pg_upsert();
"""

BATCH = 1000


def trigger_forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARDS_PG, params=None)


def trigger_backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARDS_PG, params=None)


def fill(apps, schema_editor):
    from search.words import indexed

    SearchEntry = apps.get_model("search", "SearchEntry")
    entries = SearchEntry.objects.using(schema_editor.connection.alias).order_by("page_id")
    last = 0
    while True:
        batch = list(entries.filter(page_id__gt=last).only("page_id", "title", "lead", "body")[:BATCH])
        if not batch:
            break
        for entry in batch:
            entry.whole_words = indexed(entry.title, entry.lead, entry.body)
        SearchEntry.objects.using(schema_editor.connection.alias).bulk_update(batch, ["whole_words"])
        last = batch[-1].page_id


class Migration(migrations.Migration):
    dependencies = [("search", "0009_postgres_match_vector")]

    operations = [
        migrations.AddField(
            model_name="searchentry",
            name="whole_words",
            field=models.TextField(
                blank=True,
                default="",
                help_text="Folded syllables that stand as a word of their own in the title, lead or body, not inside "
                "a compound of the word list (search.words): a search for one syllable ranks these first.",
                verbose_name="từ đứng riêng",
            ),
        ),
        migrations.RunPython(trigger_forwards, trigger_backwards),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
