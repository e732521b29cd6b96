"""Biên tập viên and Lãnh đạo duyệt edit exemplars' profiles and merge duplicates ("Hồ sơ gương":
newsroom.roles.EXEMPLAR_PROFILES). Granted once: an administrator's later change in Cài đặt →
Nhóm stays."""

from django.db import migrations


def grant_exemplar_profiles(apps, schema_editor):
    from newsroom.roles import EXEMPLAR_PROFILES, create_missing_permissions, grant_once

    create_missing_permissions(apps)
    grant_once(apps, EXEMPLAR_PROFILES)


class Migration(migrations.Migration):
    dependencies = [
        ("newsroom", "0004_read_counts_permission"),
        ("exemplars", "0010_exemplar_profiles"),
    ]

    operations = [migrations.RunPython(grant_exemplar_profiles, migrations.RunPython.noop)]
