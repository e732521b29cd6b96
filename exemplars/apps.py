from datetime import timedelta

from django.apps import AppConfig


class ExemplarsConfig(AppConfig):
    name = "exemplars"
    verbose_name = "Gương người tốt, việc tốt"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from core import periodic
        from core.cache import assets_changed
        from core.kinds import ArticleKind, register_kind

        from .models import Exemplar, StoryIndexPage, StoryPage
        from .nominations import purge_expired_contacts

        register_kind(ArticleKind("story", "Gương sáng", StoryPage, StoryIndexPage))
        # Decree 13/2023/NĐ-CP: nominators' contact data does not outlive its retention period.
        periodic.register("purge_nomination_contacts", timedelta(hours=6), purge_expired_contacts)
        # A profile's name, province or field is printed by its page, its feed and the stories'
        # links to it: an edit changes what readers see (a new profile, nothing yet).
        for signal in (post_save, post_delete):
            signal.connect(assets_changed, sender=Exemplar, dispatch_uid=f"assets-exemplar-{id(signal)}")
