from django.db import models


class SharedVersion(models.Model):
    """A random token per name ("content", "assets"), replaced whenever what it names changes.
    Kept in the database because it is the one store every process of a site shares, on the
    embedded default (SQLite, no Redis) as in production; core.cache reads it."""

    name = models.CharField("tên", max_length=32, primary_key=True)
    token = models.CharField("mã phiên bản", max_length=32)
    changed_at = models.DateTimeField("thời điểm đổi", auto_now=True)

    class Meta:
        verbose_name = "phiên bản nội dung"
        verbose_name_plural = "phiên bản nội dung"

    def __str__(self):
        return f"{self.name}: {self.token}"
