from django.db import models


class ImportRecord(models.Model):
    """Which page an imported line became, so that re-importing updates, never duplicates."""

    source = models.CharField("nguồn nhập", max_length=100, default="", blank=True)
    external_id = models.CharField("mã bên ngoài", max_length=255)
    page = models.OneToOneField("wagtailcore.Page", on_delete=models.CASCADE, related_name="import_record")
    content_hash = models.CharField("mã băm nội dung", max_length=64)
    imported_at = models.DateTimeField("thời điểm nhập", auto_now=True)

    class Meta:
        verbose_name = "bản ghi nhập bài"
        verbose_name_plural = "bản ghi nhập bài"
        constraints = [models.UniqueConstraint(fields=["source", "external_id"], name="unique_external_id_per_source")]
        verbose_name = "bài đã nhập"
        verbose_name_plural = "bài đã nhập"

    def __str__(self):
        return f"{self.source or '-'}:{self.external_id}"
