from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "Tìm kiếm"

    def ready(self):
        from datetime import timedelta

        from core import periodic
        from search import signals, sync

        signals.connect()
        periodic.register("search_elasticsearch_sync", timedelta(minutes=1), sync.run)
