"""The words readers can be pointed to: syllables and adjacent syllable pairs (bigrams) of our own
published, public articles, with how often each accented form occurs, for "Có phải bạn muốn tìm …"
(search.suggest).

Sources, all of them visible to readers: the search index (SearchEntry holds exactly the
published, public articles: never a draft, a scheduled, expired or private page) for titles,
leads and bodies, live public movements (title and other names), exemplar names of visible
articles, and the provincial units' names. The newest MAX_ARTICLES articles give their bodies;
every article gives its title (titles carry the names readers look for).

Built in-process once per content version (core.cache.content_version: a publish, unpublish,
expiry, move or restriction change makes a new one). When the last build was cheap (the demo:
~25 ms) the next is built at once in the request; when it was not (a large site), the previous
vocabulary answers while one thread builds the new one, at most every REBUILD_FACTOR × the last
build's duration. A word dropped since could then be suggested for a while, but search.suggest
only shows a suggestion whose own search (on the live index) finds articles, so it never leads
to a draft's, a private page's or an unpublished page's words."""

import logging
import re
import threading
import time
from collections import Counter, defaultdict
from itertools import pairwise

from django.conf import settings

from core.cache import content_version
from core.text import fold, nfc

log = logging.getLogger(__name__)

MAX_ARTICLES = 5000  # newest articles whose bodies are read (titles: all of them)
SYNC_BUILD_SECONDS = 0.5  # a build that took less is redone in the request
# A slower one is redone in a thread, at most every REBUILD_FACTOR × its own duration (and at
# least a minute apart): 5,000 bodies and 100,000 titles take ~4.6 s, so every ~1.5 minutes.
REBUILD_FACTOR = 20
MIN_REBUILD_SECONDS = 60.0
_SEGMENT = re.compile(r"[^\w\s]+|\d+")  # punctuation and numbers break a pair
_LETTERS = re.compile(r"[^\W\d_]+")


class Vocabulary:
    """forms: folded syllable → Counter of accented forms (lower case, NFC).
    pairs: (folded, folded) → Counter of (accented, accented).
    counts: accented form → occurrences; pair_total: accented first syllable → pairs it starts."""

    def __init__(self):
        self.forms: dict[str, Counter] = {}
        self.pairs: dict[tuple[str, str], Counter] = {}
        self.counts: Counter = Counter()
        self.capitalised: Counter = Counter()  # accented form → occurrences written with a capital
        self.total = 0
        self._pair_counts: Counter = Counter()
        self.names: set[str] = set()
        self._deletes: dict[str, set[str]] | None = None

    def add_text(self, text: str, weight: int = 1) -> None:
        """Count the words and adjacent pairs of a text (folded and grouped by finish())."""
        for segment in _SEGMENT.split(nfc(text)):
            written = _LETTERS.findall(segment)
            words = [w.lower() for w in written]
            capitals = [w.lower() for w in written if w[0].isupper()]
            for _ in range(weight):
                self.counts.update(words)
                self.capitalised.update(capitals)
                self._pair_counts.update(pairwise(words))

    def finish(self) -> "Vocabulary":
        folded_of = {}
        forms = defaultdict(Counter)
        for word, n in self.counts.items():
            folded = fold(word)
            if len(folded) == len(word):  # a Vietnamese (or Latin) word, one letter per letter
                folded_of[word] = folded
                forms[folded][word] = n
        self.counts = Counter({w: n for w, n in self.counts.items() if w in folded_of})
        # Names: written with a capital most of the time (not only at the start of sentences).
        self.names = {w for w, n in self.capitalised.items() if w in folded_of and n * 3 > self.counts[w] * 2}
        self.capitalised = Counter()
        self.total = sum(self.counts.values())
        pairs = defaultdict(Counter)
        for (first, second), n in self._pair_counts.items():
            if first in folded_of and second in folded_of:
                pairs[(folded_of[first], folded_of[second])][(first, second)] = n
        self.forms, self.pairs, self._pair_counts = dict(forms), dict(pairs), Counter()
        return self

    # --- look-ups ---------------------------------------------------------------------------

    def written(self, form: str) -> str:
        """A form as the articles write it: "đắk" → "Đắk", "người" → "người"."""
        return form[:1].upper() + form[1:] if form in self.names else form

    def knows(self, folded: str) -> bool:
        return folded in self.forms

    def accented(self, folded: str, limit: int = 6) -> list[str]:
        """The accented forms of a folded syllable, most frequent first."""
        forms = self.forms.get(folded)
        return [form for form, _ in forms.most_common(limit)] if forms else []

    def pair_count(self, first: str, second: str) -> int:
        return self.pairs.get((fold(first), fold(second)), {}).get((first, second), 0)

    def folded_pair_count(self, first: str, second: str) -> int:
        pairs = self.pairs.get((first, second))
        return sum(pairs.values()) if pairs else 0

    def near(self, folded: str) -> list[tuple[str, int]]:
        """Known folded syllables one edit away (insertion, deletion, substitution, or two
        neighbouring letters swapped), with the number of edits: the symmetric-delete method,
        so a look-up is a few dictionary reads whatever the size of the vocabulary. Words of
        8 letters or more may be two edits away."""
        if self._deletes is None:
            deletes = defaultdict(set)
            for word in self.forms:
                if len(word) >= 3:
                    for variant in _deletions(word):
                        deletes[variant].add(word)
            self._deletes = dict(deletes)
        found = {}
        typed_deletes = _deletions(folded)
        for variant in {folded, *typed_deletes}:
            for word in self._deletes.get(variant, ()):
                found[word] = 1
            if variant != folded and variant in self.forms:
                found[variant] = 1
        for swapped in _transpositions(folded):
            if swapped in self.forms:
                found[swapped] = 1
        if len(folded) >= 8 and not found:
            for variant in typed_deletes:
                for word in self._deletes.get(variant, ()):
                    found.setdefault(word, 2)
                for second in _deletions(variant):
                    for word in self._deletes.get(second, ()):
                        found.setdefault(word, 2)
        found.pop(folded, None)
        # A substitution and a swap both pass the delete test; the true distance of what is left
        # is checked once, on the few candidates.
        return sorted(
            ((w, d) for w, d in found.items() if _distance(folded, w) <= d),
            key=lambda item: (item[1], -sum(self.forms[item[0]].values())),
        )[:8]


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def _transpositions(word: str) -> set[str]:
    return {word[:i] + word[i + 1] + word[i] + word[i + 2 :] for i in range(len(word) - 1)} - {word}


