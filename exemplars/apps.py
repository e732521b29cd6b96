from django.apps import AppConfig


class ExemplarsConfig(AppConfig):
    name = "exemplars"
    verbose_name = "Gương người tốt, việc tốt"

    def ready(self):
        from core.kinds import ArticleKind, register_kind

        from .models import StoryIndexPage, StoryPage

        register_kind(ArticleKind("story", "Gương sáng", StoryPage, StoryIndexPage))
