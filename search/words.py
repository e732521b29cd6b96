"""Whole words and syllables of compounds: Vietnamese words are often two syllables, so "tốt" is a
word of its own in "người tốt" and a syllable of another word in "tốt nghiệp".

Segmentation by dictionary: the lowercase syllables of a text are matched, left to right, against
the multi-syllable words (up to MAX_SYLLABLES) of the Vietnamese word list Viet74K.txt that the
`underthesea` package ships (Apache-2.0; requirements/base.in), the longest word first. A
syllable in no such word stands as a word on its own. Words never cross punctuation, digits or a
line break, and a syllable that is not in the list (a name, a typo) is simply left alone.

The package is never imported (its import takes about a second and pulls in its models): the
file is found where pip put the package and read once per process. Syllables are compared with
the tone mark taken out and put last, so "hoà" and "hòa" (old and new tone placement) are one.
Cost: docs/search-suggestions.md."""

import importlib.util
import re
import unicodedata
from bisect import bisect_right
from functools import lru_cache
from pathlib import Path

from core.text import fold

MAX_SYLLABLES = 4  # longer entries of the list are proverbs and sayings
WORD_LIST = Path("corpus", "data", "Viet74K.txt")  # inside the underthesea package

_SYLLABLE = re.compile(r"[^\W\d_]+")
_BREAKS = re.compile(r"[^\w\s]|\d|_|\n")  # what a word never spans: punctuation, digits, line breaks
_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}  # grave, acute, tilde, hook, dot below


def word_list_path() -> Path:
    """Where Viet74K.txt is, without importing (executing) the underthesea package."""
    spec = importlib.util.find_spec("underthesea")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the underthesea package (requirements/base.in) is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / WORD_LIST


_KEYS: dict[str, str] = {}


def _key(syllable: str) -> str:
    """The syllable lowercased, NFC, with its tone mark (if any) moved to the end: one key per
    syllable whatever the tone placement. Memoised (a few thousand distinct syllables)."""
    key = _KEYS.get(syllable)
    if key is None:
        decomposed = unicodedata.normalize("NFD", syllable.lower())
        tones = "".join(c for c in decomposed if c in _TONES)
        key = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONES)) + tones
        if len(_KEYS) < 100_000:
            _KEYS[syllable] = key
    return key


_FOLDED: dict[str, str] = {}


def _fold(syllable: str) -> str:
    folded = _FOLDED.get(syllable)
    if folded is None:
        folded = fold(syllable)
        if len(_FOLDED) < 100_000:
            _FOLDED[syllable] = folded
    return folded


@lru_cache(maxsize=1)
def compounds() -> tuple[frozenset[tuple[str, ...]], dict[tuple[str, str], int]]:
    """The list's words of 2 to MAX_SYLLABLES syllables (letters only) as tuples of keys, and for
    each pair of first syllables the length of its longest word. Read once per process."""
    text = unicodedata.normalize("NFC", word_list_path().read_text(encoding="utf-8")).lower()
    entries = [parts for parts in map(str.split, text.splitlines()) if 2 <= len(parts) <= MAX_SYLLABLES]
    entries = [parts for parts in entries if "".join(parts).isalpha()]  # no hyphens, digits, commas
    keys = {syllable: _key(syllable) for syllable in {s for parts in entries for s in parts}}
    return _table({tuple(map(keys.__getitem__, parts)) for parts in entries})


@lru_cache(maxsize=1)
def _folded_compounds() -> tuple[frozenset[tuple[str, ...]], dict[tuple[str, str], int]]:
    """compounds() folded (core.text.fold), for queries typed without marks. Folding merges
    words ("tot nghiep" is also "tót nghiệp"), so it finds more compounds, never fewer."""
    return _table({tuple(_fold(key) for key in word) for word in compounds()[0]})


def load() -> None:
    """Read the word list now rather than in the first search that needs it (about a second):
    config/wsgi.py calls this in each web process before it takes requests."""
    _folded_compounds()


def _table(words: set[tuple[str, ...]]) -> tuple[frozenset[tuple[str, ...]], dict[tuple[str, str], int]]:
    """The words, and for each pair of first syllables the length of its longest word (_inside
    tries no longer word than that)."""
    longest: dict[tuple[str, str], int] = {}
    for word in words:
        longest[word[:2]] = max(longest.get(word[:2], 0), len(word))
    return frozenset(words), longest


