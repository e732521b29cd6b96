from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "Tìm kiếm"

    def ready(self):
        from datetime import timedelta

        from core import health, periodic
        from search import signals, sync
        from search.es_engine import health_check

        signals.connect()
        health.register("search", health_check)
        periodic.register("search_elasticsearch_sync", timedelta(minutes=1), sync.run)
