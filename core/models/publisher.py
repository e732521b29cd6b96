"""The publisher's details printed in every page's footer (Luật Báo chí and Nghị định
72/2013/NĐ-CP, amended by 27/2018/NĐ-CP: a news site names its owner, its licence and the person
responsible for its content) and the contact readers use to report an accessibility barrier.
Edited in Cài đặt › Thông tin cơ quan chủ quản; a change refreshes every cached page."""

from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


@register_setting(icon="info-circle")
class PublisherSettings(BaseSiteSetting):
    owner = models.CharField(
        "Cơ quan chủ quản", max_length=255, blank=True, help_text="Ví dụ: Ban Thi đua – Khen thưởng tỉnh Gia Lai."
    )
    licence = models.CharField(
        "Giấy phép",
        max_length=255,
        blank=True,
        help_text="Số giấy phép, nơi cấp và ngày cấp, ví dụ: Giấy phép số 12/GP-TTĐT do Sở Văn hóa, "
        "Thể thao và Du lịch cấp ngày 05/03/2025.",
    )
    responsible_person = models.CharField(
        "Người chịu trách nhiệm nội dung", max_length=255, blank=True, help_text="Họ tên và chức vụ."
    )
    address = models.CharField("Địa chỉ", max_length=255, blank=True)
    phone = models.CharField("Điện thoại", max_length=50, blank=True)
    email = models.EmailField(
        "Thư điện tử", blank=True, help_text="Bạn đọc liên hệ và báo lỗi tiếp cận qua địa chỉ này."
    )

    panels = [
        MultiFieldPanel([FieldPanel("owner"), FieldPanel("licence"), FieldPanel("responsible_person")], "Pháp lý"),
        MultiFieldPanel([FieldPanel("address"), FieldPanel("phone"), FieldPanel("email")], "Liên hệ"),
    ]

    class Meta:
        verbose_name = "thông tin cơ quan chủ quản"
        verbose_name_plural = "thông tin cơ quan chủ quản"

    @property
    def phone_link(self) -> str:
        """tel: form of the number as printed ("0269 3824 567" → "+842693824567")."""
        digits = "".join(c for c in self.phone if c.isdigit() or c == "+")
        return "+84" + digits[1:] if digits.startswith("0") else digits