def standalone(folded: list[str]) -> list[str]:
    """Of a query's folded syllables, in order, those typed as a word of their own: not inside a
    compound of the word list (compared folded, so "tot nghiep" is one as "tốt nghiệp" is).
    "nguoi tot xa bien gioi" → ["nguoi", "tot", "xa"]: "biên giới" was typed as one word, and
    the engines match it as typed (side by side), not as two words standing alone."""
    return [
        syllable for syllable, inside in zip(folded, _inside(folded, _folded_compounds()), strict=True) if not inside
    ]


def _inside(keys: list[str], table=None) -> list[bool]:
    """For each syllable (by key) of a run without breaks: is it inside a word of the list?
    Greedy, left to right, the longest word first."""
    words, longest = table or compounds()
    inside = [False] * len(keys)
    i, n = 0, len(keys)
    while i < n - 1:
        size = longest.get((keys[i], keys[i + 1]), 0)  # no word starts with this pair: one look-up
        size = min(size, n - i)
        while size > 2 and tuple(keys[i : i + size]) not in words:
            size -= 1
        if size == 2 and (keys[i], keys[i + 1]) not in words:
            size = 0
        if size:
            inside[i : i + size] = [True] * size
            i += size
        else:
            i += 1
    return inside


def segments(text: str) -> list[tuple[int, int, bool]]:
    """Each syllable of the text as (start, end, inside a compound), in order. Offsets are the
    text's own (give it NFC text, as search.highlight does)."""
    out = []
    for offset, piece in _pieces(text):
        spans = [(m.start() + offset, m.end() + offset) for m in _SYLLABLE.finditer(piece)]
        keys = [_KEYS.get(piece[s - offset : e - offset]) or _key(piece[s - offset : e - offset]) for s, e in spans]
        out += [(start, end, inside) for (start, end), inside in zip(spans, _inside(keys), strict=True)]
    return out


class CompoundCheck:
    """check(start): is the syllable starting at that offset of the text inside a word of the
    list? Only the run between breaks that holds it is segmented, once, when first asked about
    (a word never spans a break, so this is what segments() would say): a highlight pays for a
    few clauses, not the article."""

    def __init__(self, text: str):
        self.text = text
        self._pieces = None  # the runs between breaks (_pieces), found once, when first asked
        self._inside: dict[int, set[int]] = {}  # a run's index -> starts inside a compound

    def __call__(self, start: int) -> bool:
        if self._pieces is None:
            self._pieces = list(_pieces(self.text))
            self._offsets = [offset for offset, _ in self._pieces]
        i = bisect_right(self._offsets, start) - 1
        if i < 0 or start >= self._offsets[i] + len(self._pieces[i][1]):
            return False  # in a break, not a syllable
        if i not in self._inside:
            offset, piece = self._pieces[i]
            self._inside[i] = {begin + offset for begin, _, flag in segments(piece) if flag}
        return start in self._inside[i]


def inside_compounds(text: str, starts) -> set[int]:
    """Of the syllables starting at `starts` (offsets in the text), those inside a word of the
    list."""
    check = CompoundCheck(text)
    return {start for start in starts if check(start)}


def _pieces(text: str):
    """The runs of the text between breaks, each with its offset."""
    last = 0
    for match in _BREAKS.finditer(text):
        if match.start() > last:
            yield last, text[last : match.start()]
        last = match.end()
    if last < len(text):
        yield last, text[last:]


def whole_words(text: str) -> set[str]:
    """The folded syllables (core.text.fold) that stand as a word on their own at least once in
    the text, not inside a word of the list: "người tốt, tốt nghiệp" → {"nguoi", "tot"};
    "tốt nghiệp" → set()."""
    found = set()
    # Between breaks only letters and spaces are left: split() gives the syllables.
    for piece in _BREAKS.split(unicodedata.normalize("NFC", text).lower()):
        syllables = piece.split()
        if not syllables:
            continue
        keys = [_KEYS.get(s) or _key(s) for s in syllables]
        found.update(s for s, inside in zip(syllables, _inside(keys), strict=True) if not inside)
    return {_fold(s) for s in found}


def indexed(*texts: str) -> str:
    """SearchEntry.whole_words: the whole words of the texts, folded, deduplicated, sorted and
    separated by spaces."""
    found = set()
    for text in texts:
        if text:
            found |= whole_words(text)
    return " ".join(sorted(found))
