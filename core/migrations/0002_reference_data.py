"""Reference data every site needs: the 34 + 63 provincial units, the award catalogue of the
2022 Law on Emulation and Commendation, and the priority groups. Sources: core/data/*.json."""

import json
from pathlib import Path

from django.db import migrations

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


def load(name):
    return json.loads((DATA_DIR / name).read_text(encoding="utf-8"))


def forwards(apps, schema_editor):
    Locality = apps.get_model("core", "Locality")
    AwardType = apps.get_model("core", "AwardType")
    PriorityGroup = apps.get_model("core", "PriorityGroup")

    units = load("localities.json")
    by_slug = {}
    for unit in sorted(units, key=lambda u: not u["current"]):  # successors first
        by_slug[unit["slug"]], _ = Locality.objects.update_or_create(
            slug=unit["slug"],
            defaults={
                "name": unit["name"],
                "code": unit["code"],
                "kind": unit["kind"],
                "is_current": unit["current"],
                "successor": by_slug.get(unit["successor"]) if unit["successor"] else None,
                "aliases": "\n".join(unit["aliases"]),
            },
        )
    recipients_vi = {"individual": "cá nhân", "collective": "tập thể", "household": "hộ gia đình"}
    for award in load("award_types.json"):
        AwardType.objects.update_or_create(
            slug=award["slug"],
            defaults={
                "name": award["name"],
                "category": award["category"],
                "recipients": ", ".join(recipients_vi[r] for r in award["recipients"]),
                "legal_basis": award["legal_basis"],
            },
        )
    for group in load("priority_groups.json"):
        PriorityGroup.objects.update_or_create(slug=group["slug"], defaults={"name": group["name"]})


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
