"""The editorial roles moderate readers' comments and nominations and see the newsletter's
subscribers (newsroom.roles.READER_DATA). Until now the participation and newsletter apps
granted these after every migrate, undoing an administrator's removal each time; the role table
is now the one place, and this grants them once (existing sites already have them)."""

from django.db import migrations


def grant_reader_data(apps, schema_editor):
    from newsroom.roles import READER_DATA, create_missing_permissions, grant_once

    create_missing_permissions(apps)
    grant_once(apps, READER_DATA)


class Migration(migrations.Migration):
    dependencies = [
        ("newsroom", "0002_retire_wagtail_defaults"),
        ("participation", "0001_initial"),
        ("exemplars", "0005_vietnamese_names"),
        ("newsletter", "0002_vietnamese_names"),
    ]

    operations = [migrations.RunPython(grant_reader_data, migrations.RunPython.noop)]
