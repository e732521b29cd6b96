from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "Tìm kiếm"

    def ready(self):
        from datetime import timedelta

        from django.db.models.signals import post_delete, post_save
        from wagtail.contrib.search_promotions.models import Query, SearchPromotion

        from core import health, periodic
        from search import answers, signals, sync
        from search.es_engine import health_check

        for signal in (post_save, post_delete):
            for model in (Query, SearchPromotion):
                signal.connect(
                    answers.promotions_changed, sender=model, dispatch_uid=f"search-{model.__name__}-{id(signal)}"
                )
        signals.connect()
        health.register("search", health_check)
        periodic.register("search_elasticsearch_sync", timedelta(minutes=1), sync.run)
