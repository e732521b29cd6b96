"""The filters of /van-ban/: type, issuer, year, and a search of number and summary that
ignores accents ("chi thi 34", "59/TB-VPCP"). Like core.listing, an unknown value never
fails: the list shows everything with a notice saying which filter was not understood."""

from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import QuerySet

from core.cache import content_version
from core.http import parse_int
from core.text import fold, vi_sort_key

MAX_QUERY_CHARS = 200


@dataclass
class DocumentFilters:
    q: str = ""
    doc_type: str = ""
    issuer: str = ""
    year: int | None = None
    notices: list[str] = field(default_factory=list)
    type_options: list = field(default_factory=list)
    issuer_options: list = field(default_factory=list)
    year_options: list = field(default_factory=list)

    @classmethod
    def from_request(cls, request) -> "DocumentFilters":
        filters = cls()
        filters.type_options, filters.issuer_options, filters.year_options = cls._options()
        params = request.GET
        filters.q = " ".join(params.get("q", "").split())[:MAX_QUERY_CHARS]
        filters.doc_type = filters._choice(
            params.get("type", ""), filters.type_options, "Không có loại văn bản đã chọn; đang hiện mọi loại."
        )
        filters.issuer = filters._choice(
            params.get("issuer", ""),
            filters.issuer_options,
            "Không có cơ quan ban hành đã chọn; đang hiện văn bản của mọi cơ quan.",
        )
        year = params.get("year", "").strip()
        if year:
            filters.year = parse_int(year, 1900, 2100)
            if filters.year is None:
                filters.notices.append("Năm không hợp lệ; đang hiện văn bản của mọi năm.")
        return filters

    def _choice(self, raw: str, options: list, notice: str) -> str:
        """`raw` if it is one of `options`; otherwise nothing, and a notice when it was given."""
        value = raw.strip()
        if value and value not in options:
            self.notices.append(notice)
            return ""
        return value

    @staticmethod
    def _options():
        """Types, issuers and years that readers' documents have; they change on publish."""
        from documents.models import DOC_TYPES, DocumentPage

        key = f"documents:options:{content_version()}"
        options = cache.get(key)
        if options is None:
            visible = DocumentPage.objects.visible_to_readers()
            types = set(visible.values_list("doc_type", flat=True))
            issuers = sorted(set(visible.values_list("issuer", flat=True)), key=vi_sort_key)
            years = sorted({d.year for d in visible.values_list("issued_on", flat=True)}, reverse=True)
            options = ([t for t in DOC_TYPES if t in types], issuers, years)
            cache.set(key, options, 3600)
        return options

    @property
    def active(self) -> bool:
        return bool(self.q or self.doc_type or self.issuer or self.year)

    def apply(self, queryset: QuerySet) -> QuerySet:
        for word in fold(self.q).split():
            queryset = queryset.filter(lookup_text__contains=word)
        if self.doc_type:
            queryset = queryset.filter(doc_type=self.doc_type)
        if self.issuer:
            queryset = queryset.filter(issuer=self.issuer)
        if self.year:
            queryset = queryset.filter(issued_on__year=self.year)
        return queryset.order_by("-issued_on", "-pk")

    def querystring(self, **overrides) -> str:
        from urllib.parse import urlencode

        params = {"q": self.q, "type": self.doc_type, "issuer": self.issuer, "year": self.year, **overrides}
        return urlencode({k: v for k, v in params.items() if v})
