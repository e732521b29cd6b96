"""Withdrawals for agencies: an article unpublished or deleted is announced in ninjs `?since`
as `pubstatus: "canceled"` (feeds.ninjs_views), and forgotten once it is published again."""

from django.utils import timezone

from core.kinds import kind_of
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
