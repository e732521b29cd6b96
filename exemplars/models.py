"""Stories of exemplary people and collectives (gương người tốt, việc tốt)."""

from django.db import models
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable
from wagtail.search import index

from core.importer import ImportFieldError
from core.models import FIELD_OF_WORK_CHOICES, ArticleIndexPage, ArticlePage, AwardType, PriorityGroup
from core.widgets import VietnamesePicker, VietnameseSinglePicker


class StoryIndexPage(ArticleIndexPage):
    subpage_types = ["exemplars.StoryPage"]
    template = "pages/article_index.html"  # Wagtail does not inherit `template`

    class Meta:
        verbose_name = "chuyên mục gương sáng"


class StoryPage(ArticlePage):
    EXEMPLAR_TYPE_CHOICES = [("individual", "Cá nhân"), ("collective", "Tập thể")]

    # Blank for a story about no one in particular (DESIGN.md contract 3: `exemplar` is optional).
    exemplar_name = models.CharField("Tên cá nhân, tập thể", max_length=255, blank=True)
    exemplar_type = models.CharField("Là", max_length=20, choices=EXEMPLAR_TYPE_CHOICES, default="individual")
    exemplar_occupation = models.CharField("Nghề nghiệp, chức vụ", max_length=255, blank=True)
    exemplar_organisation = models.CharField("Đơn vị công tác", max_length=255, blank=True)
    field_of_work = models.CharField("Lĩnh vực", max_length=30, choices=FIELD_OF_WORK_CHOICES, blank=True)
    priority_groups = ParentalManyToManyField(
        PriorityGroup, verbose_name="Nhóm đối tượng", blank=True, related_name="stories"
    )

    content_panels = (
        ArticlePage.headline_panels
        + ArticlePage.article_panels
        + [
            MultiFieldPanel(
                [
                    FieldRowPanel([FieldPanel("exemplar_name"), FieldPanel("exemplar_type")]),
                    FieldRowPanel([FieldPanel("exemplar_occupation"), FieldPanel("exemplar_organisation")]),
                    FieldPanel("field_of_work"),
                    FieldPanel("priority_groups", widget=VietnamesePicker),
                ],
                heading="Gương điển hình",
            ),
            InlinePanel("awards", heading="Khen thưởng đã nhận", label="Khen thưởng"),
            ArticlePage.movements_panel,
            *ArticlePage.meta_panels,
            FieldPanel("tags"),
            InlinePanel("related_links", heading="Bài liên quan (chọn tay)", label="Bài liên quan", max_num=4),
        ]
    )
    search_fields = ArticlePage.search_fields + [
        index.SearchField("exemplar_name"),
        index.AutocompleteField("exemplar_name"),
        index.SearchField("exemplar_organisation"),
    ]
    parent_page_types = ["exemplars.StoryIndexPage"]
    subpage_types = []
    template = "pages/story_page.html"

    class Meta:
        verbose_name = "gương sáng"
        verbose_name_plural = "gương sáng"

    @classmethod
    def kind_key(cls):
        return "story"

    @classmethod
    def named_exemplars(cls, articles):
        return list(
            articles.exclude(exemplar_name="").order_by("-published_at", "-pk").values_list("pk", "exemplar_name")
        )

    def search_extra_text(self):
        return super().search_extra_text() + [
            self.exemplar_name,
            self.exemplar_occupation,
            self.exemplar_organisation,
            *(a.award_type.name for a in self.awards.select_related("award_type")),
        ]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["awards"] = self.awards.select_related("award_type")
        return context

    def apply_import(self, record, context):
        super().apply_import(record, context)
        exemplar = record.get_object("exemplar") or type(record)({})
        self.exemplar_name = exemplar.get_text("name", max_length=255)
        self.exemplar_type = exemplar.get_text("type") or "individual"
        if self.exemplar_type not in dict(self.EXEMPLAR_TYPE_CHOICES):
            raise ImportFieldError(
                "exemplar.type", f'“{self.exemplar_type}” không hợp lệ; dùng "individual" hoặc "collective"'
            )
        self.exemplar_occupation = exemplar.get_text("occupation", max_length=255)
        self.exemplar_organisation = exemplar.get_text("organisation", max_length=255)
        self.field_of_work = record.get_text("field_of_work")
        if self.field_of_work and self.field_of_work not in dict(FIELD_OF_WORK_CHOICES):
            raise ImportFieldError("field_of_work", f"“{self.field_of_work}” không hợp lệ")
        groups = []
        for name in record.get_list("priority_groups"):
            found = PriorityGroup.objects.filter(name__iexact=name).first()
            if found is None:
                raise ImportFieldError("priority_groups", f"không có nhóm “{name}”")
            groups.append(found)
        self.priority_groups = groups
        self.awards = [self._import_award(n, item) for n, item in enumerate(self._award_items(record), 1)]

    @staticmethod
    def _award_items(record):
        items = record.get("awards") or []
        if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
            raise ImportFieldError("awards", 'phải là danh sách [{"award", "decision", "date"}]')
        return [type(record)(item) for item in items]

    @staticmethod
    def _import_award(number, item):
        name = item.get_text("award", required=True)
        found = AwardType.match(name)
        if not found:
            raise ImportFieldError(f"awards[{number}].award", f"không có hình thức khen thưởng “{name}” trong danh mục")
        return StoryAward(
            award_type=found[0],
            decision_number=item.get_text("decision", max_length=100),
            decision_date=item.get_date("date"),
            issuing_body=item.get_text("issuer", max_length=255),
        )


class StoryAward(Orderable):
    """An award the exemplar received: the form, the decision and who issued it."""

    page = ParentalKey(StoryPage, on_delete=models.CASCADE, related_name="awards")
    award_type = models.ForeignKey(AwardType, verbose_name="Hình thức", on_delete=models.PROTECT, related_name="+")
    decision_number = models.CharField("Số quyết định", max_length=100, blank=True, help_text="Ví dụ: 1234/QĐ-TTg")
    decision_date = models.DateField("Ngày quyết định", null=True, blank=True)
    issuing_body = models.CharField("Cơ quan ban hành", max_length=255, blank=True)

    panels = [
        FieldPanel("award_type", widget=VietnameseSinglePicker),
        FieldRowPanel([FieldPanel("decision_number"), FieldPanel("decision_date")]),
        FieldPanel("issuing_body"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "khen thưởng"


from exemplars.nominations import Nomination  # noqa: E402,F401  (readers' nominations)
