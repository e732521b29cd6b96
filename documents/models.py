"""Documents ("Văn bản"): laws, decrees, directives, decisions, announcements and plans that
stories and movements cite, published in the form Nghị định 42/2022/NĐ-CP asks of state
portals (type, number and symbol, issuer, dates, status, summary, file), at /van-ban/.

A document is an article kind ("document", core.kinds): readers' rule, search, feeds, ninjs,
sitemaps and the importer treat it like the other kinds. What makes it a document is here."""

import json

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.utils import timezone
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.documents import get_document_model
from wagtail.search import index

from core.citations import citing_page_ids, number_key
from core.importer import ImportFieldError
from core.models import ArticleIndexPage, ArticlePage, visible_pages
from core.text import fold
from documents.files import extract_text

DOC_TYPES = [
    "Hiến pháp",
    "Luật",
    "Pháp lệnh",
    "Nghị quyết",
    "Nghị định",
    "Quyết định",
    "Chỉ thị",
    "Thông tư",
    "Thông báo",
    "Kết luận",
    "Kế hoạch",
    "Hướng dẫn",
    "Công văn",
    "Khác",
]
DOC_TYPE_CHOICES = [(t, t) for t in DOC_TYPES]


class DocumentIndexPage(ArticleIndexPage):
    """/van-ban/: every document, newest issued first, filtered by type, issuer and year and
    searched by number and summary (documents.listing)."""

    subpage_types = ["documents.DocumentPage"]
    template = "pages/document_index.html"
    cache_query_params = ("q", "type", "issuer", "year", "page")

    class Meta:
        verbose_name = "danh mục văn bản"

    def get_context(self, request, *args, **kwargs):
        from documents.listing import DocumentFilters

        context = super(ArticleIndexPage, self).get_context(request, *args, **kwargs)
        filters = DocumentFilters.from_request(request)
        documents = filters.apply(DocumentPage.listing_queryset().descendant_of(self))
        paginator = Paginator(documents, 20)
        context.update(filters=filters, page_obj=paginator.get_page(request.GET.get("page")), paginator=paginator)
        return context