def _distance(a: str, b: str) -> int:
    """Optimal string alignment distance (Levenshtein plus swapping two neighbouring letters)."""
    rows = [list(range(len(b) + 1))]
    for i in range(1, len(a) + 1):
        row = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            row[j] = min(rows[-1][j] + 1, row[j - 1] + 1, rows[-1][j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                row[j] = min(row[j], rows[-2][j - 2] + 1)
        rows.append(row)
    return rows[-1][-1]


def build() -> Vocabulary:
    from core.kinds import all_kinds
    from core.models import Locality
    from movements.models import MovementPage
    from search.models import SearchEntry

    vocabulary = Vocabulary()
    newest = SearchEntry.objects.order_by("-published_at").values_list("title", "lead", "body")[:MAX_ARTICLES]
    for title, lead, body in newest.iterator(chunk_size=500):
        vocabulary.add_text(title, weight=2)  # a title's words are what readers look for
        vocabulary.add_text(lead)
        vocabulary.add_text(body)
    if SearchEntry.objects.count() > MAX_ARTICLES:
        older = SearchEntry.objects.order_by("-published_at").values_list("title", flat=True)[MAX_ARTICLES:]
        for title in older.iterator(chunk_size=2000):
            vocabulary.add_text(title, weight=2)
    for title, aliases in MovementPage.objects.live().public().values_list("title", "alternative_names"):
        vocabulary.add_text(title, weight=3)
        for alias in aliases.splitlines():
            vocabulary.add_text(alias, weight=2)
    for kind in all_kinds():
        for _pk, name in kind.model.named_exemplars(kind.model.objects.visible_to_readers()):
            vocabulary.add_text(name, weight=2)
    for name in Locality.objects.values_list("name", flat=True):
        vocabulary.add_text(name, weight=2)
    return vocabulary.finish()


_lock = threading.Lock()
_state = {"version": None, "vocabulary": None, "seconds": 0.0, "building": None, "started": 0.0}


def _build_for(version: str) -> Vocabulary:
    started = time.perf_counter()
    _state["started"] = time.monotonic()
    vocabulary = build()
    seconds = time.perf_counter() - started
    with _lock:
        _state.update(version=version, vocabulary=vocabulary, seconds=seconds, building=None)
    log.info("search vocabulary built in %.3f s (%d forms)", seconds, len(vocabulary.counts))
    return vocabulary


def current() -> Vocabulary:
    """The vocabulary of the current content version (see the module's note on large sites)."""
    version = content_version()
    with _lock:
        vocabulary, seconds, building = _state["vocabulary"], _state["seconds"], _state["building"]
        if _state["version"] == version:
            return vocabulary
        sync_seconds = getattr(settings, "SEARCH_VOCABULARY_SYNC_SECONDS", SYNC_BUILD_SECONDS)
        background = vocabulary is not None and seconds >= sync_seconds
        rested = time.monotonic() - _state["started"] >= max(MIN_REBUILD_SECONDS, REBUILD_FACTOR * seconds)
        if background and building is None and rested:
            _state["building"] = version
            threading.Thread(target=_build_in_background, args=(version,), daemon=True).start()
    if background:
        return vocabulary
    return _build_for(version)


def _build_in_background(version: str) -> None:
    from django.db import connection

    try:
        _build_for(version)
    except Exception:  # logged; the previous vocabulary keeps answering
        log.exception("search vocabulary build failed")
        with _lock:
            _state["building"] = None
    finally:
        connection.close()


def forget() -> None:
    """Drop the vocabulary (tests)."""
    with _lock:
        _state.update(version=None, vocabulary=None, seconds=0.0, building=None, started=0.0)
