"""Readers' comments on articles: plain text, one level of replies, nothing public until an
editor approves it."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class CommentQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=Comment.Status.APPROVED)

    def pending(self):
        return self.filter(status=Comment.Status.PENDING)


class Comment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Chờ duyệt"
        APPROVED = "approved", "Đã đăng"
        REJECTED = "rejected", "Đã từ chối"

    # Any article page: comments never name a page type (core/kinds.py).
    page = models.ForeignKey(
        "wagtailcore.Page", verbose_name="Bài viết", on_delete=models.CASCADE, related_name="reader_comments"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name="Trả lời ý kiến",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="replies",
    )
    author_name = models.CharField("Người gửi", max_length=80)
    body = models.TextField("Nội dung")  # plain text as typed (NFC); escaped when shown
    status = models.CharField(
        "Trạng thái", max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    typed_without_diacritics = models.BooleanField("Gõ không dấu", default=False)
    created_at = models.DateTimeField("Gửi lúc", default=timezone.now, db_index=True)
    moderated_at = models.DateTimeField("Duyệt lúc", null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="Người duyệt",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = CommentQuerySet.as_manager()

    class Meta:
        verbose_name = "bình luận"
        verbose_name_plural = "bình luận"
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["page", "status", "created_at"])]

    def __str__(self):
        return f"{self.author_name}: {self.excerpt}"

    @property
    def excerpt(self):
        return self.body if len(self.body) <= 80 else self.body[:79] + "…"

    excerpt.fget.short_description = "Nội dung"

    def moderate(self, status, user=None):
        self.status = status
        self.moderated_at = timezone.now()
        self.moderated_by = user
        self.save(update_fields=["status", "moderated_at", "moderated_by"])


def published_comments(page):
    """Approved top-level comments of a page, each with its approved replies, oldest first."""
    replies = models.Prefetch(
        "replies", queryset=Comment.objects.approved().order_by("created_at"), to_attr="approved_replies"
    )
    return list(
        Comment.objects.approved().filter(page=page, parent=None).order_by("created_at").prefetch_related(replies)
    )
