"""Editors' insight into what readers look for, kept private: searches on /search/ and
/api/search/ are counted per day and folded query (SearchQueryStat), with nothing about the
reader (no IP address, user agent, user or session). Rows older than SEARCH_STATS_DAYS
(default 365) are deleted, at most once a day, by the first search of the day.

Also: the editors' promoted results (wagtail.contrib.search_promotions) for a query, matched
accent-insensitively like the search itself, and only for live, public pages."""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import F, Max, OuterRef, Subquery, Sum
from django.utils import timezone
from wagtail.models import Page

from core.models import visible_pages
from core.text import fold
from search.models import SearchQueryStat

logger = logging.getLogger(__name__)
MAX_STORED_CHARS = 200
REPORT_DAYS = 30


def stats_days() -> int:
    return int(getattr(settings, "SEARCH_STATS_DAYS", 365))


def normalise(text: str) -> str:
    return fold(text)[:MAX_STORED_CHARS].strip()


def record_search(query, result_count: int) -> None:
    """Count one search (a search.query.SearchQuery). Empty queries and later result pages are
    not counted; a database failure here never breaks the search itself."""
    if query.is_empty or query.page != 1:
        return
    text = normalise(query.text)
    if not text:
        return
    day = timezone.localdate()
    try:
        with transaction.atomic():
            _count(day, text, result_count)
        _prune(day)
    except DatabaseError:
        logger.exception("search statistics not recorded")


def _count(day, text, result_count):
    rows = SearchQueryStat.objects.filter(day=day, query=text)
    if rows.update(searches=F("searches") + 1, last_result_count=result_count):
        return
    try:
        with transaction.atomic():  # another request may create the row at the same moment
            SearchQueryStat.objects.create(day=day, query=text, searches=1, last_result_count=result_count)
    except IntegrityError:
        rows.update(searches=F("searches") + 1, last_result_count=result_count)


def _prune(today) -> None:
    if cache.add(f"search-stats-pruned:{today.isoformat()}", True, 2 * 24 * 3600):
        SearchQueryStat.objects.filter(day__lt=today - timedelta(days=stats_days())).delete()


def _period(days=REPORT_DAYS):
    since = timezone.localdate() - timedelta(days=days - 1)
    latest = SearchQueryStat.objects.filter(query=OuterRef("query"), day__gte=since).order_by("-day")
    return (
        SearchQueryStat.objects.filter(day__gte=since)
        .values("query")
        .annotate(
            total=Sum("searches"),
            last_day=Max("day"),
            best_results=Max("last_result_count"),
            results=Subquery(latest.values("last_result_count")[:1]),
        )
    )


def most_searched(limit=50, days=REPORT_DAYS) -> list[dict]:
    return list(_period(days).order_by("-total", "query")[:limit])


def without_results(limit=50, days=REPORT_DAYS) -> list[dict]:
    """Queries that found nothing every time they were searched in the period."""
    return list(_period(days).filter(best_results=0).order_by("-total", "query")[:limit])


def promoted_query_ids(text: str) -> list[int]:
    """Search promotion queries that match the reader's query once both are folded."""
    from wagtail.contrib.search_promotions.models import Query, SearchPromotion

    wanted = normalise(text)
    if not wanted:
        return []
    with_promotions = Query.objects.filter(pk__in=SearchPromotion.objects.values("query_id"))
    return [pk for pk, string in with_promotions.values_list("pk", "query_string") if normalise(string) == wanted]


def promotions_for(text: str) -> list[dict]:
    """[{"title", "url", "description", "page"}] in the editors' order: pages only when readers
    may see them, external links as they are."""
    from wagtail.contrib.search_promotions.models import SearchPromotion

    query_ids = promoted_query_ids(text)
    if not query_ids:
        return []
    picks = list(SearchPromotion.objects.filter(query_id__in=query_ids).order_by("sort_order", "pk"))
    chosen = Page.objects.filter(pk__in=[pick.page_id for pick in picks if pick.page_id])
    visible = {p.pk: p for p in visible_pages(chosen)}
    result, seen = [], set()
    for pick in picks:
        if pick.page_id:
            page = visible.get(pick.page_id)
            if page is None or page.pk in seen:
                continue
            seen.add(page.pk)
            result.append({"title": page.title, "url": page.url, "description": pick.description, "page": page})
        elif pick.external_link_url:
            result.append(
                {
                    "title": pick.external_link_text or pick.external_link_url,
                    "url": pick.external_link_url,
                    "description": pick.description,
                    "page": None,
                }
            )
    return result
