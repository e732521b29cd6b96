from django.db import models


class ReadCount(models.Model):
    """How many times an article was read on one day (Vietnam time): one row per article and
    day, counted by the page's beacon (core.readership). Nothing about the reader is stored,
    here or anywhere else: no address, browser, cookie, session or account."""

    page = models.ForeignKey("wagtailcore.Page", verbose_name="bài", on_delete=models.CASCADE, related_name="+")
    day = models.DateField("ngày")
    views = models.PositiveIntegerField("lượt đọc", default=0)

    class Meta:
        verbose_name = "lượt đọc theo ngày"
        verbose_name_plural = "lượt đọc theo ngày"
        constraints = [models.UniqueConstraint(fields=["page", "day"], name="core_readcount_page_day")]
        # "Most read over the last N days" sums one range of days.
        indexes = [models.Index(fields=["day", "page"], name="core_readcount_day_page")]

    def __str__(self):
        return f"{self.page_id} {self.day:%d/%m/%Y}: {self.views}"
