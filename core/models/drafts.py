from django.db import models


class AutosavedDraft(models.Model):
    """A page that Wagtail's autosave created while an editor was filling in a new page, and that
    nobody has saved, submitted or published on purpose since (core.drafts removes it when they
    do). Such a page is deleted once left untouched for ABANDONED_DRAFT_DAYS."""

    page = models.OneToOneField(
        "wagtailcore.Page", verbose_name="trang", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)

    class Meta:
        verbose_name = "bản nháp tự lưu"
        verbose_name_plural = "bản nháp tự lưu"

    def __str__(self):
        return f"{self.page_id} ({self.created_at:%d/%m/%Y %H:%M})"
