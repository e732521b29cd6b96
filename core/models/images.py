from django.db import models
from wagtail.images.models import AbstractImage, AbstractRendition, Filter, Image

from core import renditions


class CustomImage(AbstractImage):
    """A photo with the caption and credit Vietnamese newsrooms print under it."""

    caption = models.CharField("Chú thích", max_length=500, blank=True)
    credit = models.CharField("Tác giả ảnh", max_length=255, blank=True, help_text='Ví dụ: "Anh Dũng/TTXVN".')
    source = models.CharField("Nguồn ảnh", max_length=255, blank=True)

    admin_form_fields = Image.admin_form_fields + ("caption", "credit", "source")

    class Meta(AbstractImage.Meta):
        verbose_name = "ảnh"
        verbose_name_plural = "ảnh"

    @property
    def alt_text(self) -> str:
        return self.description or self.caption or self.title

    # --- renditions are made in the background (core.renditions) ---------------------------

    def get_rendition(self, filter):
        if renditions.may_make():
            return super().get_rendition(filter)
        return next(iter(self.get_renditions(filter).values()))  # never caches a placeholder

    def create_rendition(self, filter: Filter):
        if renditions.may_make():
            return super().create_rendition(filter)
        return self.create_renditions(filter)[filter]

    def create_renditions(self, *filters: Filter):
        """Outside the worker and the image view: placeholders, and the worker is asked."""
        if renditions.may_make() or not filters:
            return super().create_renditions(*filters)
        renditions.request_renditions(self, [f.spec for f in filters])
        return {f: self._placeholder(f) for f in filters}

    def _placeholder(self, filter: Filter) -> "CustomRendition":
        from wagtail.images.views.serve import generate_image_url

        width, height = filter.get_transform(self).size
        placeholder = CustomRendition(
            image=self, filter_spec=filter.spec, focal_point_key=filter.get_cache_key(self), width=width, height=height
        )
        placeholder.serve_url = generate_image_url(self, filter.spec)
        placeholder._from_cache = True  # keeps Wagtail from caching it as a real rendition
        return placeholder

    def rendition_state(self) -> int:
        """Changes when renditions appear: cache keys of fragments with pictures hold it, so a
        fragment rendered with placeholders is not kept once the real files exist."""
        prefetched = self._get_prefetched_renditions()
        if prefetched is None:
            return self.renditions.count()
        return sum(1 for rendition in prefetched if not getattr(rendition, "serve_url", None))


class CustomRendition(AbstractRendition):
    image = models.ForeignKey(CustomImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)

    @property
    def url(self):
        """A placeholder's URL is the image view that makes it (core.renditions)."""
        return getattr(self, "serve_url", None) or super().url
