from django.apps import AppConfig


class TranslationsConfig(AppConfig):
    name = "translations"
    verbose_name = "Bản dịch giao diện quản trị"

    def ready(self):
        from django.db.models.signals import post_migrate

        from translations import permissions, unmarked

        post_migrate.connect(permissions.translate_permission_names, dispatch_uid="translations-permission-names")
        unmarked.label_unmarked_fields()
