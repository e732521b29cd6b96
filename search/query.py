"""What a reader asked for, validated: the same rules for the HTML page and the JSON API.
Bad parameters raise QueryError with a Vietnamese message (the API answers 400 with it)."""

import re
from dataclasses import dataclass, field

from core.http import parse_int
from core.kinds import all_kinds, get_kind
from core.text import find_control_chars, fold

MAX_QUERY_CHARS = 200
MAX_PAGE_SIZE = 50
DEFAULT_PAGE_SIZE = 10
_WORD = re.compile(r"[a-z0-9]+")
_QUOTED = re.compile(r'"([^"]+)"')


class QueryError(ValueError):
    pass


@dataclass
class SearchQuery:
    text: str = ""
    kind: str | None = None
    movement: object = None  # MovementPage
    locality: object = None  # Locality (its whole family is searched)
    year: int | None = None
    page: int = 1
    page_size: int = DEFAULT_PAGE_SIZE
    words: list[str] = field(default_factory=list)  # folded words, all required
    phrases: list[list[str]] = field(default_factory=list)  # folded words in order

    @classmethod
    def from_params(cls, params, strict: bool = True) -> "SearchQuery":
        """strict (the API): a bad filter is a QueryError. Not strict (the HTML page): ignored."""
        query = cls()
        raw = params.get("q", "")
        raw = "".join(ch for ch in raw if not find_control_chars(ch))[: MAX_QUERY_CHARS * 5]
        query.text = " ".join(raw.split())[:MAX_QUERY_CHARS]
        query.phrases = [_WORD.findall(fold(p)) for p in _QUOTED.findall(query.text)]
        query.phrases = [p for p in query.phrases if len(p) > 1]
        query.words = list(dict.fromkeys(_WORD.findall(fold(query.text))))
        try:
            query._read_filters(params)
        except QueryError:
            if strict:
                raise
        return query

    def _read_filters(self, params):
        from core.models import Locality
        from movements.models import MovementPage

        if params.get("kind"):
            if get_kind(params["kind"]) is None:
                raise QueryError(f"kind phải là một trong: {', '.join(k.key for k in all_kinds())}")
            self.kind = params["kind"]
        if params.get("movement"):
            self.movement = MovementPage.objects.live().public().filter(slug=params["movement"]).first()
            if self.movement is None:
                raise QueryError(f"không có phong trào “{params['movement'][:80]}”")
        if params.get("locality"):
            self.locality = Locality.objects.filter(slug=params["locality"]).first()
            if self.locality is None:
                raise QueryError(f"không có địa phương “{params['locality'][:80]}”")
        if params.get("year"):
            self.year = self._int(params, "year", 1900, 2100)
        if params.get("page"):
            self.page = self._int(params, "page", 1, 10_000)
        if params.get("page_size"):
            self.page_size = self._int(params, "page_size", 1, MAX_PAGE_SIZE)

    @staticmethod
    def _int(params, name, low, high) -> int:
        value = parse_int(params.get(name), low, high)
        if value is None:
            raise QueryError(f"{name} phải là số nguyên từ {low} đến {high}")
        return value

    @property
    def sequence(self) -> str:
        """The folded words in the order typed, repeats kept (engines boost this phrase)."""
        return " ".join(_WORD.findall(fold(self.text)))

    @property
    def is_empty(self) -> bool:
        return not self.words
