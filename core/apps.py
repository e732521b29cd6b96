from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Dùng chung"

    def ready(self):
        from datetime import timedelta

        from django.db import models
        from django.db.models.signals import post_save, pre_save
        from taggit.models import Tag
        from wagtail.admin.forms.models import register_form_field_override

        from core.cache import connect_signals
        from core.models import CustomImage
        from core.renditions import image_saved
        from core.topics import set_topic_slug
        from core.widgets import VietnameseSlugInput

        connect_signals()
        post_save.connect(image_saved, sender=CustomImage, dispatch_uid="core-image-renditions")
        pre_save.connect(set_topic_slug, sender=Tag, dispatch_uid="core-topic-slug")

        # Every slug field in the admin (pages and snippets) transliterates Vietnamese.
        register_form_field_override(models.SlugField, override={"widget": VietnameseSlugInput})

        from wagtail import hooks
        from wagtail.signals import page_published

        from core import citations, drafts, periodic

        hooks.register("after_create_page", drafts.page_created)
        hooks.register("after_edit_page", drafts.page_edited)
        page_published.connect(drafts.page_published, dispatch_uid="core-draft-kept")
        page_published.connect(citations.page_published, dispatch_uid="core-citations")
        periodic.register("abandoned_drafts", timedelta(hours=1), drafts.delete_abandoned)

        from core import speech_audio

        speech_audio.connect()  # "Nghe bài viết": server audio when SPEECH_ENGINE is set
