"""News of emulation movements (tin phong trào thi đua)."""

from django.db import models
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.fields import StreamField
from wagtail.search import index

from core.models import ArticleIndexPage, ArticlePage


class NewsIndexPage(ArticleIndexPage):
    subpage_types = ["news.NewsPage"]
    template = "pages/article_index.html"  # Wagtail does not inherit `template`

    class Meta:
        verbose_name = "chuyên mục tin phong trào"


class AttachedDocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label="Tệp")
    title = blocks.CharBlock(label="Tên hiển thị", required=False)

    class Meta:
        icon = "doc-full"
        label = "Văn bản đính kèm"


class NewsPage(ArticlePage):
    category = models.CharField(
        "Chuyên mục (kicker)", max_length=100, blank=True, help_text='Ví dụ: "Chỉ đạo, điều hành".'
    )
    dateline = models.CharField("Nơi đưa tin", max_length=100, blank=True, help_text='Ví dụ: "Buôn Ma Thuột".')
    documents = StreamField([("document", AttachedDocumentBlock())], verbose_name="Văn bản đính kèm", blank=True)

    content_panels = (
        ArticlePage.headline_panels
        + [FieldPanel("category"), FieldPanel("dateline")]
        + ArticlePage.article_panels
        + [
            FieldPanel("documents"),
            ArticlePage.movements_panel,
            *ArticlePage.meta_panels,
            FieldPanel("tags"),
            InlinePanel("related_links", heading="Tin liên quan (chọn tay)", label="Tin liên quan", max_num=4),
        ]
    )
    search_fields = ArticlePage.search_fields + [index.SearchField("category"), index.FilterField("category")]
    parent_page_types = ["news.NewsIndexPage"]
    subpage_types = []
    template = "pages/news_page.html"

    class Meta:
        verbose_name = "tin phong trào"
        verbose_name_plural = "tin phong trào"

    @classmethod
    def kind_key(cls):
        return "news"

    def search_extra_text(self):
        return super().search_extra_text() + [self.category, self.dateline]

    def apply_import(self, record, context):
        super().apply_import(record, context)
        self.category = record.get_text("category", max_length=100)
        self.dateline = record.get_text("dateline", max_length=100)
