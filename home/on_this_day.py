"""Ngày này năm xưa: articles of every kind published on today's day and month (Vietnam time)
in earlier years, newest year first, only what readers may see.

Which articles they are is cached per day and content version (the key holds the Vietnam date
and core.cache.content_version()), so a publish shows at once and midnight turns the page to
the next day; the pages themselves are read afresh by primary key, with what a card needs."""

from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from core.cache import content_version, get_versioned, set_versioned
from core.kinds import all_kinds, get_kind

LIMIT = 6
CACHE_SECONDS = 24 * 3600


@dataclass
class Anniversary:
    page: object
    kind_label: str

    @property
    def year(self) -> int:
        return timezone.localtime(self.page.published_at).year


def _find(today: date, limit: int) -> list[tuple[str, int]]:
    found = []
    for kind in all_kinds():
        rows = (
            kind.model.objects.visible_to_readers()
            .filter(published_at__month=today.month, published_at__day=today.day, published_at__year__lt=today.year)
            .order_by("-published_at", "-pk")
            .values_list("published_at", "pk")[:limit]
        )
        found += [(published_at, pk, kind.key) for published_at, pk in rows]
    found.sort(reverse=True)  # newest year first, across kinds
    return [(key, pk) for _, pk, key in found[:limit]]


def on_this_day(today: date | None = None, limit: int = LIMIT) -> list[Anniversary]:
    """Up to `limit` articles from this day in earlier years; `today` defaults to today in
    Vietnam (settings.TIME_ZONE)."""
    today = today or timezone.localdate()
    key = f"home:on-this-day:{today.isoformat()}:{limit}:{content_version()}"
    found = get_versioned(key)
    if found is None:
        found = _find(today, limit)
        set_versioned(key, found, CACHE_SECONDS)
    pages = {}
    for kind_key in {key for key, _ in found}:
        kind = get_kind(kind_key)
        if kind is None:  # a kind no longer registered
            continue
        wanted = [pk for key, pk in found if key == kind_key]
        pages.update(
            {(kind_key, p.pk): Anniversary(p, kind.label) for p in kind.model.listing_queryset().filter(pk__in=wanted)}
        )
    return [pages[entry] for entry in map(tuple, found) if entry in pages]
