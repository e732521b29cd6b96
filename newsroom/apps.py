from django.apps import AppConfig


class NewsroomConfig(AppConfig):
    name = "newsroom"
    verbose_name = "Tòa soạn"

    def ready(self):
        from django.db.models.signals import post_migrate, post_save, pre_migrate

        from home.signals import demo_loaded
        from newsroom import roles
        from newsroom.setup import demo_loaded as set_up_demo_newsroom
        from newsroom.setup import section_created, section_models

        demo_loaded.connect(set_up_demo_newsroom, dispatch_uid="newsroom-demo")
        pre_migrate.connect(roles.note_permissions_before_migrate, dispatch_uid="newsroom-permissions-before")
        post_migrate.connect(roles.grant_new_permissions_to_administrators, dispatch_uid="newsroom-new-permissions")

        # A section page created after load_demo (by an editor, on another site) gets the
        # roles and the workflow too. Kinds are registered by the content apps, listed earlier.
        for model in section_models():
            post_save.connect(section_created, sender=model, dispatch_uid=f"newsroom-section-{model._meta.label}")
