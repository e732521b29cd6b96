from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Dùng chung"

    def ready(self):
        from django.db import models
        from wagtail.admin.forms.models import register_form_field_override

        from core.cache import connect_signals
        from core.widgets import VietnameseSlugInput

        connect_signals()

        # Every slug field in the admin (pages and snippets) transliterates Vietnamese.
        register_form_field_override(models.SlugField, override={"widget": VietnameseSlugInput})
