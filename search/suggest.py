"""“Có phải bạn muốn tìm …”: when a query finds little (fewer than FEW results), the query as our
own articles write it, with its accents restored and its typos corrected, learned from the words
and word pairs of what we published (search.vocabulary).

- Accents: each syllable typed without marks ("nguoi") may be any accented form the articles use
  ("người", "ngươi"…); the most likely sequence is chosen from how often each form follows the
  previous one (bigrams, interpolated with single-word frequencies: a Viterbi search over at
  most 6 forms per syllable).
- Typos: a syllable the articles never use is replaced by known ones one edit away (a letter
  added, dropped, changed, or two neighbouring letters swapped; two edits from 8 letters), found
  by symmetric deletes: a few dictionary reads per word. Only words of 4 letters or more are
  corrected freely; a 3-letter word only by swapping two letters, and only when the result
  pairs with a neighbouring word in our articles ("viec tto" → "việc tốt").
- Elasticsearch also searches with `fuzziness` (search.es_engine) when the query finds little,
  so a name misspelt in a way the vocabulary cannot fix is still found there.

A suggestion is offered only when its own search finds more than the query did, so it never
leads to nothing, and never to words that occur only in drafts, scheduled, expired or private
content (the search index holds none of them). When the query found nothing, the suggestion's
results are shown in its place ("Đang hiện kết quả cho …; tìm chính xác …")."""

import math
import re
import unicodedata
from dataclasses import dataclass, replace

from core.text import fold, nfc
from search import vocabulary
from search.query import SearchQuery

FEW = 3  # fewer results than this: look for a better query
MAX_WORDS = 10  # longer queries are not corrected
MIN_FREE_TYPO = 4  # shorter words are corrected only by a swap that pairs with a neighbour
EDIT_PENALTY = math.log(0.02)  # cost of each edit, against the likelihood of the words
_TOKEN = re.compile(r"[^\W_]+")


@dataclass
class Suggestion:
    text: str  # the corrected query, accented, as it will be searched and shown
    found: object  # its SearchResults
    showing: bool  # its results are shown in place of the query's (which found nothing)
    approximate: bool = False  # Elasticsearch's fuzzy search of what was typed (no better text)


def correct(text: str, vocab=None) -> str | None:
    """The query as our articles write it, or None when there is nothing better to offer."""
    vocab = vocab or vocabulary.current()
    typed = _TOKEN.findall(nfc(text).lower())
    if not typed or len(typed) > MAX_WORDS or not vocab.total:
        return None
    options = [_options(word, i, typed, vocab) for i, word in enumerate(typed)]
    best = _viterbi(options, vocab)
    if best is None:
        return None
    if best == typed:
        return None
    # Nothing to say when only the tone's placement differs ("hoà" / "hòa"): both find the same.
    if all(
        sorted(unicodedata.normalize("NFD", a)) == sorted(unicodedata.normalize("NFD", b))
        for a, b in zip(best, typed, strict=True)
    ):
        return None
    return " ".join(vocab.written(form) if form != word else form for form, word in zip(best, typed, strict=True))


def _has_marks(word: str) -> bool:
    return fold(word) != word or word.isdigit()


def _options(word: str, index: int, typed: list[str], vocab) -> list[tuple[str, float]]:
    """(accented form, log cost of getting it from what was typed) for one typed word."""
    folded = fold(word)
    if word.isdigit():
        return [(word, 0.0)]
    if vocab.knows(folded):
        if _has_marks(word) and word in vocab.forms[folded]:
            return [(word, 0.0)]  # typed with its accents as we write it: kept
        return [(form, 0.0) for form in vocab.accented(folded)]
    options = []
    for near, edits in vocab.near(folded):
        if len(folded) < MIN_FREE_TYPO:
            swapped = sorted(near) == sorted(folded) and edits == 1
            neighbours = typed[index - 1 : index] + typed[index + 1 : index + 2]
            if not swapped or not any(
                vocab.folded_pair_count(fold(n), near) or vocab.folded_pair_count(near, fold(n)) for n in neighbours
            ):
                continue
        options += [(form, edits * EDIT_PENALTY) for form in vocab.accented(near, limit=3)]
    return options or [(word, 0.0)]  # unknown and nothing near: left as typed


def _viterbi(options, vocab) -> list[str] | None:
    """The most likely sequence: log P(w1) + Σ log P(wi | wi-1), interpolated with P(wi)."""
    total = vocab.total
    size = max(len(vocab.counts), 1)

    def unigram(form):
        return (vocab.counts.get(form, 0) + 0.1) / (total + 0.1 * size)

    def transition(previous, form):
        starts = vocab.counts.get(previous, 0)
        return math.log((vocab.pair_count(previous, form) + 2 * unigram(form)) / (starts + 2))

    paths = {form: (math.log(unigram(form)) + cost, [form]) for form, cost in options[0]}
    for choices in options[1:]:
        step = {}
        for form, cost in choices:
            score, path = max(
                ((s + transition(path[-1], form) + cost, path) for s, path in paths.values()),
                key=lambda item: item[0],
            )
            step[form] = (score, [*path, form])
        paths = step
    if not paths:
        return None
    return max(paths.values(), key=lambda item: item[0])[1]


def for_results(engine, query: SearchQuery, found) -> Suggestion | None:
    """A better query when `found` is fewer than FEW results, with its own results."""
    if query.is_empty or found.total >= FEW or found.stand_in:
        return None
    text = correct(query.text)
    fuzzy = getattr(engine, "fuzzy", False)
    if text is None and not fuzzy:
        return None
    parsed = SearchQuery.from_params({"q": text or query.text})
    better = replace(query, text=parsed.text, words=parsed.words, phrases=parsed.phrases)
    other = engine.search(better, fuzzy=True) if fuzzy else engine.search(better)
    # Offered when it finds more; with the same results only when it restores accents (the
    # reader learns how the words are written, and nothing is lost).
    same_words = text is not None and fold(text) == fold(query.text)
    if other.total < found.total or other.total == 0 or (other.total == found.total and not same_words):
        return None
    return Suggestion(text=text or query.text, found=other, showing=found.total == 0, approximate=text is None)
