from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "documents"
    verbose_name = "Văn bản"

    def ready(self):
        from core.kinds import ArticleKind, register_kind

        from .models import DocumentIndexPage, DocumentPage

        register_kind(ArticleKind("document", "Văn bản", DocumentPage, DocumentIndexPage))
