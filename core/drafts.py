"""Abandoned autosaved drafts. Wagtail's autosave creates a new page as soon as its form is valid
(a title typed), so a reporter who opens "Thêm trang", types a headline and walks away leaves a
draft nobody asked for. Such pages are marked (AutosavedDraft) when autosave creates them, the
mark goes when anyone saves, submits or publishes the page on purpose, and a periodic job deletes
marked pages never published, not in a workflow and untouched for ABANDONED_DRAFT_DAYS (7 by
default), logging each deletion in the page history ("wagtail.delete")."""

import logging
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from core.models import AutosavedDraft

logger = logging.getLogger(__name__)
DEFAULT_DAYS = 7


def _is_autosave(request) -> bool:
    # Wagtail's own test for its autosave requests (generic.mixins: expects_json_response)
    return not request.accepts("text/html")


def page_created(request, page) -> None:
    """after_create_page hook."""
    if _is_autosave(request):
        AutosavedDraft.objects.get_or_create(page_id=page.pk)


def page_edited(request, page) -> None:
    """after_edit_page hook: a save by hand (not autosave) keeps the page."""
    if not _is_autosave(request):
        AutosavedDraft.objects.filter(page_id=page.pk).delete()


def page_published(sender, instance, **kwargs) -> None:
    AutosavedDraft.objects.filter(page_id=instance.pk).delete()


def abandoned(now=None):
    """The marked pages to delete now: never published, in no workflow, untouched long enough."""
    from wagtail.models import Page, WorkflowState

    days = getattr(settings, "ABANDONED_DRAFT_DAYS", DEFAULT_DAYS)
    before = (now or timezone.now()) - timedelta(days=days)
    marked = AutosavedDraft.objects.values("page_id")
    in_workflow = WorkflowState.objects.filter(status=WorkflowState.STATUS_IN_PROGRESS).values("object_id")
    return (
        Page.objects.filter(pk__in=marked, live=False, first_published_at__isnull=True)
        .filter(latest_revision_created_at__lt=before)
        .exclude(pk__in=[int(pk) for pk in in_workflow])
    )


def delete_abandoned(now=None) -> int:
    """Periodic job: delete the abandoned autosaved drafts; returns how many."""
    from wagtail.actions.delete_page import DeletePageAction

    deleted = 0
    for page in abandoned(now).specific():
        if page.get_children().exists():  # someone built under it: not abandoned
            AutosavedDraft.objects.filter(page_id=page.pk).delete()
            continue
        DeletePageAction(page).execute(skip_permission_checks=True)
        logger.info("Đã xóa bản nháp tự lưu bị bỏ dở: %s (trang %s)", page.title, page.pk)
        deleted += 1
    return deleted
