from django.apps import AppConfig


class FeedsConfig(AppConfig):
    name = "feeds"
    verbose_name = "Cung cấp tin"

    def ready(self):
        from datetime import timedelta

        from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
        from wagtail.models import PageViewRestriction
        from wagtail.signals import page_published, page_unpublished

        from core import periodic
        from core.cache import assets_changed
        from feeds import websub, withdrawals
        from feeds.models import SyndicationSettings

        # The rights statement is printed in every feed, like photo credits (core.cache).
        for signal in (post_save, post_delete):
            signal.connect(assets_changed, sender=SyndicationSettings, dispatch_uid=f"feeds-settings-{id(signal)}")
        page_published.connect(websub.page_changed, dispatch_uid="feeds-websub-published")
        page_unpublished.connect(websub.page_changed, dispatch_uid="feeds-websub-unpublished")
        pre_save.connect(websub.page_saving, dispatch_uid="feeds-websub-saving")
        pre_delete.connect(websub.page_deleting, dispatch_uid="feeds-websub-deleting")
        page_unpublished.connect(withdrawals.withdrawn, dispatch_uid="feeds-withdrawn")
        page_published.connect(withdrawals.published, dispatch_uid="feeds-republished")
        pre_delete.connect(withdrawals.deleting, dispatch_uid="feeds-withdrawn-deleted")
        post_save.connect(withdrawals.restricted, sender=PageViewRestriction, dispatch_uid="feeds-withdrawn-private")
        post_delete.connect(withdrawals.unrestricted, sender=PageViewRestriction, dispatch_uid="feeds-public-again")
        periodic.register("websub_pings", timedelta(minutes=1), websub.run)
