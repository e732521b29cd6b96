"""The newsletter ("Nhận bản tin"): subscribers with double opt-in, the weekly issues sent and
one delivery record per issue and recipient (docs/newsletter.md)."""

import secrets
import unicodedata
from datetime import timedelta

from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone


def normalise_email(value: str) -> str:
    """NFC, trimmed, the domain in lower case. The local part is kept as typed (RFC 5321 lets a
    server tell cases apart) but matched case-insensitively, since in practice none does."""
    value = unicodedata.normalize("NFC", value or "").strip()
    local, at, domain = value.rpartition("@")
    return f"{local}@{domain.lower()}" if at else value


def new_key() -> str:
    return secrets.token_urlsafe(24)


class SubscriberQuerySet(models.QuerySet):
    def with_email(self, email):
        return self.filter(email__iexact=normalise_email(email))

    def active(self):
        return self.filter(status=Subscriber.Status.ACTIVE)


class Subscriber(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Chờ xác nhận"
        ACTIVE = "active", "Đang nhận"
        UNSUBSCRIBED = "unsubscribed", "Đã hủy đăng ký"

    email = models.EmailField("Thư điện tử", max_length=254)
    movement = models.ForeignKey(
        "movements.MovementPage",
        verbose_name="Phong trào theo dõi",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        "Trạng thái", max_length=20, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    # Random, never shown: the signed links carry it, so a link outlives no row it was made for.
    key = models.CharField("khóa riêng", max_length=64, unique=True, default=new_key, editable=False)
    created_at = models.DateTimeField("Đăng ký lúc", default=timezone.now)
    requested_at = models.DateTimeField("Yêu cầu xác nhận gần nhất", default=timezone.now)
    confirmed_at = models.DateTimeField("Xác nhận lúc", null=True, blank=True)
    unsubscribed_at = models.DateTimeField("Hủy đăng ký lúc", null=True, blank=True)

    objects = SubscriberQuerySet.as_manager()

    class Meta:
        verbose_name = "người nhận bản tin"
        verbose_name_plural = "người nhận bản tin"
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(Lower("email"), name="newsletter_subscriber_email_ci_unique")]

    def __str__(self):
        return self.email

    def activate(self, movement):
        now = timezone.now()
        self.status = self.Status.ACTIVE
        self.movement = movement
        self.confirmed_at = now
        self.unsubscribed_at = None
        self.save(update_fields=["status", "movement", "confirmed_at", "unsubscribed_at"])

    def unsubscribe(self):
        if self.status != self.Status.UNSUBSCRIBED:
            self.status = self.Status.UNSUBSCRIBED
            self.unsubscribed_at = timezone.now()
            self.save(update_fields=["status", "unsubscribed_at"])


class Issue(models.Model):
    """One weekly digest. Its row is the guard against sending a week twice: `week` is unique,
    and the articles are fixed when it is created, so a retry sends the same issue."""

    week = models.CharField("Tuần", max_length=10, unique=True, help_text="Năm và số tuần ISO, ví dụ 2026-W48.")
    period_start = models.DateTimeField("Bài đăng từ")
    period_end = models.DateTimeField("Đến")
    page_ids = models.JSONField("Bài trong số", default=list, blank=True)
    created_at = models.DateTimeField("Tạo lúc", default=timezone.now)
    completed_at = models.DateTimeField("Gửi xong lúc", null=True, blank=True)

    class Meta:
        verbose_name = "số bản tin"
        verbose_name_plural = "bản tin đã gửi"
        ordering = ["-period_end"]

    def __str__(self):
        return f"Bản tin tuần {self.week}"

    @property
    def article_count(self) -> int:
        return len(self.page_ids)

    def delivery_count(self, status) -> int:
        return self.deliveries.filter(status=status).count()


class Delivery(models.Model):
    """One issue to one subscriber. A row in SENDING is claimed by a worker; SENT is never sent
    again; FAILED is retried from `next_attempt_at` on, up to MAX_ATTEMPTS."""

    MAX_ATTEMPTS = 8

    class Status(models.TextChoices):
        SENDING = "sending", "Đang gửi"
        SENT = "sent", "Đã gửi"
        FAILED = "failed", "Lỗi, sẽ gửi lại"
        ABANDONED = "abandoned", "Bỏ qua sau nhiều lần lỗi"

    issue = models.ForeignKey(Issue, verbose_name="số bản tin", on_delete=models.CASCADE, related_name="deliveries")
    subscriber = models.ForeignKey(
        Subscriber, verbose_name="người nhận", on_delete=models.CASCADE, related_name="deliveries"
    )
    status = models.CharField("trạng thái", max_length=10, choices=Status.choices, default=Status.SENDING)
    attempts = models.PositiveSmallIntegerField("số lần đã thử", default=0)
    claimed_at = models.DateTimeField("thời điểm nhận gửi", default=timezone.now)
    next_attempt_at = models.DateTimeField("lần thử tới", null=True, blank=True)
    sent_at = models.DateTimeField("thời điểm gửi", null=True, blank=True)
    last_error = models.TextField("lỗi gần nhất", blank=True)

    class Meta:
        verbose_name = "lượt gửi bản tin"
        verbose_name_plural = "lượt gửi bản tin"
        constraints = [
            models.UniqueConstraint(fields=["issue", "subscriber"], name="newsletter_one_delivery_per_issue")
        ]

    @staticmethod
    def retry_delay(attempts: int) -> timedelta:
        return min(timedelta(minutes=15 * 2 ** (attempts - 1)), timedelta(hours=6))
