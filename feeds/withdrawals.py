"""Withdrawals for agencies: an article unpublished, deleted or made private (a view restriction
on it or an ancestor) is announced in ninjs `?since` as `pubstatus: "canceled"`
(feeds.ninjs_views), and forgotten once readers may see it again."""

from django.db import transaction
from django.utils import timezone

from core.kinds import all_kinds, kind_of
from feeds import websub
from feeds.models import Withdrawal


def _article(instance):
    page = instance.specific if hasattr(instance, "specific") else instance
    return page if kind_of(page) is not None else None


def withdrawn(sender, instance, **kwargs) -> None:
    """page_unpublished receiver, and pre_delete for a live article."""
    page = _article(instance)
    if page is not None:
        Withdrawal.objects.update_or_create(
            page_id=page.pk, defaults={"uri": f"urn:uuid:{page.translation_key}", "withdrawn_at": timezone.now()}
        )


def deleting(sender, instance, **kwargs) -> None:
    if getattr(instance, "live", False):
        withdrawn(sender, instance)


def published(sender, instance, **kwargs) -> None:
    Withdrawal.objects.filter(page_id=instance.pk).delete()


def restricted(sender, instance, created=False, **kwargs) -> None:
    """PageViewRestriction post_save: the articles readers could see until now under the
    restricted page leave every channel, so they are withdrawn and their feeds pinged. (A
    changed password or group on an existing restriction hides nothing new.)"""
    from wagtail.models import PageViewRestriction

    if not created:
        return
    others = PageViewRestriction.objects.exclude(pk=instance.pk).select_related("page")
    for kind in all_kinds():
        # what visible_to_readers() answered just before this restriction existed
        pages = kind.model.objects.live().descendant_of(instance.page, inclusive=True)
        pages = pages.filter(published_at__lte=timezone.now())
        for other in others:
            pages = pages.not_descendant_of(other.page, inclusive=True)
        pages = list(pages)
        if not pages:
            continue
        # A section may hold thousands of articles: one statement for their withdrawals, one
        # outbox write for the feeds they were in.
        now = timezone.now()
        Withdrawal.objects.bulk_create(
            [Withdrawal(page_id=p.pk, uri=f"urn:uuid:{p.translation_key}", withdrawn_at=now) for p in pages],
            update_conflicts=True,
            unique_fields=["page_id"],
            update_fields=["uri", "withdrawn_at"],
        )
        _ping_feeds_of(pages)


def _ping_feeds_of(pages) -> None:
    websub.mark(list(dict.fromkeys(topic for page in pages for topic in websub.topics_for(page))))


def unrestricted(sender, instance, **kwargs) -> None:
    """PageViewRestriction post_delete: the articles readers may see again come back, after
    every cursor handed out meanwhile (their publication time becomes now), and their feeds are
    pinged. After the commit: a restriction also goes when its page is deleted, and that page's
    withdrawal must stay."""
    page_id = instance.page_id
    transaction.on_commit(lambda: _back_to_readers(sender, page_id))


def _back_to_readers(sender, page_id: int) -> None:
    from wagtail.models import Page

    top = Page.objects.filter(pk=page_id).first()
    if top is None:
        return
    now = timezone.now()
    for kind in all_kinds():
        pages = list(kind.model.objects.visible_to_readers(now).descendant_of(top, inclusive=True))
        if not pages:
            continue
        kind.model.objects.filter(pk__in=[p.pk for p in pages]).update(last_published_at=now)
        Withdrawal.objects.filter(page_id__in=[p.pk for p in pages]).delete()
        _ping_feeds_of(pages)
