"""Reference data editors choose from: localities, award types, priority groups, authors."""

from django.core.cache import cache
from django.db import models
from django.utils import timezone
from wagtail.admin.panels import FieldPanel
from wagtail.search import index

from core.text import fold, vi_slugify, vi_sort_key

# The field of work ("lĩnh vực") of an exemplar (exemplars.StoryPage) and of a movement
# (movements.MovementPage); feeds.mediatopics maps each to IPTC Media Topics.
FIELD_OF_WORK_CHOICES = [
    ("giao-duc", "Giáo dục"),
    ("y-te", "Y tế"),
    ("nong-nghiep", "Nông nghiệp"),
    ("cong-nghiep", "Công nghiệp"),
    ("khoa-hoc-cong-nghe", "Khoa học, công nghệ"),
    ("van-hoa-xa-hoi", "Văn hóa, xã hội"),
    ("an-ninh-quoc-phong", "An ninh, quốc phòng"),
    ("moi-truong", "Môi trường"),
    ("kinh-te", "Kinh tế, doanh nghiệp"),
    ("tu-thien-nhan-dao", "Từ thiện, nhân đạo"),
    ("hanh-chinh-cong", "Hành chính công"),
]


class MatchByNameMixin:
    """Accent-insensitive lookup by name or alias, as typed in an import file or a filter."""

    def match_names(self) -> set[str]:
        names = [self.name, *getattr(self, "alias_list", [])]
        return {fold(n) for n in names if n}

    @classmethod
    def match(cls, name: str, candidates=None):
        wanted = fold(name)
        found = [obj for obj in (candidates or cls.objects.all()) if wanted in obj.match_names()]
        return found


class Locality(MatchByNameMixin, models.Model):
    """A provincial unit. Since 01/07/2025 Vietnam has 34; older articles name the 63 earlier
    ones. A historic unit points at its successor so both find the same content."""

    KIND_CHOICES = [("city", "Thành phố trực thuộc trung ương"), ("province", "Tỉnh")]

    name = models.CharField("Tên", max_length=100)
    slug = models.SlugField("Đường dẫn", max_length=100, unique=True)
    code = models.CharField("Mã đơn vị hành chính", max_length=4, blank=True)
    kind = models.CharField("Loại", max_length=10, choices=KIND_CHOICES, default="province")
    is_current = models.BooleanField("Đang có hiệu lực", default=True, help_text="Bỏ chọn với đơn vị trước 01/07/2025.")
    successor = models.ForeignKey(
        "self",
        verbose_name="Hợp nhất vào",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="predecessors",
        limit_choices_to={"is_current": True},
    )
    aliases = models.TextField("Tên gọi khác", blank=True, help_text="Mỗi dòng một tên.")

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("code"),
        FieldPanel("kind"),
        FieldPanel("is_current"),
        FieldPanel("successor"),
        FieldPanel("aliases"),
    ]

    class Meta:
        verbose_name = "địa phương"
        verbose_name_plural = "địa phương"
        ordering = ["-is_current", "name"]

    def __str__(self):
        return self.name if self.is_current else f"{self.name} (trước 01/07/2025)"

    @property
    def alias_list(self) -> list[str]:
        return [a.strip() for a in self.aliases.splitlines() if a.strip()]

    def family_ids(self) -> list[int]:
        """This unit, the unit it became part of and that unit's other predecessors."""
        root_id = self.successor_id or self.pk
        return [root_id, *Locality.objects.filter(successor_id=root_id).values_list("pk", flat=True)]

    @classmethod
    def current_sorted(cls) -> list["Locality"]:
        """The 34 units in Vietnamese order, for filter menus (cached until any locality changes,
        in every process: the key holds the shared assets version)."""
        from core.cache import assets_version

        key = f"core:localities:current-sorted:{assets_version()}"
        localities = cache.get(key)
        if localities is None:
            localities = sorted(cls.objects.filter(is_current=True), key=lambda loc: vi_sort_key(loc.name))
            cache.set(key, localities, 24 * 3600)
        return localities

    @classmethod
    def match_at(cls, name: str, when=None):
        """The unit an article names, preferring the one in force at the article's date."""
        found = cls.match(name)
        if len(found) <= 1:
            return found[0] if found else None
        cutoff = timezone.datetime(2025, 7, 1, tzinfo=timezone.get_current_timezone())
        want_current = when is None or when >= cutoff
        preferred = [loc for loc in found if loc.is_current == want_current]
        return (preferred or found)[0]


class AwardType(MatchByNameMixin, models.Model):
    """A form of commendation or an emulation title (Luật Thi đua, khen thưởng 06/2022/QH15)."""

    CATEGORY_CHOICES = [
        ("danh_hieu_thi_dua", "Danh hiệu thi đua"),
        ("huan_chuong", "Huân chương"),
        ("huy_chuong", "Huy chương"),
        ("danh_hieu_vinh_du", "Danh hiệu vinh dự nhà nước"),
        ("giai_thuong", "Giải thưởng"),
        ("ky_niem_chuong", "Kỷ niệm chương"),
        ("bang_khen", "Bằng khen"),
        ("giay_khen", "Giấy khen"),
    ]

    name = models.CharField("Tên", max_length=200, unique=True)
    slug = models.SlugField("Đường dẫn", max_length=200, unique=True)
    category = models.CharField("Nhóm", max_length=30, choices=CATEGORY_CHOICES)
    recipients = models.CharField("Đối tượng", max_length=100, blank=True, help_text="cá nhân, tập thể, hộ gia đình")
    legal_basis = models.CharField("Căn cứ pháp lý", max_length=255, blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("category"),
        FieldPanel("recipients"),
        FieldPanel("legal_basis"),
    ]

    class Meta:
        verbose_name = "hình thức khen thưởng"
        verbose_name_plural = "hình thức khen thưởng"
        ordering = ["category", "name"]

    def __str__(self):
        return self.name


class PriorityGroup(models.Model):
    """Groups the emulation work gives priority to (workers, farmers, remote areas...)."""

    name = models.CharField("Tên", max_length=100, unique=True)
    slug = models.SlugField("Đường dẫn", max_length=100, unique=True)

    panels = [FieldPanel("name"), FieldPanel("slug")]

    class Meta:
        verbose_name = "nhóm đối tượng ưu tiên"
        verbose_name_plural = "nhóm đối tượng ưu tiên"
        ordering = ["pk"]

    def __str__(self):
        return self.name


class Author(index.Indexed, models.Model):
    """A reporter, photographer or contributor named in bylines."""

    name = models.CharField("Họ tên hoặc bút danh", max_length=120, unique=True)
    slug = models.SlugField("Đường dẫn", max_length=120, unique=True)
    role = models.CharField("Vai trò", max_length=100, blank=True, help_text="Phóng viên, cộng tác viên…")
    bio = models.TextField("Giới thiệu", blank=True)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("role"), FieldPanel("bio")]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.AutocompleteField("admin_search_text"),
    ]

    class Meta:
        verbose_name = "tác giả"
        verbose_name_plural = "tác giả"
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = vi_slugify(self.name)
        super().save(*args, **kwargs)

    def admin_search_text(self) -> str:
        return fold(self.name)  # "phuong thao" finds "Phương Thảo" in the admin's search
