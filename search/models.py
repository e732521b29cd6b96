"""The site's own search index: one row per published, public article, with its text folded
(core.text.fold) so that "nguoi tot viec tot" finds "Người tốt, việc tốt" on SQLite and
PostgreSQL alike. The full-text structures over the folded text are database-specific and
created by migration 0002: an FTS5 table on SQLite, a GIN expression index on PostgreSQL."""

from django.db import models

from core.outbox import PendingWork


class SearchEntry(models.Model):
    page = models.OneToOneField("wagtailcore.Page", primary_key=True, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField("loại bài", max_length=20, db_index=True)
    title = models.TextField("tiêu đề")
    lead = models.TextField("sapo", blank=True)
    body = models.TextField("nội dung", blank=True)
    folded_title = models.TextField("tiêu đề bỏ dấu")
    folded_text = models.TextField(
        "nội dung bỏ dấu", help_text="Lead, body, exemplar, movements, places and tags, folded."
    )
    whole_words = models.TextField(
        "từ đứng riêng",
        blank=True,
        default="",
        help_text="Folded syllables that stand as a word of their own in the title, lead or body, not inside a "
        "compound of the word list (search.words): a search for one syllable ranks these first.",
    )
    published_at = models.DateTimeField("ngày đăng", db_index=True)
    year = models.PositiveSmallIntegerField("năm", db_index=True)

    class Meta:
        verbose_name = "mục chỉ mục tìm kiếm"


class SearchEntryMovement(models.Model):
    entry = models.ForeignKey(
        SearchEntry, verbose_name="mục chỉ mục", on_delete=models.CASCADE, related_name="movements"
    )
    movement = models.ForeignKey(
        "wagtailcore.Page", verbose_name="phong trào", on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        verbose_name = "phong trào của mục chỉ mục"
        indexes = [models.Index(fields=["movement", "entry"])]


class SearchEntryLocality(models.Model):
    """The current provincial unit (a historic one is stored as its successor)."""

    entry = models.ForeignKey(
        SearchEntry, verbose_name="mục chỉ mục", on_delete=models.CASCADE, related_name="localities"
    )
    locality = models.ForeignKey("core.Locality", verbose_name="địa phương", on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = "địa phương của mục chỉ mục"
        indexes = [models.Index(fields=["locality", "entry"])]


class SearchQueryStat(models.Model):
    """What readers searched for, per day, without anything about who searched: no IP address,
    no user agent, no user, no session. One row per day and folded query (search.insights)."""

    day = models.DateField("ngày")
    query = models.CharField("từ khóa (đã bỏ dấu)", max_length=200)
    searches = models.PositiveIntegerField("số lượt tìm", default=0)
    last_result_count = models.PositiveIntegerField("số kết quả lần gần nhất", default=0)

    class Meta:
        verbose_name = "thống kê tìm kiếm"
        verbose_name_plural = "thống kê tìm kiếm"
        constraints = [models.UniqueConstraint(fields=["day", "query"], name="search_stat_day_query")]


class PendingSync(PendingWork):
    """A page whose Elasticsearch document must be brought in line with the database index
    (search.sync; core.outbox keeps it until Elasticsearch has it)."""

    page_id = models.PositiveBigIntegerField("mã trang", primary_key=True)  # not a FK: deleted pages too

    class Meta:
        verbose_name = "chờ đồng bộ Elasticsearch"
        verbose_name_plural = "chờ đồng bộ Elasticsearch"
