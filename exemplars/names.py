"""When two stories name the same exemplar: the keys profiles are matched by (exemplars.Exemplar).

Automatic linking is deliberately narrow: two names are one profile only when they are written
alike up to case, spacing, Unicode form (NFC/NFD) and the old or new placement of the tone mark
("Hoà"/"Hòa"). Accent-folded look-alikes ("Lương Văn Khánh", "Lường Văn Khánh", "LUONG VAN
KHANH") are often different people in Vietnamese, so they get their own profile until an editor
merges them ("Gộp hồ sơ"); the merge screen offers them first (same `fold`).

Plain functions of text and a model class, so that the data migration uses them too.
"""

import unicodedata

from core.text import fold, vi_slugify

# The five tone marks (huyền, hỏi, ngã, sắc, nặng); the other marks (ă, â, ê, ô, ơ, ư) stay put.
_TONE_MARKS = {"\u0300", "\u0309", "\u0303", "\u0301", "\u0323"}


def _word_key(word: str) -> str:
    decomposed = unicodedata.normalize("NFD", word)
    letters = "".join(c for c in decomposed if c not in _TONE_MARKS)
    tones = "".join(c for c in decomposed if c in _TONE_MARKS)
    return unicodedata.normalize("NFC", letters) + tones


def name_key(name: str) -> str:
    """The key automatic linking compares: "Nguyễn Thị Hoà", "nguyễn  thị hòa" and the NFD
    form are one key; "Nguyen Thi Hoa" and "Nguyễn Thị Hóa" are others."""
    return " ".join(_word_key(word) for word in unicodedata.normalize("NFC", name).casefold().split())


def folded_name(name: str) -> str:
    """Without accents (core.text.fold): the look-alikes offered for a merge, the admin search."""
    return fold(name)


def free_slug(model, name: str, exclude_pk=None) -> str:
    """An ASCII slug from the name (đ → d), unique among `model`'s rows."""
    base = vi_slugify(name, max_length=80) or "guong-sang"
    rows = model.objects.filter(slug__startswith=base)
    if exclude_pk is not None:
        rows = rows.exclude(pk=exclude_pk)
    taken = set(rows.values_list("slug", flat=True))
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug
