import json

from django import forms
from wagtail.admin.widgets import AdminAutoHeightTextInput, SlugInput

from core.text import fold, transliteration_classes, vi_sort_key

# Combining marks (text pasted in NFD form) are dropped before transliteration.
VIETNAMESE_SLUG_FORMATTERS = [("[\u0300-\u036f]", ""), *transliteration_classes()]


class VietnameseSlugInput(SlugInput):
    """The admin slug field, generating "xoa-nha-tam" from "Xóa nhà tạm" as the server does."""

    def __init__(self, attrs=None, formatters=None, locale=None):
        super().__init__(attrs=attrs, formatters=formatters or VIETNAMESE_SLUG_FORMATTERS, locale=locale)


class PickerMixin:
    """The admin's pickers: Django's own <select>, its options in Vietnamese order, each carrying
    its accent-free text (with the item's other names: "Daklak", "chung tay") for the search,
    enhanced by core/static/core/js/picker.js (Tom Select: type to search, "dak" finds Đắk Lắk;
    chosen values shown as chips). Without JavaScript it is the plain select and posts the same.

    Subclasses may group the options (`group_of`) and say more in a label (`label_of`)."""

    def __init__(self, attrs=None, **kwargs):
        super().__init__(attrs={"data-controller": "gs-picker", **(attrs or {})}, **kwargs)

    @property
    def media(self):
        return forms.Media(
            js=["core/vendor/tom-select/tom-select.popular.min.js", "core/js/picker.js"],
            css={"all": ["core/vendor/tom-select/tom-select.min.css", "core/css/picker.css"]},
        )

    def group_of(self, instance) -> tuple[int, str | None]:
        """(rank, heading) of the group an option goes in; one unnamed group by default."""
        return (0, None)

    def label_of(self, instance, label: str, instances: dict) -> str:
        """The option's text; `instances`: every choice's object by primary key."""
        return label

    def optgroups(self, name, value, attrs=None):
        options = [option for _, group, _ in super().optgroups(name, value, attrs) for option in group]
        instances = {o["value"].value: o["value"].instance for o in options if hasattr(o["value"], "instance")}
        grouped = {}
        for option in options:
            instance = getattr(option["value"], "instance", None)
            if instance is not None:
                option["label"] = self.label_of(instance, option["label"], instances)
            words = [option["label"], *_other_names(instance)]
            option["attrs"]["data-data"] = json.dumps({"folded": " | ".join(fold(w) for w in words if w)})
            key = self.group_of(instance) if instance is not None else (-1, None)  # "---------" first
            grouped.setdefault(key, []).append(option)
        result = []
        for index, (key, group) in enumerate(sorted(grouped.items(), key=lambda item: item[0][0])):
            group.sort(key=lambda o: (o["value"] != "", vi_sort_key(str(o["label"]))))
            result.append((key[1], group, index))
        return result


def _other_names(instance) -> list[str]:
    """Aliases an editor may type: a locality's old spellings, a movement's other names."""
    if instance is None:
        return []
    return list(getattr(instance, "alias_list", []) or [])


class VietnamesePicker(PickerMixin, forms.SelectMultiple):
    pass


class VietnameseSinglePicker(PickerMixin, forms.Select):
    pass


class LocalityPickerMixin:
    """Current provincial units first; a unit from before 01/07/2025 says what it is part of now
    ("Hà Giang (trước 01/07/2025, nay thuộc Tuyên Quang)")."""

    def group_of(self, instance):
        return (0, "Hiện nay") if instance.is_current else (1, "Trước 01/07/2025")

    def label_of(self, instance, label, instances):
        successor = instances.get(instance.successor_id)
        if instance.is_current or successor is None:
            return label
        return f"{instance.name} (trước 01/07/2025, nay thuộc {successor.name})"


class LocalityPicker(LocalityPickerMixin, VietnamesePicker):
    pass


class LocalitySinglePicker(LocalityPickerMixin, VietnameseSinglePicker):
    pass


# Google's article guidelines and most news apps cut a headline past about 110 characters.
HEADLINE_ADVISED_LENGTH = 110


class HeadlineInput(AdminAutoHeightTextInput):
    """An article's title: a textarea that grows with the headline (nothing cut from view), a
    live character count and a warning past HEADLINE_ADVISED_LENGTH (core/static/core/js/
    headline.js); Enter adds no line break and ArticlePageForm keeps the title on one line."""

    def __init__(self, attrs=None):
        super().__init__(
            {
                "data-controller": "w-autosize gs-headline",
                "data-gs-headline-advised-value": str(HEADLINE_ADVISED_LENGTH),
                **(attrs or {}),
            }
        )

    @property
    def media(self):
        return forms.Media(js=["core/js/headline.js"], css={"all": ["core/css/headline.css"]})
