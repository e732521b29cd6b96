from django.db import models

from core.outbox import PendingWork


class PendingPing(PendingWork):
    """A feed URL whose WebSub hub must be told it changed. Written in the transaction that
    publishes or unpublishes, deleted once the hub has accepted the ping; while the hub is
    down the rows wait, and feeds.websub retries them with a growing delay."""

    topic = models.CharField("luồng tin", max_length=500, unique=True)

    class Meta:
        verbose_name = "chờ báo WebSub hub"
        verbose_name_plural = "chờ báo WebSub hub"

    def __str__(self):
        return self.topic
