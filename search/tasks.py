"""Background work for search (django-tasks: inline in development, a worker in production)."""

import logging

from django.conf import settings
from django_tasks import task

logger = logging.getLogger(__name__)


@task()
def sync_to_elasticsearch(page_ids: list[int]) -> None:
    """Mirror the database index into Elasticsearch for these pages. A failure is logged and
    `manage.py search_index rebuild` catches up; the database index is always current, and
    Elasticsearch hits missing from it are never shown."""
    if not settings.ELASTICSEARCH_URL:
        return
    from search import es_index
    from search.es_engine import client

    try:
        es = client()
        for page_id in page_ids:
            es_index.update(es, page_id)
    except Exception:
        logger.exception("Elasticsearch update failed for pages %s; run `search_index rebuild`", page_ids)