class DocumentPage(ArticlePage):
    STATUS_CHOICES = [("in_force", "Còn hiệu lực"), ("expired", "Hết hiệu lực"), ("replaced", "Được thay thế")]

    doc_type = models.CharField("Loại văn bản", max_length=30, choices=DOC_TYPE_CHOICES)
    number = models.CharField("Số, ký hiệu", max_length=100, help_text="Ví dụ: 34-CT/TW, 59/TB-VPCP, 06/2022/QH15.")
    number_key = models.CharField(max_length=100, editable=False, db_index=True)  # core.citations.number_key
    issuer = models.CharField("Cơ quan ban hành", max_length=255, help_text="Ví dụ: Ban Bí thư, Thủ tướng Chính phủ.")
    issued_on = models.DateField("Ngày ban hành")
    effective_on = models.DateField("Ngày có hiệu lực", null=True, blank=True)
    status = models.CharField("Tình trạng", max_length=20, choices=STATUS_CHOICES, default="in_force")
    replaced_by = models.ForeignKey(
        "self",
        verbose_name="Được thay thế bởi",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replaces",
    )
    file = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name="Tệp văn bản (PDF, DOCX)",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    file_text = models.TextField(editable=False, blank=True)  # the file's words, for search only
    # Type, number, issuer and summary without accents: the list's own search ("chi thi 34").
    lookup_text = models.TextField(editable=False, blank=True)

    content_panels = ArticlePage.headline_panels + [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("doc_type"), FieldPanel("number")]),
                FieldPanel("issuer"),
                FieldRowPanel([FieldPanel("issued_on"), FieldPanel("effective_on")]),
                FieldRowPanel([FieldPanel("status"), FieldPanel("replaced_by")]),
            ],
            heading="Thông tin văn bản",
        ),
        FieldPanel("lead", heading="Trích yếu", help_text="Nội dung tóm tắt của văn bản."),
        FieldPanel("file"),
        FieldPanel("body", heading="Toàn văn (nếu có)"),
        ArticlePage.movements_panel,
        FieldPanel("published_at"),
        FieldPanel("link_documents"),
        FieldPanel("tags"),
    ]
    search_fields = ArticlePage.search_fields + [index.SearchField("number"), index.AutocompleteField("number")]
    parent_page_types = ["documents.DocumentIndexPage"]
    subpage_types = []
    template = "pages/document_page.html"

    class Meta:
        verbose_name = "văn bản"
        verbose_name_plural = "văn bản"

    @classmethod
    def kind_key(cls):
        return "document"

    @property
    def in_force(self) -> bool:
        return self.status == "in_force"

    def clean(self):
        super().clean()
        if self.replaced_by_id and self.replaced_by_id == self.pk:
            raise ValidationError({"replaced_by": "Một văn bản không thay thế chính nó."})
        if self.effective_on and self.issued_on and self.effective_on < self.issued_on:
            raise ValidationError({"effective_on": "Ngày có hiệu lực không thể trước ngày ban hành."})
        if self.file_id:
            from documents.files import check_file

            document = get_document_model().objects.get(pk=self.file_id)
            with document.open_file() as fh:
                try:
                    check_file(document.file.name, fh.read(8), document.get_file_size() or 0)
                except ValidationError as exc:
                    raise ValidationError({"file": exc.messages}) from exc

    def save(self, *args, **kwargs):
        self.number_key = number_key(self.number)
        self.lookup_text = fold(" ".join([self.doc_type, self.number, self.issuer, self.title, self.lead]))
        if self.file_id and getattr(self, "_file_text_of", None) != self.file_id:
            self._refresh_file_text()
        elif not self.file_id:
            self.file_text = ""
        super().save(*args, **kwargs)

    def _refresh_file_text(self):
        """Read the file's words again when the file changed (not on every save)."""
        document = get_document_model().objects.get(pk=self.file_id)
        stored = type(self).objects.filter(pk=self.pk).values_list("file_id", flat=True).first() if self.pk else None
        if stored != self.file_id or not self.file_text:
            with document.open_file() as fh:
                self.file_text = extract_text(document.file.name, fh.read())
        self._file_text_of = self.file_id

    # --- what readers see ------------------------------------------------------------

    @property
    def file_size_label(self) -> str:
        size = self.file.get_file_size() if self.file else None
        if not size:
            return ""
        if size < 1024 * 1024:
            return f"{max(1, round(size / 1024))} KB"
        return f"{size / 1024 / 1024:.1f} MB".replace(".", ",")

    def citing_pages(self) -> list:
        """The movements, stories and news readers may see that cite this document, newest
        first (core.citations keeps what each published page cites)."""
        ids = [pk for pk in citing_page_ids(self.number_key) if pk != self.pk]
        if not ids:
            return []
        pages = visible_pages(self.get_site().root_page.get_descendants().filter(pk__in=ids)).specific()
        return sorted(pages, key=lambda p: getattr(p, "published_at", None) or p.first_published_at, reverse=True)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["citing_pages"] = self.citing_pages()
        visible = type(self).objects.visible_to_readers()
        context["replaces"] = visible.filter(replaced_by=self)
        context["replaced_by"] = visible.filter(pk=self.replaced_by_id).first() if self.replaced_by_id else None
        return context

    def json_ld(self, request) -> str:
        """schema.org Legislation: what the document is, by whom and since when."""
        data = {
            "@context": "https://schema.org",
            "@type": "Legislation",
            "name": self.title,
            "legislationIdentifier": self.number,
            "legislationType": self.doc_type,
            "legislationDate": self.issued_on.isoformat(),
            "legislationPassedBy": {"@type": "Organization", "name": self.issuer},
            "legislationLegalForce": "https://schema.org/" + ("InForce" if self.in_force else "NotInForce"),
            "abstract": self.lead or None,
            "inLanguage": "vi",
            "url": self.get_full_url(request),
            "datePublished": timezone.localtime(self.published_at).isoformat(),
        }
        if self.effective_on:
            data["legislationDateOfApplicability"] = self.effective_on.isoformat()
        data = {k: v for k, v in data.items() if v is not None}
        return json.dumps(data, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e")

    # --- search, citations, import --------------------------------------------------------

    def search_extra_text(self):
        return super().search_extra_text() + [
            self.doc_type,
            self.number,
            self.number.replace("/", " ").replace("-", " "),  # "34 CT TW" and "chi thi 34" find it
            self.issuer,
            self.file_text,
        ]

    def cited_numbers(self):
        return super().cited_numbers() - {self.number_key}

    import_body_required = False  # contract 8: the text is optional

    @classmethod
    def import_publication_status(cls, record) -> str:
        """A document line's `status` is its legal force (contract 8), and a document is
        imported to be read: it is published."""
        return "published"

    def apply_import(self, record, context):
        """A "document" line (DESIGN.md contract 8): its own fields, and the article fields
        made from them (title, sapo, date) where the line has none."""
        from documents.importing import document_fields

        fields = document_fields(record, context)
        defaults = {
            "title": f"{fields['doc_type']} {fields['number']}",
            "lead": fields.pop("summary"),
            "published_at": fields["issued_on"].isoformat() + "T00:00:00",
        }
        record = type(record)({**defaults, **{k: v for k, v in record.items() if k not in ("status", "file")}})
        super().apply_import(record, context)
        file_spec = fields.pop("file")
        for name, value in fields.items():
            setattr(self, name, value)
        self.file = file_spec
        if self.effective_on and self.effective_on < self.issued_on:
            raise ImportFieldError("effective_on", "trước ngày ban hành (issued_on)")
