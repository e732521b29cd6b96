"""The shared content versions (core.cache) and the table of the "shared" database cache (rate
limits and single-use challenges on the embedded default; settings: CACHES)."""

import uuid

from django.core.management import call_command
from django.db import migrations, models

CACHE_TABLE = "core_shared_cache"


def create_versions(apps, schema_editor):
    SharedVersion = apps.get_model("core", "SharedVersion")
    for name in ("content", "assets"):
        SharedVersion.objects.get_or_create(name=name, defaults={"token": uuid.uuid4().hex})


def create_cache_table(apps, schema_editor):
    # Always, whatever CACHES says now: a site started later without REDIS_URL needs it.
    call_command("createcachetable", CACHE_TABLE, database=schema_editor.connection.alias, verbosity=0)


def drop_cache_table(apps, schema_editor):
    schema_editor.execute(f"DROP TABLE IF EXISTS {schema_editor.quote_name(CACHE_TABLE)}")


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0004_vietnamese_names'),
    ]

    operations = [
        migrations.CreateModel(
            name='SharedVersion',
            fields=[
                ('name', models.CharField(max_length=32, primary_key=True, serialize=False, verbose_name='tên')),
                ('token', models.CharField(max_length=32, verbose_name='mã phiên bản')),
                ('changed_at', models.DateTimeField(auto_now=True, verbose_name='thời điểm đổi')),
            ],
            options={
                'verbose_name': 'phiên bản nội dung',
                'verbose_name_plural': 'phiên bản nội dung',
            },
        ),
        migrations.RunPython(create_versions, migrations.RunPython.noop),
        migrations.RunPython(create_cache_table, drop_cache_table),
    ]
