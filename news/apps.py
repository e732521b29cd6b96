from django.apps import AppConfig


class NewsConfig(AppConfig):
    name = "news"
    verbose_name = "Tin phong trào"

    def ready(self):
        from core.kinds import ArticleKind, register_kind

        from .models import NewsIndexPage, NewsPage

        register_kind(ArticleKind("news", "Tin phong trào", NewsPage, NewsIndexPage))
