"""Mirroring the database index into Elasticsearch without losing anything (core.outbox).

Every index change records its page in PendingSync (in the same transaction as the database
index) and enqueues `sync_to_elasticsearch`; the task, and a periodic job every minute, send the
due pages to Elasticsearch and delete their rows. While Elasticsearch is down the rows wait;
when it returns the next round catches up. `search_index status` shows how many wait."""

from django.conf import settings

from core import outbox
from search.models import PendingSync


def mark(page_ids) -> None:
    """Record pages to mirror and enqueue a run (with the database queue the task row is
    committed with the change, so the worker never runs before the rows exist)."""
    if not settings.ELASTICSEARCH_URL:
        return
    outbox.mark(PendingSync, "page_id", page_ids)
    from search.tasks import sync_to_elasticsearch

    sync_to_elasticsearch.enqueue()


def run(es=None) -> tuple[int, int]:
    """Send the due pages; returns (sent, still waiting)."""
    if not settings.ELASTICSEARCH_URL:
        return 0, 0
    from search import es_index
    from search.es_engine import client

    es = es or client()
    return outbox.drain(PendingSync, lambda row: es_index.update(es, row.page_id), what="Elasticsearch update")
