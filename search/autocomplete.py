"""Suggestions while a reader types: titles of published public articles (from the search index),
names of published public movements (title and other names) and exemplar names.

Matching is accent-insensitive by prefix of any word, both sides folded by core.text.fold:
"nguoi t" suggests "Người tốt…", "dak" suggests "Đắk Lắk". Every typed word must start some word
of the suggestion.

- Titles: a full-text index over the folded title (the FTS5 table's folded_title column on
  SQLite; a title-only GIN tsvector index, migration 0003, on PostgreSQL) answers the prefix
  query, so the database never scans the table.
- Movements and exemplar names: a small in-process table of folded names, rebuilt when the
  content version changes (any publish, unpublish, move, deletion or restriction change), with
  a two-letter prefix map so a lookup touches only the names that can match.
"""

import re
import threading
from dataclasses import dataclass

from django.db import connection
from wagtail.models import Page

from core.cache import content_version
from core.kinds import all_kinds
from core.text import find_control_chars, fold
from search.models import SearchEntry

MAX_SUGGESTIONS = 8
MIN_QUERY_CHARS = 2
MAX_QUERY_CHARS = 100
MAX_WORDS = 8
_WORD = re.compile(r"[a-z0-9]+")
# The same expression as the title-only GIN index of migration 0003 (it must match for the index
# to be used).
_PG_TITLE_VECTOR = "to_tsvector('simple', folded_title)"


@dataclass(frozen=True)
class Suggestion:
    label: str
    kind: str  # an article kind ("story", "news", "document"…), "movement" or "exemplar"
    page_id: int
    starts: bool  # the label starts with what was typed: shown first


def clean_query(raw: str) -> str:
    """What the reader typed, without control characters and extra spaces, cut to 100 characters."""
    raw = "".join(ch for ch in raw[: MAX_QUERY_CHARS * 5] if not find_control_chars(ch))
    return " ".join(raw.split())[:MAX_QUERY_CHARS].strip()


def query_words(text: str) -> list[str]:
    return list(dict.fromkeys(_WORD.findall(fold(text))))[:MAX_WORDS]


def suggest(text: str) -> list[Suggestion]:
    """At most MAX_SUGGESTIONS suggestions for the cleaned text; [] when nothing can match."""
    words = query_words(text)
    if len(fold(text)) < MIN_QUERY_CHARS or not words:
        return []
    typed = " ".join(words)
    names = _name_table().match(words, typed)
    titles = _titles(words, typed)
    # Labels that start with what was typed first, then movements, articles (of any kind),
    # exemplars.
    order = {"movement": 0, "exemplar": 2}
    ranked = sorted(names + titles, key=lambda s: (not s.starts, order.get(s.kind, 1)))
    seen, result = set(), []
    for suggestion in ranked:
        key = (fold(suggestion.label), suggestion.page_id)
        if key not in seen:
            seen.add(key)
            result.append(suggestion)
    return result[:MAX_SUGGESTIONS]


def page_urls(suggestions) -> dict[int, str]:
    """Page id → URL (relative on a single site) for the few pages suggested."""
    return {p.pk: p.url for p in Page.objects.filter(pk__in={s.page_id for s in suggestions})}


def _titles(words: list[str], typed: str) -> list[Suggestion]:
    entries = SearchEntry.objects.all()
    starts = "search_searchentry.folded_title LIKE %s"
    if connection.vendor == "sqlite":
        match = "folded_title : (" + " AND ".join(f'"{w}"*' for w in words) + ")"
        entries = entries.extra(
            tables=["search_searchentry_fts"],
            where=["search_searchentry_fts.rowid = search_searchentry.page_id", "search_searchentry_fts MATCH %s"],
            params=[match],
            select={"starts": starts},
            select_params=[f"{typed}%"],
        )
    elif connection.vendor == "postgresql":
        entries = entries.extra(
            where=[f"{_PG_TITLE_VECTOR} @@ to_tsquery('simple', %s)"],
            params=[" & ".join(f"{w}:*" for w in words)],
            select={"starts": starts},
            select_params=[f"{typed}%"],
        )
    else:  # another database: correct, not indexed
        for word in words:
            entries = entries.filter(folded_title__regex=rf"(^|[^a-z0-9]){word}")
        entries = entries.extra(select={"starts": starts}, select_params=[f"{typed}%"])
    rows = entries.order_by("-starts", "-published_at").values_list("page_id", "title", "kind", "starts")
    return [Suggestion(title, kind, page_id, bool(first)) for page_id, title, kind, first in rows[:MAX_SUGGESTIONS]]


class _NameTable:
    """Folded movement and exemplar names with a map from each word's first one and two letters
    to the names holding such a word."""

    def __init__(self, names):
        self.names = names  # [(words of the name, folded name, label, kind, page_id)]
        self.by_prefix: dict[str, list[int]] = {}
        for i, (name_words, *_rest) in enumerate(names):
            for prefix in {w[:n] for w in name_words for n in (1, 2)}:
                self.by_prefix.setdefault(prefix, []).append(i)

    def match(self, words: list[str], typed: str) -> list[Suggestion]:
        longest = max(words, key=len)
        found = []
        for i in self.by_prefix.get(longest[:2], ()):
            name_words, _folded, label, kind, page_id = self.names[i]
            if all(any(nw.startswith(w) for nw in name_words) for w in words):
                found.append(Suggestion(label, kind, page_id, " ".join(name_words).startswith(typed)))
        found.sort(key=lambda s: (not s.starts, s.kind != "movement"))
        return found[:MAX_SUGGESTIONS]


_lock = threading.Lock()
_cached: tuple[str, _NameTable] | None = None


def _name_table() -> _NameTable:
    global _cached
    version = content_version()
    cached = _cached
    if cached is not None and cached[0] == version:
        return cached[1]
    with _lock:
        if _cached is not None and _cached[0] == version:
            return _cached[1]
        table = _NameTable(_load_names())
        _cached = (version, table)
        return table


def _load_names():
    from movements.models import MovementPage

    names, seen = [], set()

    def add(name, label, kind, page_id):
        folded = fold(name)
        words = tuple(_WORD.findall(folded))
        if words and (kind, folded) not in seen:
            seen.add((kind, folded))
            names.append((words, folded, label, kind, page_id))

    # A movement is found by its other names too (outlets misquote them) but always shown by
    # its own name.
    for pk, title, aliases in MovementPage.objects.live().public().values_list("pk", "title", "alternative_names"):
        add(title, title, "movement", pk)
        for alias in aliases.splitlines():
            if alias.strip():
                add(alias, title, "movement", pk)
    # One suggestion per person or collective: the newest article about them.
    for kind in all_kinds():
        for pk, name in kind.model.named_exemplars(kind.model.objects.visible_to_readers()):
            add(name, name, "exemplar", pk)
    return names
