from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Dùng chung"

    def ready(self):
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

        from core import speech_audio

        speech_audio.connect()  # "Nghe bài viết": server audio when SPEECH_ENGINE is set
