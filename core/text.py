"""Vietnamese text utilities: one folding function for matching, ASCII slugs, collation.

Folding is used wherever text typed by a person is matched against stored text (import
lookups of movements and localities, filters, search). Neither Python's NFD stripping nor
SQLite FTS5 folds "đ", which has no Unicode decomposition, so it is mapped by hand.
"""

import re
import unicodedata

from django.utils.text import slugify as django_slugify

_WHITESPACE = re.compile(r"\s+")
# C0/C1 control characters except tab, newline and carriage return.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def find_control_chars(text: str) -> list[str]:
    """Control characters that must never be stored (they break XML feeds)."""
    return sorted({f"U+{ord(c):04X}" for c in _CONTROL.findall(text)})


def strip_control_chars(text: str) -> str:
    return _CONTROL.sub("", text)


def clean_text(text: str) -> str:
    """Store form: NFC, no control characters, non-breaking spaces as spaces."""
    return strip_control_chars(nfc(text)).replace("\u00a0", " ")


def fold(text: str) -> str:
    """Accent-, case- and tone-placement-insensitive form: "Hoà Bình" and "hoa binh" fold alike."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    return _WHITESPACE.sub(" ", unicodedata.normalize("NFC", stripped)).strip().casefold()


def vi_slugify(text: str, max_length: int = 80) -> str:
    """ASCII slug with đ → d ("Xoá nhà tạm, nhà dột nát" → "xoa-nha-tam-nha-dot-nat")."""
    slug = django_slugify(fold(text))
    if len(slug) > max_length:
        slug = slug[:max_length].rsplit("-", 1)[0]
    return slug


# Vietnamese alphabet order (research/domain.md §5.4): đ sorts after d, ă and â after a, and
# tones are a secondary difference in the order ngang < huyền < hỏi < ngã < sắc < nặng.
_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTER_RANK = {c: i for i, c in enumerate(_ALPHABET)}
_BASE_MODIFIERS = {"\u0306": "ă", "\u0302": "â", "\u031b": "ơ"}  # breve, circumflex, horn
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}


def _letters(text: str):
    """Yield (base letter, tone) for each letter of NFD-decomposed, lower-cased text."""
    for ch in unicodedata.normalize("NFC", text.casefold()):
        parts = unicodedata.normalize("NFD", ch)
        base, marks = parts[0], parts[1:]
        tone = 0
        for mark in marks:
            if mark in _TONES:
                tone = _TONES[mark]
            elif mark == "\u0302":
                base = {"a": "â", "e": "ê", "o": "ô"}.get(base, base)
            elif mark in _BASE_MODIFIERS:
                base = {"a": "ă", "o": "ơ", "u": "ư"}.get(base, base)
        yield base, tone


def vi_sort_key(text: str) -> tuple:
    """Sort key that puts Vietnamese names in dictionary order, not code-point order."""
    primary, secondary = [], []
    for base, tone in _letters(text):
        if base in _LETTER_RANK:
            primary.append(100 + _LETTER_RANK[base])
        elif base.isdigit():
            primary.append(50 + int(base))
        elif base.isspace():
            primary.append(1)
        else:
            primary.append(2)  # punctuation sorts before digits and letters
        secondary.append(tone)
    return tuple(primary), tuple(secondary), text


def transliteration_classes() -> list[tuple[str, str]]:
    """(character class, ASCII letter) pairs covering every accented Latin letter, đ included,
    for the admin's slug field: Wagtail's JavaScript transliteration has no Vietnamese map
    and would drop "ư", "ố", "ệ"… and turn "đ" into "dj"."""
    groups: dict[str, list[str]] = {}
    for codepoint in range(0x00C0, 0x1EFA):
        char = chr(codepoint)
        folded = fold(char)
        if folded != char.casefold() and len(folded) == 1 and folded.isascii() and folded.isalpha():
            groups.setdefault(folded.upper() if char.isupper() else folded, []).append(char)
    return [(f"[{''.join(chars)}]", letter) for letter, chars in sorted(groups.items())]


_LETTERS = re.compile(r"[^\W\d_]+")


def lacks_diacritics(text: str, min_words: int = 4) -> bool:
    """True for Vietnamese typed without marks ("cam on anh rat nhieu"): at least `min_words`
    words and not one of them with a mark or đ. Short replies ("ok", "Cảm ơn") pass.
    site/static/js/participation.js applies the same rule before posting."""
    words = _LETTERS.findall(nfc(text))
    return len(words) >= min_words and all(fold(w) == w.casefold() for w in words)
