"""Background work for search (django-tasks: a database queue run by `manage.py run_worker`,
inline in tests)."""

from django_tasks import task


@task()
def sync_to_elasticsearch() -> None:
    """Send the pages waiting in PendingSync to Elasticsearch (search.sync)."""
    from search import sync

    sync.run()
