"""Every newsroom role sees the read counts ("Lượt đọc" under Reports: core.ReadCount, counts per
article and day, nothing about readers; newsroom.roles.READ_COUNTS). Granted once: an
administrator's later change in Cài đặt → Nhóm stays."""

from django.db import migrations


def grant_read_counts(apps, schema_editor):
    from newsroom.roles import READ_COUNTS, create_missing_permissions, grant_once

    create_missing_permissions(apps)
    grant_once(apps, READ_COUNTS)


class Migration(migrations.Migration):
    dependencies = [
        ("newsroom", "0003_reader_data_permissions"),
        ("core", "0007_read_counts"),
    ]

    operations = [migrations.RunPython(grant_read_counts, migrations.RunPython.noop)]
