from django.db import models


class Withdrawal(models.Model):
    """An article readers could see and no longer can (unpublished or deleted), announced to
    agencies in ninjs `?since` as `pubstatus: "canceled"` so they stop running our copy.
    Written in the transaction that unpublishes or deletes; removed when the article is
    published again. No key to the page: a deleted page leaves its row behind."""

    page_id = models.PositiveIntegerField("mã bài", unique=True)
    uri = models.CharField("mã ninjs", max_length=100)
    withdrawn_at = models.DateTimeField("gỡ lúc", db_index=True)

    class Meta:
        verbose_name = "bài đã gỡ"
        verbose_name_plural = "bài đã gỡ"

    def __str__(self):
        return self.uri
