from datetime import timedelta

from django.apps import AppConfig


class ExemplarsConfig(AppConfig):
    name = "exemplars"
    verbose_name = "Gương người tốt, việc tốt"

    def ready(self):
        from core import periodic
        from core.kinds import ArticleKind, register_kind

        from .models import StoryIndexPage, StoryPage
        from .nominations import purge_expired_contacts

        register_kind(ArticleKind("story", "Gương sáng", StoryPage, StoryIndexPage))
        # Decree 13/2023/NĐ-CP: nominators' contact data does not outlive its retention period.
        periodic.register("purge_nomination_contacts", timedelta(hours=6), purge_expired_contacts)
