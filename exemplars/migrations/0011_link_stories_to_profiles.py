"""Every existing story with a named exemplar linked to a profile (exemplars.Exemplar), by the
same rule as a save (exemplars.names: same name up to case, spacing, Unicode form and tone
placement, and same type), the oldest story first; a profile's occupation, organisation, field
of work and province come from its published stories (the first that names each), never from
a draft (StoryPage.link_exemplar)."""

from django.db import migrations


def link_stories(apps, schema_editor):
    from exemplars.names import folded_name, free_slug, name_key

    StoryPage = apps.get_model("exemplars", "StoryPage")
    Exemplar = apps.get_model("exemplars", "Exemplar")
    Locality = apps.get_model("core", "Locality")
    through = StoryPage._meta.get_field("localities").remote_field.through
    source = StoryPage._meta.get_field("localities").m2m_field_name()

    profiles = {}
    stories = StoryPage.objects.filter(exemplar__isnull=True).exclude(exemplar_name="").order_by("published_at", "pk")
    fields = ["pk", "live", "exemplar_name", "exemplar_type", "exemplar_occupation", "exemplar_organisation"]
    for story in stories.only(*fields, "field_of_work"):
        name = " ".join(story.exemplar_name.split())
        key = (name_key(name), story.exemplar_type)
        if key not in profiles:
            found = Exemplar.objects.filter(name_key=key[0], exemplar_type=key[1]).order_by("pk").first()
            if found is None:
                found = Exemplar.objects.create(
                    name=name,
                    exemplar_type=story.exemplar_type,
                    slug=free_slug(Exemplar, name),
                    name_key=key[0],
                    folded_name=folded_name(name),
                )
            profiles[key] = found
        profile = profiles[key]
        StoryPage.objects.filter(pk=story.pk).update(exemplar_id=profile.pk)
        if not story.live:
            continue
        locality_ids = through.objects.filter(**{f"{source}_id": story.pk}).values("locality_id")
        locality = Locality.objects.filter(pk__in=locality_ids).order_by("pk").first()
        if locality is not None and not locality.is_current and locality.successor_id:
            locality = Locality.objects.get(pk=locality.successor_id)
        details = {
            "occupation": story.exemplar_occupation,
            "organisation": story.exemplar_organisation,
            "field_of_work": story.field_of_work,
            "province": locality,
        }
        changed = [field for field, value in details.items() if value and not getattr(profile, field)]
        for field in changed:
            setattr(profile, field, details[field])
        if changed:
            profile.save(update_fields=changed)


class Migration(migrations.Migration):
    dependencies = [("exemplars", "0010_exemplar_profiles")]

    operations = [migrations.RunPython(link_stories, migrations.RunPython.noop)]
