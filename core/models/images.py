from django.db import models
from wagtail.images.models import AbstractImage, AbstractRendition, Image


class CustomImage(AbstractImage):
    """A photo with the caption and credit Vietnamese newsrooms print under it."""

    caption = models.CharField("Chú thích", max_length=500, blank=True)
    credit = models.CharField(
        "Tác giả ảnh", max_length=255, blank=True, help_text='Ví dụ: "Anh Dũng/TTXVN".'
    )
    source = models.CharField("Nguồn ảnh", max_length=255, blank=True)

    admin_form_fields = Image.admin_form_fields + ("caption", "credit", "source")

    class Meta(AbstractImage.Meta):
        verbose_name = "ảnh"
        verbose_name_plural = "ảnh"

    @property
    def alt_text(self) -> str:
        return self.description or self.caption or self.title


class CustomRendition(AbstractRendition):
    image = models.ForeignKey(CustomImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)
