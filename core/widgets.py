from wagtail.admin.widgets import SlugInput

from core.text import transliteration_classes

# Combining marks (text pasted in NFD form) are dropped before transliteration.
VIETNAMESE_SLUG_FORMATTERS = [("[\u0300-\u036f]", ""), *transliteration_classes()]


class VietnameseSlugInput(SlugInput):
    """The admin slug field, generating "xoa-nha-tam" from "Xóa nhà tạm" as the server does."""

    def __init__(self, attrs=None, formatters=None, locale=None):
        super().__init__(attrs=attrs, formatters=formatters or VIETNAMESE_SLUG_FORMATTERS, locale=locale)
