"""Who sees the subscribers' addresses: the groups in settings.NEWSLETTER_EDITOR_GROUPS get
"view" and "delete" (to erase an address on request) on subscribers and "view" on the issues
sent. Nobody adds or edits a subscriber by hand: only the reader's own confirmation does
(newsletter.wagtail_hooks). Granted after every migrate; a group that does not exist yet is
skipped."""

from django.conf import settings

EDITOR_PERMISSIONS = ["view_subscriber", "delete_subscriber", "view_issue"]


def grant_editor_permissions(**kwargs):
    from django.contrib.auth.models import Group, Permission

    permissions = Permission.objects.filter(content_type__app_label="newsletter", codename__in=EDITOR_PERMISSIONS)
    for group in Group.objects.filter(name__in=settings.NEWSLETTER_EDITOR_GROUPS):
        group.permissions.add(*permissions)
