import re

from core.text import fold, nfc

_WORD = re.compile(r"[^\W\d_]+")


def lacks_diacritics(text: str, min_words: int = 4) -> bool:
    """True for Vietnamese typed without marks ("cam on anh rat nhieu"): at least `min_words`
    words and not one of them with a mark or đ. Short replies ("ok", "Cảm ơn") pass.
    site/static/js/participation.js applies the same rule before posting."""
    words = _WORD.findall(nfc(text))
    return len(words) >= min_words and all(fold(w) == w.casefold() for w in words)
