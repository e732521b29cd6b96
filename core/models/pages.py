"""The article page base every content type shares, and the paginated, filterable index."""

import json
from html import unescape

from django.core.paginator import Paginator
from django.db import models
from django.utils import timezone
from django.utils.html import strip_tags
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from core.blocks import ArticleBodyBlock
from core.cache import PublicPageCacheMixin
from core.kinds import all_kinds, get_kind
from core.text import clean_text, vi_slugify

LISTING_PAGE_SIZE = 12


class ArticlePage(PublicPageCacheMixin, RoutablePageMixin, Page):
    """Headline, sapo, hero photo, body, byline, source, localities, published time.

    Subclasses add their own fields and relations (movements, tags, related links)."""

    lead = models.TextField("Sapo", blank=True, help_text="Một hai câu tóm tắt, hiện đậm dưới tiêu đề.")
    hero_image = models.ForeignKey(
        "core.CustomImage",
        verbose_name="Ảnh đại diện",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = StreamField(ArticleBodyBlock(), verbose_name="Nội dung", blank=True)
    published_at = models.DateTimeField(
        "Thời điểm đăng",
        default=timezone.now,
        db_index=True,
        help_text="Giờ Việt Nam. Bài mới nhất đứng đầu danh sách.",
    )
    byline = models.CharField("Dòng ký tên", max_length=255, blank=True, help_text='Ví dụ: "Trần Long - Thuỳ Linh".')
    authors = ParentalManyToManyField("core.Author", verbose_name="Tác giả", blank=True, related_name="+")
    source = models.CharField("Nguồn", max_length=255, blank=True, help_text='Ví dụ: "Theo Báo Hà Tĩnh".')
    source_url = models.URLField("Liên kết nguồn", blank=True)
    localities = ParentalManyToManyField("core.Locality", verbose_name="Địa phương", blank=True, related_name="+")

    search_fields = Page.search_fields + [
        index.SearchField("lead"),
        index.SearchField("body"),
        index.SearchField("byline"),
        index.FilterField("published_at"),
    ]

    article_panels = [
        FieldPanel("lead"),
        FieldPanel("hero_image"),
        FieldPanel("body"),
    ]
    meta_panels = [
        MultiFieldPanel(
            [FieldPanel("byline"), FieldPanel("authors"), FieldPanel("source"), FieldPanel("source_url")],
            heading="Tác giả và nguồn",
        ),
        FieldPanel("published_at"),
        FieldPanel("localities"),
        InlinePanel(
            "corrections",
            heading="Đính chính",
            label="Đính chính",
            help_text="Ghi chú đính chính hiện công khai trên bài, kèm ngày; xuất bản lại để đăng.",
        ),
    ]

    # A copy is a new article: the original's corrections are not about it.
    exclude_fields_in_copy = ["corrections"]

    class Meta:
        abstract = True

    # --- kinds and URLs -------------------------------------------------------------

    @classmethod
    def kind_key(cls) -> str:
        raise NotImplementedError

    @property
    def kind(self):
        return get_kind(self.kind_key())

    def full_clean(self, *args, **kwargs):
        # Wagtail's default slug keeps Unicode or (ASCII mode) silently drops đ: use ours.
        if not self.slug and self.title:
            self.slug = vi_slugify(self.title)
        super().full_clean(*args, **kwargs)

    def save(self, *args, **kwargs):
        self.title = clean_text(self.title)
        self.lead = clean_text(self.lead)
        super().save(*args, **kwargs)

    # --- reading ----------------------------------------------------------------------

    @classmethod
    def listing_queryset(cls):
        """Published, public pages with what a card needs, in a fixed number of queries."""
        return (
            cls.objects.live()
            .public()
            .defer_streamfields()  # cards never show the body
            .select_related("hero_image")
            .prefetch_related("hero_image__renditions")
            .order_by("-published_at", "-pk")
        )

    def related_pages(self, limit=4):
        """Hand-picked related pages first, then the newest sharing a movement or locality."""
        picked_ids = [link.page_id for link in self.related_links.all() if link.page_id]
        picked = {}
        if picked_ids:  # one listing query per kind, whatever the number of links
            for kind in all_kinds():
                picked.update((p.pk, p) for p in kind.model.listing_queryset().filter(pk__in=picked_ids))
        chosen = [picked[pk] for pk in picked_ids if pk in picked][:limit]
        if len(chosen) < limit:
            shared = models.Q(localities__in=self.localities.all())
            if hasattr(self, "movements"):
                shared |= models.Q(movements__in=self.movements.all())
            # A subquery of ids rather than DISTINCT over whole page rows (slow on PostgreSQL).
            sharing = type(self).objects.filter(shared).values("pk")
            automatic = (
                type(self)
                .listing_queryset()
                .filter(pk__in=sharing)
                .exclude(pk__in=[self.pk, *picked])[: limit - len(chosen)]
            )
            chosen.extend(automatic)
        return chosen

    def published_corrections(self):
        """The "Đính chính" notes readers see, newest first."""
        return sorted(self.corrections.all(), key=lambda c: (c.date, c.sort_order or 0), reverse=True)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["related_pages"] = self.related_pages()
        context["json_ld"] = self.json_ld(request)
        context["breadcrumbs"] = self.get_ancestors().filter(depth__gt=2)  # titles and URLs only
        return context

    @path("in/", name="print")
    def print_view(self, request):
        """ "In bài": the article alone, laid out for paper."""
        return self.render(request, template="pages/article_print.html")

    def json_ld(self, request) -> str:
        """schema.org NewsArticle for search engines, escaped for a <script> element."""
        data = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": self.title,
            "description": self.lead,
            "datePublished": timezone.localtime(self.published_at).isoformat(),
            "dateModified": timezone.localtime(self.last_published_at or self.published_at).isoformat(),
            "inLanguage": "vi",
            "mainEntityOfPage": self.get_full_url(request),
            "author": [{"@type": "Person", "name": name} for name in self.byline_names] or None,
            "publisher": {"@type": "Organization", "name": "Gương Sáng"},
        }
        if self.hero_image:
            rendition = self.hero_image.get_rendition("fill-1200x630|format-jpeg")  # same as og:image
            data["image"] = [request.build_absolute_uri(rendition.url)]
        data = {k: v for k, v in data.items() if v is not None}
        return json.dumps(data, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e")

    # --- search (search.indexing) ----------------------------------------------------------

    def body_text(self) -> str:
        """The body's words as plain text, paragraphs and quotes, for search and excerpts."""
        parts = []
        for block in self.body:
            if block.block_type == "paragraph":
                parts.append(strip_tags(block.value.source))
            elif block.block_type == "quote":
                parts.append(f"{block.value['text']} {block.value['attribution']}")
            elif block.block_type == "image":
                parts.append(block.value["caption"] or "")
        return unescape(" ".join(p.strip() for p in parts if p))

    def search_extra_text(self) -> list[str]:
        """More words that should find this article: subclasses add their own fields."""
        words = [self.byline, self.source, *(t.name for t in self.tags.all())]
        words += [loc.name for loc in self.localities.all()]
        if hasattr(self, "movements"):
            for movement in self.movements.all():
                words += [movement.title, *movement.alias_list]
        return words

    # --- import (core.importer) ----------------------------------------------------------

    def apply_import(self, record, context):
        """Copy the fields every kind shares from an import line onto this page.
        Subclasses extend this for their own fields and raise ImportFieldError on bad values."""
        from core.importer import ImportFieldError, body_blocks, import_image
        from core.models import Author, Locality

        self.title = record.get_text("title", required=True, max_length=255)
        self.lead = record.get_text("lead")
        self.body = body_blocks(record)
        self.published_at = record.get_datetime("published_at", required=True)
        self.byline = record.get_text("byline", max_length=255)
        self.source = record.get_text("source", max_length=255)
        self.source_url = record.get_text("source_url", max_length=200)
        if self.source_url and not self.source_url.startswith(("http://", "https://")):
            raise ImportFieldError("source_url", "phải bắt đầu bằng http:// hoặc https://")
        localities = []
        for name in record.get_list("localities"):
            locality = Locality.match_at(name, self.published_at)
            if locality is None:
                raise ImportFieldError("localities", f"không tìm thấy địa phương “{name}”")
            localities.append(locality)
        self.localities = localities
        self.authors = [Author.objects.get_or_create(name=name[:120])[0] for name in self.byline_names]
        self.tags.set([t[:100] for t in record.get_list("tags")])
        image_spec = record.get_object("image")
        self.hero_image = import_image(image_spec, context) if image_spec else None
        if not self.pk:
            self.slug = self._free_slug(context.parents[self.kind_key()])

    def _free_slug(self, parent) -> str:
        base = vi_slugify(self.title) or "bai-viet"
        taken = set(parent.get_children().filter(slug__startswith=base).values_list("slug", flat=True))
        slug, n = base, 2
        while slug in taken:
            slug, n = f"{base}-{n}", n + 1
        return slug

    @property
    def byline_names(self) -> list[str]:
        return [n.strip() for n in self.byline.replace(",", " - ").split(" - ") if n.strip()]


class RelatedPageLink(Orderable):
    """An editor's hand-picked related page. Subclasses add the ParentalKey."""

    page = models.ForeignKey(
        "wagtailcore.Page", verbose_name="Bài liên quan", on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("page")]

    class Meta(Orderable.Meta):
        abstract = True


class Correction(Orderable):
    """ "Đính chính": a dated note on what an article got wrong, published with the article.

    Keyed to Page (ArticlePage is abstract) like Wagtail's own editor comments; only article
    pages offer the panel. Saved rows are the published ones: a draft's notes live in its
    revision until it is published."""

    page = ParentalKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="corrections")
    date = models.DateField("Ngày đính chính", default=timezone.localdate)
    text = models.TextField("Nội dung đính chính", help_text="Văn bản thuần; hiện nguyên văn trên bài.")

    panels = [FieldPanel("date"), FieldPanel("text")]

    class Meta(Orderable.Meta):
        verbose_name = "đính chính"
        verbose_name_plural = "đính chính"

    def __str__(self):
        return f"Đính chính {self.date:%d/%m/%Y}"

    def save(self, *args, **kwargs):
        self.text = clean_text(self.text)
        super().save(*args, **kwargs)


class ArticleIndexPage(PublicPageCacheMixin, Page):
    """A section front: its articles, newest first, filterable by movement, locality, year."""

    intro = models.TextField("Giới thiệu", blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    max_count = 1
    cache_query_params = ("movement", "locality", "year", "page")  # core.listing's filters, and the page

    class Meta:
        abstract = True

    @classmethod
    def article_model(cls):
        """The article type this section lists: its one allowed child page type."""
        return cls.allowed_subpage_models()[0]

    def other_sections(self):
        """The other kinds' section fronts, offered when a filter finds nothing here."""
        return [
            section
            for kind in all_kinds()
            if kind.index_model is not type(self)
            for section in kind.index_model.objects.live().public()[:1]
        ]

    def get_context(self, request, *args, **kwargs):
        from core.listing import ListingFilters

        context = super().get_context(request, *args, **kwargs)
        model = self.article_model()
        filters = ListingFilters.from_request(request, model)
        articles = filters.apply(model.listing_queryset().descendant_of(self))
        paginator = Paginator(articles, LISTING_PAGE_SIZE)
        context.update(
            filters=filters,
            page_obj=paginator.get_page(request.GET.get("page")),
            paginator=paginator,
        )
        return context
