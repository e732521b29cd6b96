"""Nomination photos move from MEDIA_ROOT (served publicly as /media/) to private storage
(settings.PRIVATE_MEDIA_ROOT): the field's storage changes and the files already uploaded are
moved there, keeping their names. Reversing moves them back."""

import core.storage
import exemplars.nominations
from django.core.files.storage import default_storage
from django.db import migrations, models


def _move(apps, source, target):
    Nomination = apps.get_model("exemplars", "Nomination")
    for nomination in Nomination.objects.exclude(photo="").only("pk", "photo"):
        name = nomination.photo.name
        if not source.exists(name):
            continue
        with source.open(name, "rb") as fh:
            saved = target.save(name, fh)
        if saved != name:
            Nomination.objects.filter(pk=nomination.pk).update(photo=saved)
        source.delete(name)


def to_private(apps, schema_editor):
    _move(apps, default_storage, core.storage.private_storage())


def to_public(apps, schema_editor):
    _move(apps, core.storage.private_storage(), default_storage)


class Migration(migrations.Migration):

    dependencies = [
        ('exemplars', '0003_nomination'),
    ]

    operations = [
        migrations.AlterField(
            model_name='nomination',
            name='photo',
            field=models.ImageField(blank=True, height_field='photo_height', storage=core.storage.private_storage, upload_to=exemplars.nominations._photo_path, verbose_name='Ảnh', width_field='photo_width'),
        ),
        migrations.RunPython(to_private, to_public),
    ]
