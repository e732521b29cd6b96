"""Emulation movements (phong trào thi đua): each one a hub page that lists its articles."""

import re

from django.db import models
from django.utils.html import strip_tags
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from core.blocks import RICH_TEXT_FEATURES
from core.cache import PublicPageCacheMixin
from core.citations import find_numbers
from core.kinds import all_kinds
from core.models import FIELD_OF_WORK_CHOICES, VietnameseSlugMixin
from core.text import fold
from core.widgets import LocalitySinglePicker, VietnameseSinglePicker


class MovementIndexPage(VietnameseSlugMixin, PublicPageCacheMixin, Page):
    intro = models.TextField("Giới thiệu", blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["movements.MovementPage"]
    max_count = 1
    template = "pages/movement_index_page.html"

    class Meta:
        verbose_name = "danh sách phong trào"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        movements = MovementPage.objects.child_of(self).live().public().select_related("hero_image")
        context["movements_by_status"] = [
            (label, [m for m in movements if m.status == value])
            for value, label in MovementPage.STATUS_CHOICES
            if any(m.status == value for m in movements)
        ]
        return context


class MovementPage(VietnameseSlugMixin, PublicPageCacheMixin, Page):
    SCOPE_CHOICES = [("national", "Toàn quốc"), ("ministry", "Bộ, ngành, đoàn thể"), ("province", "Tỉnh, thành phố")]
    STATUS_CHOICES = [
        ("active", "Đang triển khai"),
        ("revitalising", "Đang làm mới"),
        ("planned", "Sắp phát động"),
        ("proposed", "Đang nghiên cứu"),
        ("closed", "Đã tổng kết"),
    ]

    alternative_names = models.TextField(
        "Tên gọi khác",
        blank=True,
        help_text='Mỗi dòng một tên, kể cả cách các báo hay viết sai ("chung tay" thay "chung sức").',
    )
    launcher = models.CharField("Cơ quan, người phát động", max_length=255, blank=True)
    launch_date = models.DateField("Ngày phát động", null=True, blank=True)
    launch_occasion = models.CharField("Dịp phát động", max_length=255, blank=True)
    period_start = models.PositiveSmallIntegerField("Từ năm", null=True, blank=True)
    period_end = models.PositiveSmallIntegerField("Đến năm", null=True, blank=True)
    theme = models.TextField("Chủ đề, khẩu hiệu", blank=True)
    scope = models.CharField("Phạm vi", max_length=20, choices=SCOPE_CHOICES, default="national")
    scope_locality = models.ForeignKey(
        "core.Locality",
        verbose_name="Địa phương phát động",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    parent_movement = models.ForeignKey(
        "self",
        verbose_name="Hưởng ứng phong trào",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="local_movements",
    )
    status = models.CharField("Tình trạng", max_length=20, choices=STATUS_CHOICES, default="active")
    field_of_work = models.CharField(
        "Lĩnh vực",
        max_length=30,
        choices=FIELD_OF_WORK_CHOICES,
        blank=True,
        help_text="Lĩnh vực chính của phong trào; tin, bài thuộc phong trào mang mã chủ đề IPTC của lĩnh vực này.",
    )
    description = RichTextField("Mô tả", features=RICH_TEXT_FEATURES, blank=True)
    # Named by its label (a lazy reference): a content app never imports another.
    launch_document = models.ForeignKey(
        "documents.DocumentPage",
        verbose_name="Văn bản phát động",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="launched_movements",
        help_text="Chỉ thị, quyết định hay kế hoạch phát động phong trào, nếu đã đăng ở mục Văn bản.",
    )
    hero_image = models.ForeignKey(
        "core.CustomImage",
        verbose_name="Ảnh đại diện",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    content_panels = Page.content_panels + [
        FieldPanel("alternative_names"),
        MultiFieldPanel(
            [
                FieldPanel("launcher"),
                FieldRowPanel([FieldPanel("launch_date"), FieldPanel("launch_occasion")]),
                FieldRowPanel([FieldPanel("period_start"), FieldPanel("period_end")]),
                FieldPanel("launch_document"),
            ],
            heading="Phát động",
        ),
        FieldPanel("theme"),
        FieldRowPanel([FieldPanel("scope"), FieldPanel("scope_locality", widget=LocalitySinglePicker)]),
        FieldPanel("parent_movement", widget=VietnameseSinglePicker),
        FieldRowPanel([FieldPanel("status"), FieldPanel("field_of_work")]),
        FieldPanel("hero_image"),
        FieldPanel("description"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("alternative_names"),
        index.SearchField("theme"),
        index.SearchField("description"),
        index.AutocompleteField("alternative_names"),
        index.SearchField("admin_search_text"),
        index.AutocompleteField("admin_search_text"),
    ]
    parent_page_types = ["movements.MovementIndexPage"]
    subpage_types = []
    template = "pages/movement_page.html"

    class Meta:
        verbose_name = "phong trào thi đua"
        verbose_name_plural = "phong trào thi đua"

    def admin_search_text(self) -> str:
        """The names without accents, for the admin's search (as ArticlePage.admin_search_text)."""
        return fold(" ".join([self.title, self.alternative_names]))

    @property
    def alias_list(self) -> list[str]:
        return [a.strip() for a in self.alternative_names.splitlines() if a.strip()]

    @property
    def period(self) -> str:
        """The whole period in words: "2026-2030", "từ năm 2011 đến nay", "đến năm 2030"."""
        if self.period_start and self.period_end:
            return f"{self.period_start}-{self.period_end}"
        if self.period_end:
            return f"đến năm {self.period_end}"
        if self.period_start:
            ongoing = self.status in ("active", "revitalising")
            return f"từ năm {self.period_start}{' đến nay' if ongoing else ''}"
        return ""

    @property
    def period_beside_title(self) -> str:
        """The period where a list prints it after the title: nothing when the title already
        says it ("…, giai đoạn 2026-2030")."""
        if (
            self.period_start
            and self.period_end
            and re.search(rf"{self.period_start}\s*[-–]\s*{self.period_end}", self.title)
        ):
            return ""
        return self.period

    def cited_numbers(self) -> set[str]:
        """The documents this movement cites (core.citations): the one that launched it and
        the numbers in its theme and description."""
        numbers = find_numbers(f"{self.theme} {strip_tags(self.description)}")
        if self.launch_document_id:
            numbers.add(self._documents().get(pk=self.launch_document_id).number_key)
        return numbers

    def _documents(self):
        return self._meta.get_field("launch_document").related_model.objects

    def visible_launch_document(self):
        """The launching document if readers may open it."""
        if not self.launch_document_id:
            return None
        return self._documents().visible_to_readers().filter(pk=self.launch_document_id).first()

    def match_names(self) -> set[str]:
        return {fold(n) for n in [self.title, *self.alias_list]}

    @classmethod
    def match(cls, name: str):
        wanted = fold(name)
        return next((m for m in cls.objects.all() if wanted in m.match_names()), None)

    def articles_by_kind(self, limit=6):
        """The hub: the newest published articles of every kind linked to this movement."""
        return [(kind, list(kind.model.listing_queryset().filter(movements=self)[:limit])) for kind in all_kinds()]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["articles_by_kind"] = self.articles_by_kind()
        context["local_movements"] = self.local_movements.live().public()
        context["launch_document"] = self.visible_launch_document()
        return context
