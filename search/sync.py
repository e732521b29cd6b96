"""Mirroring the database index into Elasticsearch without losing anything.

Every index change records its page in PendingSync (in the same transaction as the database
index) and enqueues `sync_to_elasticsearch`; the task, and a periodic job every minute, send the
due pages to Elasticsearch and delete their rows. When Elasticsearch is down the rows stay, with
the error and a delay that doubles up to an hour; when it returns the next round catches up.
Nothing is dropped after N attempts: `search_index status` shows how many wait."""

import logging
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from search.models import PendingSync

logger = logging.getLogger(__name__)
BATCH = 500
MAX_DELAY = timedelta(hours=1)


def mark(page_ids) -> None:
    """Record pages to mirror and enqueue a run (with the database queue the task row is
    committed with the change, so the worker never runs before the rows exist)."""
    if not settings.ELASTICSEARCH_URL:
        return
    now = timezone.now()
    for page_id in dict.fromkeys(page_ids):
        PendingSync.objects.update_or_create(
            page_id=page_id, defaults={"attempts": 0, "next_attempt_at": now, "last_error": ""}
        )
    from search.tasks import sync_to_elasticsearch

    sync_to_elasticsearch.enqueue()


def delay(attempts: int) -> timedelta:
    return min(timedelta(minutes=2 ** (attempts - 1)), MAX_DELAY)


def run(es=None) -> tuple[int, int]:
    """Send the due pages; returns (sent, still waiting). Stops at the first failure: when
    Elasticsearch is down every page would fail the same way."""
    if not settings.ELASTICSEARCH_URL:
        return 0, 0
    from search import es_index
    from search.es_engine import client

    es = es or client()
    now = timezone.now()
    due = list(PendingSync.objects.filter(next_attempt_at__lte=now).order_by("next_attempt_at")[:BATCH])
    sent = 0
    for index, row in enumerate(due):
        try:
            es_index.update(es, row.page_id)
        except Exception as exc:
            failed = due[index:]
            for pending in failed:
                pending.attempts += 1
                pending.next_attempt_at = now + delay(pending.attempts)
                pending.last_error = f"{exc.__class__.__name__}: {exc}"[:1000]
            PendingSync.objects.bulk_update(failed, ["attempts", "next_attempt_at", "last_error"])
            logger.warning("Elasticsearch update failed for %s page(s), retrying in %s: %s",
                           len(failed), delay(due[index].attempts), exc)
            break
        # Only if nothing re-marked the page meanwhile (a newer change must still be sent).
        PendingSync.objects.filter(page_id=row.page_id, queued_at=row.queued_at).delete()
        sent += 1
    return sent, PendingSync.objects.count()
