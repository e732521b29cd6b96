"""Highlights in the original accented text for matches found in the folded text.

Folding maps each precomposed Vietnamese letter to one ASCII letter, so a match at some
position of the folded string is a match at the same position of the original."""

import re
import unicodedata
from functools import lru_cache
from itertools import pairwise

from django.utils.html import escape

from search.words import CompoundCheck, inside_compounds


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    if ch in "đĐ":
        return "d"
    base = "".join(c for c in unicodedata.normalize("NFD", ch) if unicodedata.category(c) != "Mn")
    base = base.lower()
    return base if len(base) == 1 else " "  # keep positions aligned


class _FoldTable(dict):
    """str.translate's table: each character to its _fold_char, filled as characters are met
    (one C-level lookup per character instead of a Python call); at most 8,192 of them kept."""

    def __missing__(self, code: int) -> str:
        folded = _fold_char(chr(code))
        if len(self) < 8192:
            self[code] = folded
        return folded


_FOLD_TABLE = _FoldTable()


def _matches(text: str, words: list[str]):
    """The words found in the folded text, whole syllables only, as runs of words typed side by
    side: (runs, the words found in a run of two or more, the matches standing alone whose
    word is in no such run). Each match is (start, end, word)."""
    folded = text.translate(_FOLD_TABLE)
    pattern = re.compile(
        r"(?<![a-z0-9])(" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + r")(?![a-z0-9])"
    )
    found = [(m.start(), m.end(), m.group()) for m in pattern.finditer(folded)]
    runs, run = [], found[:1]
    for previous, current in pairwise(found):
        if folded[previous[1] : current[0]] == " " and current[2] != previous[2]:
            run.append(current)
        else:
            runs.append(run)
            run = [current]
    if run:
        runs.append(run)
    together = {word for r in runs if len(r) > 1 for _, _, word in r}
    alone = [r[0] for r in runs if len(r) == 1 and r[0][2] not in together]
    return runs, together, alone


def _spans(text: str, words: list[str]) -> list[tuple[int, int]]:
    """Where the words are, word-level: Vietnamese words are often two syllables, so where two or
    more of the words typed stand side by side ("người tốt") that run is marked, and a syllable
    of such a run found elsewhere on its own (the "tốt" of "tốt nghiệp", or of "việc tốt" when
    only "người tốt" was typed) is not marked. A word typed that is in no run is marked where
    it stands as a word of its own, not inside a compound ("tốt" of "người tốt", not of "tốt
    nghiệp"), or everywhere when it is nowhere a word of its own in the text."""
    if not words:
        return []
    runs, together, alone = _matches(text, words)
    # A word typed on its own is marked where it stands as a word, not where it is a syllable of
    # a compound of the word list (search.words: the "tốt" of "tốt nghiệp"), unless it is
    # nowhere a word of its own here: then everywhere, so the reader sees why the text matched.
    inside = inside_compounds(text, [start for start, _, _ in alone]) if alone else set()
    as_word = {word for start, _, word in alone if start not in inside}
    skip = {start for start, _, word in alone if start in inside and word in as_word}
    # Each syllable its own <mark>, as Elasticsearch's highlighter marks each term.
    return [
        (start, end)
        for r in runs
        if len(r) > 1 or (r[0][2] not in together and r[0][0] not in skip)
        for start, end, _ in r
    ]


def _first_start(text: str, words: list[str]) -> int | None:
    """Where the first of _spans(text, words) starts, segmenting only the clauses that decide it
    (an excerpt needs one position in the whole article: segmenting every clause with a match
    was half the Python time of a search)."""
    if not words:
        return None
    runs, _, alone = _matches(text, words)
    first_run = next((r[0][0] for r in runs if len(r) > 1), None)  # a run is always marked
    check = CompoundCheck(text)
    as_word: dict[str, bool] = {}
    for start, _, word in alone:
        if first_run is not None and start > first_run:
            break
        if word not in as_word:
            as_word[word] = any(not check(s) for s, _, w in alone if w == word)
        if not (check(start) and as_word[word]):  # as _spans: skipped only inside and a word elsewhere
            return start
    return first_run


def highlight(text: str, words: list[str]) -> str:
    """The text, HTML-escaped, with each matched word in <mark>."""
    text = unicodedata.normalize("NFC", text)
    out, last = [], 0
    for start, end in _spans(text, words):
        out += [escape(text[last:start]), "<mark>", escape(text[start:end]), "</mark>"]
        last = end
    out.append(escape(text[last:]))
    return "".join(out)


def excerpt(text: str, words: list[str], size: int = 220) -> str:
    """A window of the text around the first match, highlighted."""
    text = " ".join(unicodedata.normalize("NFC", text).split())
    first = _first_start(text, words) if len(text) > size else None
    if first is None:
        start = 0
    else:
        start = max(0, first - size // 3)
        start = text.rfind(" ", 0, start) + 1 if start else 0
    end = min(len(text), start + size)
    if end < len(text):
        end = text.rfind(" ", start, end) if text.rfind(" ", start, end) > start else end
    snippet = highlight(text[start:end], words)
    return ("… " if start else "") + snippet + (" …" if end < len(text) else "")
