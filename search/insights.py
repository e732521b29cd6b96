"""Editors' insight into what readers look for, kept private: searches on /search/ and
/api/search/ are counted per day and folded query (SearchQueryStat), with nothing about the
reader (no IP address, user agent, user or session), in memory first and written in batches
(core.tally), also for searches answered from the page cache (search.views). Rows older than
SEARCH_STATS_DAYS (default 365) are deleted, at most once a day, by the first write of the day.

Also: the editors' promoted results (wagtail.contrib.search_promotions) for a query, matched
accent-insensitively like the search itself, and only for live, public pages."""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F, Max, OuterRef, Subquery, Sum
from django.utils import timezone
from wagtail.models import Page

from core.models import visible_pages
from core.tally import Tally
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
    """Count one search (a search.query.SearchQuery), in this process's memory: a background
    thread writes the counts every SEARCH_STATS_FLUSH_SECONDS (5) in one transaction
    (core.tally), so a search never waits for a database write. Empty queries and later result
    pages are not counted."""
    if query.is_empty or query.page != 1:
        return
    text = normalise(query.text)
    if text:
        _searches.add((timezone.localdate(), text, result_count))


def flush() -> int:
    """Write the searches this process counted (the tests call it; a thread does otherwise)."""
    return _searches.flush()


def discard_pending() -> None:
    _searches.discard()


def _write(batch) -> None:
    """One row per (day, folded query): searches added; the result count is the largest one
    seen in the batch (a query that found something in these few seconds is not reported as
    finding nothing)."""
    merged = {}  # (day, text) -> [searches, result count]
    for (day, text, results), count in batch.items():
        row = merged.setdefault((day, text), [0, results])
        row[0] += count
        row[1] = max(row[1], results)
    with transaction.atomic():
        for (day, text), (searches, results) in sorted(merged.items()):
            _count(day, text, searches, results)
    for day in {day for day, _ in merged}:
        _prune(day)


def _count(day, text, searches, result_count):
    rows = SearchQueryStat.objects.filter(day=day, query=text)
    if rows.update(searches=F("searches") + searches, last_result_count=result_count):
        return
    try:
        with transaction.atomic():  # another process may create the row at the same moment
            SearchQueryStat.objects.create(day=day, query=text, searches=searches, last_result_count=result_count)
    except IntegrityError:
        rows.update(searches=F("searches") + searches, last_result_count=result_count)


_searches = Tally("Search statistics", _write, "SEARCH_STATS_FLUSH_SECONDS")


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
