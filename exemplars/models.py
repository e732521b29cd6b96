"""Stories of exemplary people and collectives (gương người tốt, việc tốt)."""

from django.db import IntegrityError, models, transaction
from django.urls import reverse
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable
from wagtail.search import index

from core.citations import number_key
from core.importer import ImportFieldError
from core.models import FIELD_OF_WORK_CHOICES, ArticleIndexPage, ArticlePage, AwardType, PriorityGroup
from core.text import clean_text
from core.widgets import LocalitySinglePicker, VietnamesePicker, VietnameseSinglePicker
from exemplars.admin_forms import ExemplarPicker, StoryPageForm
from exemplars.names import folded_name, free_slug, name_key

EXEMPLAR_TYPE_CHOICES = [("individual", "Cá nhân"), ("collective", "Tập thể")]


class Exemplar(models.Model):
    """A person or a collective the stories are about: one profile at a stable address
    (/ho-so/<slug>/, exemplars.views.profile). Stories link to it by name when saved or imported
    (StoryPage.link_exemplar, exemplars.names for the rule); duplicates are merged by editors
    ("Gộp hồ sơ"), the merged profile then pointing at the one kept (`merged_into`)."""

    name = models.CharField("Tên cá nhân, tập thể", max_length=255)
    exemplar_type = models.CharField("Là", max_length=20, choices=EXEMPLAR_TYPE_CHOICES, default="individual")
    slug = models.SlugField(
        "Đường dẫn", max_length=100, unique=True, help_text="Tự tạo từ tên; không đổi để địa chỉ hồ sơ luôn giữ nguyên."
    )
    occupation = models.CharField("Nghề nghiệp, chức vụ", max_length=255, blank=True)
    organisation = models.CharField("Đơn vị công tác", max_length=255, blank=True)
    province = models.ForeignKey(
        "core.Locality",
        verbose_name="Tỉnh, thành phố",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    field_of_work = models.CharField("Lĩnh vực", max_length=30, choices=FIELD_OF_WORK_CHOICES, blank=True)
    # exemplars.names: the exact key automatic linking compares, the accent-free one for look-alikes.
    name_key = models.CharField("Khóa tên", max_length=255, db_index=True, editable=False)
    folded_name = models.CharField("Tên không dấu", max_length=255, db_index=True, editable=False)
    merged_into = models.ForeignKey(
        "self",
        verbose_name="Đã gộp vào",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="merged_profiles",
        editable=False,
    )
    created_at = models.DateTimeField("Tạo lúc", auto_now_add=True)

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("exemplar_type")]),
        FieldRowPanel([FieldPanel("occupation"), FieldPanel("organisation")]),
        FieldRowPanel([FieldPanel("province", widget=LocalitySinglePicker), FieldPanel("field_of_work")]),
        FieldPanel("slug", read_only=True),
    ]

    class Meta:
        verbose_name = "hồ sơ gương"
        verbose_name_plural = "hồ sơ gương"
        ordering = ["name", "pk"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name = " ".join(clean_text(self.name).split())
        self.name_key = name_key(self.name)
        self.folded_name = folded_name(self.name)
        if not self.slug:
            self.slug = free_slug(type(self), self.name, exclude_pk=self.pk)
        super().save(*args, **kwargs)

    def get_url(self) -> str:
        return reverse("exemplars:profile", args=[self.slug])

    def feed_path(self) -> str:
        return f"exemplars/{self.slug}"

    def survivor(self) -> "Exemplar":
        """The profile this one was merged into, through any chain of merges; else itself."""
        profile, seen = self, {self.pk}
        while profile.merged_into_id and profile.merged_into_id not in seen:
            seen.add(profile.merged_into_id)
            profile = profile.merged_into
        return profile

    def fill_blanks(self, details: dict) -> None:
        """Give the empty fields these values (a story's, the profile merged into this one)."""
        changed = [name for name, value in details.items() if value and not getattr(self, name)]
        for name in changed:
            setattr(self, name, details[name])
        if changed:
            self.save(update_fields=changed)

    @classmethod
    def for_name(cls, name: str, exemplar_type: str, defaults=None) -> "Exemplar":
        """The profile a story naming `name` links to: same key (exemplars.names) and type,
        the oldest first, followed to the profile it was merged into; created when none."""
        key = name_key(name)
        same = cls.objects.filter(name_key=key, exemplar_type=exemplar_type).order_by("merged_into", "pk")
        found = same.first()
        if found is not None:
            return found.survivor()
        try:
            with transaction.atomic():  # a savepoint: the caller's transaction survives a clash
                return cls.objects.create(name=name, exemplar_type=exemplar_type, **(defaults or {}))
        except IntegrityError:  # another process created it (or took the slug) meanwhile
            found = same.first()
            if found is None:
                raise
            return found.survivor()

    def answers_to(self, name: str, exemplar_type: str) -> bool:
        """True when a story naming `name` belongs here: this profile's own name or that of a
        profile merged into it."""
        if exemplar_type != self.exemplar_type:
            return False
        key = name_key(name)
        return key == self.name_key or self.merged_profiles.filter(name_key=key).exists()

    def look_alikes(self):
        """Other profiles kept (not merged) of the same type with the same name without accents."""
        return Exemplar.objects.filter(
            folded_name=self.folded_name, exemplar_type=self.exemplar_type, merged_into=None
        ).exclude(pk=self.pk)

    @transaction.atomic
    def merge_into(self, kept: "Exemplar", user=None) -> int:
        """Move every story of this profile (drafts and revisions to come too: StoryPage.
        link_exemplar follows the merge) to `kept`, fill kept's empty fields from this one, mark
        this one merged, log both in their history. Returns the number of stories moved."""
        from wagtail.log_actions import log

        from core.cache import CONTENT, bump

        if kept.pk == self.pk or kept.merged_into_id or self.merged_into_id:
            raise ValueError("Chỉ gộp được hai hồ sơ khác nhau, chưa gộp vào hồ sơ nào.")
        moved = StoryPage.objects.filter(exemplar=self).update(exemplar=kept)
        Exemplar.objects.filter(merged_into=self).update(merged_into=kept)  # earlier merges follow
        fields = ("occupation", "organisation", "field_of_work", "province")
        kept.fill_blanks({name: getattr(self, name) for name in fields})
        self.merged_into = kept
        self.save(update_fields=["merged_into"])
        data = {
            "merged": {"id": self.pk, "name": self.name, "slug": self.slug},
            "kept": {"id": kept.pk, "name": kept.name, "slug": kept.slug},
            "stories": moved,
        }
        log(instance=kept, action="exemplars.merge", user=user, data=data)
        log(instance=self, action="exemplars.merged_into", user=user, data=data)
        bump(CONTENT)  # both profiles, their feeds and the stories' links change
        return moved


class StoryIndexPage(ArticleIndexPage):
    subpage_types = ["exemplars.StoryPage"]
    template = "pages/article_index.html"  # Wagtail does not inherit `template`

    class Meta:
        verbose_name = "chuyên mục gương sáng"


class StoryPage(ArticlePage):
    EXEMPLAR_TYPE_CHOICES = EXEMPLAR_TYPE_CHOICES

    # Blank for a story about no one in particular (DESIGN.md contract 3: `exemplar` is optional).
    exemplar_name = models.CharField("Tên cá nhân, tập thể", max_length=255, blank=True)
    exemplar_type = models.CharField("Là", max_length=20, choices=EXEMPLAR_TYPE_CHOICES, default="individual")
    exemplar_occupation = models.CharField("Nghề nghiệp, chức vụ", max_length=255, blank=True)
    exemplar_organisation = models.CharField("Đơn vị công tác", max_length=255, blank=True)
    field_of_work = models.CharField("Lĩnh vực", max_length=30, choices=FIELD_OF_WORK_CHOICES, blank=True)
    # The profile (/ho-so/<slug>/): chosen by the editor, else found by the name when saved.
    exemplar = models.ForeignKey(
        Exemplar,
        verbose_name="Hồ sơ gương",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="stories",
        help_text="Để trống: khi lưu, bài tự gắn với hồ sơ cùng tên (tạo mới nếu chưa có).",
    )
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
                    FieldPanel("exemplar", widget=ExemplarPicker),
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
    base_form_class = StoryPageForm

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

    # --- the profile (exemplars.Exemplar) ----------------------------------------------------

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is None or {"exemplar", "exemplar_name"} & set(update_fields):
            self.link_exemplar()
        super().save(*args, **kwargs)

    def link_exemplar(self) -> None:
        """The editor's choice stands (followed to the profile it was merged into); without
        one, a named exemplar links to the profile of that name and type, created when missing
        (exemplars.names: which names are one). A profile chosen for a story without a name
        gives it its name and type. A published story fills what its profile leaves empty
        (occupation, organisation, field of work, province); a draft's details stay in the draft."""
        if self.exemplar_id:
            survivor = self.exemplar.survivor()
            if survivor.pk != self.exemplar_id:
                self.exemplar = survivor
            if not self.exemplar_name.strip():
                self.exemplar_name, self.exemplar_type = survivor.name, survivor.exemplar_type
        elif self.exemplar_name.strip():
            self.exemplar = Exemplar.for_name(self.exemplar_name, self.exemplar_type)
        if self.exemplar_id and self.live:
            self.exemplar.fill_blanks(self._profile_details())

    def _profile_details(self) -> dict:
        """What this story says about its exemplar, for the profile's empty fields."""
        province = None
        for locality in self.localities.all():
            province = locality.successor if not locality.is_current and locality.successor_id else locality
            break
        return {
            "occupation": self.exemplar_occupation,
            "organisation": self.exemplar_organisation,
            "field_of_work": self.field_of_work,
            "province": province,
        }

    def cited_numbers(self):
        return super().cited_numbers() | {number_key(a.decision_number) for a in self.awards.all() if a.decision_number}

    def awards_with_documents(self) -> list:
        """The awards, each with `.document`: the published document of its decision, if any."""
        from core.citations import documents_by_number

        awards = list(self.awards.select_related("award_type"))
        documents = documents_by_number(number_key(a.decision_number) for a in awards if a.decision_number)
        for award in awards:
            award.document = documents.get(number_key(award.decision_number)) if award.decision_number else None
        return awards

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["awards"] = self.awards_with_documents()
        context["exemplar"] = self.exemplar.survivor() if self.exemplar_id else None
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
        # The line names the exemplar: its profile is the one of that name, unless the story is
        # already on a profile that answers to it (after a merge, or an editor's choice).
        current = self.exemplar.survivor() if self.exemplar_id else None
        if not self.exemplar_name:
            self.exemplar = None
        elif current is None or not current.answers_to(self.exemplar_name, self.exemplar_type):
            self.exemplar = None  # linked by the name in save(), once the localities are known
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
