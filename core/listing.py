"""Reader-facing filters for index pages. Unknown or malformed values never raise: the
page renders with a notice, so a mistyped link still shows something useful."""

from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import QuerySet

from core.cache import content_version
from core.http import parse_int
from core.models import Locality


@dataclass
class ListingFilters:
    movement: object = None
    locality: Locality | None = None
    year: int | None = None
    notices: list[str] = field(default_factory=list)
    movement_options: list = field(default_factory=list)
    locality_options: list = field(default_factory=list)
    year_options: list = field(default_factory=list)

    @classmethod
    def from_request(cls, request, model) -> "ListingFilters":
        filters = cls()
        params = request.GET
        filters.movement_options, filters.year_options = cls._options(model)
        if filters.movement_options:
            slug = params.get("movement", "").strip()
            if slug:
                filters.movement = next((m for m in filters.movement_options if m.slug == slug), None)
                if filters.movement is None:
                    filters.notices.append("Không tìm thấy phong trào đã chọn; đang hiện tất cả các bài.")
        filters.locality_options = Locality.current_sorted()
        slug = params.get("locality", "").strip()
        if slug:
            filters.locality = Locality.objects.filter(slug=slug).first()
            if filters.locality is None:
                filters.notices.append("Không tìm thấy địa phương đã chọn; đang hiện tất cả các bài.")
        year = params.get("year", "").strip()
        if year:
            filters.year = parse_int(year, 1900, 2100)
            if filters.year is None:
                filters.notices.append("Năm không hợp lệ; đang hiện bài của mọi năm.")
        return filters

    @classmethod
    def _options(cls, model):
        """Movements and years to choose from; they change only when something is published."""
        key = f"listing-options:{model._meta.label}:{content_version()}"
        options = cache.get(key)
        if options is None:
            movement_model = model._meta.get_field("movements").related_model
            movements = list(movement_model.objects.live().public().only("title", "slug").order_by("title"))
            years = [d.year for d in model.objects.visible_to_readers().dates("published_at", "year", order="DESC")]
            options = (movements, years)
            cache.set(key, options, 3600)
        return options

    @property
    def active(self) -> bool:
        return bool(self.movement or self.locality or self.year)

    def apply(self, queryset: QuerySet) -> QuerySet:
        if self.movement is not None:
            queryset = queryset.filter(movements=self.movement)
        if self.locality is not None:
            tagged = queryset.model.objects.filter(localities__in=self.locality.family_ids()).values("pk")
            queryset = queryset.filter(pk__in=tagged)  # no DISTINCT over whole page rows
        if self.year is not None:
            queryset = queryset.filter(published_at__year=self.year)
        return queryset

    def querystring(self, **overrides) -> str:
        """The current filters as a query string, for pagination links."""
        from urllib.parse import urlencode

        params = {
            "movement": getattr(self.movement, "slug", None),
            "locality": getattr(self.locality, "slug", None),
            "year": self.year,
            **overrides,
        }
        return urlencode({k: v for k, v in params.items() if v})
