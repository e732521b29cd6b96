"""Who moderates reader contributions: the editorial groups named in
settings.PARTICIPATION_MODERATOR_GROUPS get the comment and nomination permissions (and the
nominators' contact data that comes with them). Granted after every migrate, so the groups
may be created by any app's migration; a group that does not exist yet is skipped."""

from django.conf import settings

MODERATION_PERMISSIONS = [
    ("participation", "comment", ["view", "change", "delete"]),
    ("exemplars", "nomination", ["view", "change", "delete"]),
]


def grant_moderator_permissions(**kwargs):
    from django.contrib.auth.models import Group, Permission

    permissions = []
    for app_label, model, actions in MODERATION_PERMISSIONS:
        permissions += Permission.objects.filter(
            content_type__app_label=app_label, codename__in=[f"{a}_{model}" for a in actions]
        )
    for group in Group.objects.filter(name__in=getattr(settings, "PARTICIPATION_MODERATOR_GROUPS", [])):
        group.permissions.add(*permissions)
