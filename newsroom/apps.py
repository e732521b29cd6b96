from django.apps import AppConfig


class NewsroomConfig(AppConfig):
    name = "newsroom"
    verbose_name = "Tòa soạn"

    def ready(self):
        from django.db.models.signals import post_save

        from newsroom.setup import section_created, section_models

        # A section page created after load_demo (by an editor, on another site) gets the
        # roles and the workflow too. Kinds are registered by the content apps, listed earlier.
        for model in section_models():
            post_save.connect(section_created, sender=model, dispatch_uid=f"newsroom-section-{model._meta.label}")
