from django.apps import AppConfig


class FeedsConfig(AppConfig):
    name = "feeds"
    verbose_name = "Cung cấp tin"

    def ready(self):
        from datetime import timedelta

        from django.db.models.signals import post_delete, post_save
        from wagtail.signals import page_published, page_unpublished

        from core import periodic
        from core.models import CustomImage, Locality
        from feeds import websub
        from feeds.models import SyndicationSettings

        # What feeds print beyond the pages themselves: photo captions and credits, locality
        # names, the rights statement. The content version covers the pages.
        for model in (CustomImage, Locality, SyndicationSettings):
            for signal in (post_save, post_delete):
                signal.connect(_bump, sender=model, dispatch_uid=f"feeds-version-{model.__name__}-{id(signal)}")
        page_published.connect(websub.page_changed, dispatch_uid="feeds-websub-published")
        page_unpublished.connect(websub.page_changed, dispatch_uid="feeds-websub-unpublished")
        periodic.register("websub_pings", timedelta(minutes=1), websub.run)


# Wagtail saves an image to record its file's size and hash on first use: not a change a feed shows.
_BOOKKEEPING_FIELDS = {"file_size", "file_hash"}


def _bump(sender, created=False, update_fields=None, **kwargs):
    """A new row (a photo not yet in any article, the settings created with their defaults on
    first read) changes no feed; an edit or a deletion may."""
    from feeds.conditional import bump_feeds_version

    if created or (update_fields and set(update_fields) <= _BOOKKEEPING_FIELDS):
        return
    bump_feeds_version()
