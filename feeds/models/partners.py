"""Partners who pull our feeds with a personal key, their daily pull counts, and the rights
statements (copyright notice, usage terms) every feed and ninjs item carries."""

import secrets

from django.db import models
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

KEY_BYTES = 24  # 32 URL-safe characters: unguessable, short enough to paste into a feed reader


def new_key() -> str:
    return secrets.token_urlsafe(KEY_BYTES)


class Partner(models.Model):
    name = models.CharField("tên đối tác", max_length=200, unique=True)
    contact = models.TextField("liên hệ", blank=True, help_text="Người phụ trách, thư điện tử, số điện thoại.")
    key = models.CharField("khóa", max_length=64, unique=True, default=new_key, editable=False)
    active = models.BooleanField(
        "đang hoạt động",
        default=True,
        help_text="Bỏ chọn để thu hồi khóa: đối tác vẫn lấy được luồng tin công khai nhưng không còn được đếm.",
    )
    created_at = models.DateTimeField("ngày tạo", auto_now_add=True)

    class Meta:
        verbose_name = "đối tác"
        verbose_name_plural = "đối tác"
        ordering = ["name"]

    def __str__(self):
        return self.name

    def rotate_key(self) -> str:
        """Give the partner a new key; the old one stops counting at once."""
        self.key = new_key()
        self.save(update_fields=["key"])
        return self.key


class PartnerPull(models.Model):
    """How many times one partner fetched one feed on one day (Asia/Ho_Chi_Minh)."""

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="pulls", verbose_name="đối tác")
    feed = models.CharField("luồng tin", max_length=100)
    day = models.DateField("ngày")
    pulls = models.PositiveIntegerField("số lượt lấy", default=0)

    class Meta:
        verbose_name = "lượt lấy tin của đối tác"
        verbose_name_plural = "lượt lấy tin của đối tác"
        constraints = [models.UniqueConstraint(fields=["partner", "feed", "day"], name="feeds_pull_partner_feed_day")]
        indexes = [models.Index(fields=["day"], name="feeds_pull_day")]


@register_setting(icon="site")
class SyndicationSettings(BaseSiteSetting):
    copyright_notice = models.CharField(
        "thông báo bản quyền",
        max_length=255,
        default="© Gương Sáng",
        help_text="Ghi trong mọi luồng tin (RSS, Atom, ninjs).",
    )
    usage_terms = models.TextField(
        "điều kiện sử dụng",
        default="Được phép đăng lại, ghi rõ nguồn",
        help_text="Điều kiện đăng lại cho báo và cơ quan đối tác.",
    )

    class Meta:
        verbose_name = "cài đặt cung cấp tin"
        verbose_name_plural = "cài đặt cung cấp tin"
