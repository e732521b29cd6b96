"""Đọc nhiều: what readers read most, counted per article and day (Vietnam time) with nothing
about the reader (core.ReadCount; no address, browser, cookie, session or account anywhere).

Counting. Pages are cached (the page cache, Varnish), so the page itself counts nothing: after
it is shown, js/readership.js POSTs once per tab session to /api/views/<page id>/ (`beacon`).
That request never waits for the database's write lock: it counts in this process's memory and
a background thread writes the counts every READERSHIP_FLUSH_SECONDS (5) in one transaction
(core.tally, also behind the search statistics). Whether a page may be counted (a visible article) is remembered
per content version (core.cache), so a beacon costs no query either.

Reading. `most_read()` sums a window of days over the articles readers may see
(ArticlePage.objects.visible_to_readers(), the one answer), ties going to the newest, cached a
few minutes under the content version, so an unpublished article leaves the block at once."""

import logging
import threading
from collections import Counter
from datetime import date, timedelta

from django.db import connection, transaction
from django.db.models import DateTimeField, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.http import HttpResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from core.cache import content_version, get_versioned, set_versioned
from core.kinds import all_kinds, kind_of
from core.tally import Tally

logger = logging.getLogger(__name__)

WINDOW_DAYS = 7  # "Đọc nhiều" on the site: the last 7 days, today included
CACHE_SECONDS = 300
MAX_REMEMBERED = 50_000  # page ids whose visibility this process remembers

# --- counting (core.tally: in memory, written in batches) ----------------------------------


def record(page_id: int, day: date | None = None) -> None:
    """Count one read of an article, in memory until the next flush."""
    _reads.add((page_id, day or timezone.localdate()))


def pending() -> int:
    """Reads this process has counted and not yet written."""
    return _reads.pending()


def discard_pending() -> None:
    _reads.discard()


def flush() -> int:
    """Write what this process counted: one transaction, one upsert per (article, day)."""
    return _reads.flush()


def _write(batch: Counter) -> None:
    from wagtail.models import Page

    from core.models import ReadCount

    table = connection.ops.quote_name(ReadCount._meta.db_table)
    sql = (
        f"INSERT INTO {table} (page_id, day, views) VALUES (%s, %s, %s) "
        f"ON CONFLICT (page_id, day) DO UPDATE SET views = {table}.views + excluded.views"
    )
    with transaction.atomic():
        # A page deleted since it was read has nothing left to count against.
        existing = set(Page.objects.filter(pk__in={pk for pk, _ in batch}).values_list("pk", flat=True))
        rows = [
            (pk, connection.ops.adapt_datefield_value(day), count)
            for (pk, day), count in sorted(batch.items())
            if pk in existing
        ]
        if rows:
            with connection.cursor() as cursor:
                cursor.executemany(sql, rows)


_reads = Tally("Read counts", _write, "READERSHIP_FLUSH_SECONDS")


# --- the beacon ----------------------------------------------------------------------------

_visible_lock = threading.Lock()
_visible: tuple[str, dict[int, bool]] = ("", {})  # (content version, page id -> countable)


def countable(page_id: int) -> bool:
    """Whether readers may see this article now: the same rule as every listing, remembered
    until the content version changes (a publish, an unpublish, a go-live…)."""
    global _visible
    version = content_version()
    with _visible_lock:
        seen_version, known = _visible
        if seen_version != version or len(known) > MAX_REMEMBERED:
            known = {}
            _visible = (version, known)
        if page_id in known:
            return known[page_id]
    answer = _is_visible_article(page_id)
    with _visible_lock:
        if _visible[0] == version:
            _visible[1][page_id] = answer
    return answer


def _is_visible_article(page_id: int) -> bool:
    from wagtail.models import Page

    content_type = Page.objects.filter(pk=page_id).values_list("content_type", flat=True).first()
    if content_type is None:
        return False
    from django.contrib.contenttypes.models import ContentType

    model = ContentType.objects.get_for_id(content_type).model_class()
    kind = kind_of(model) if model else None
    return bool(kind) and kind.model.objects.visible_to_readers().filter(pk=page_id).exists()


@csrf_exempt
def beacon(request, page_id: int):
    """POST /api/views/<page id>/ from js/readership.js: 204 when counted; 404 for a page that
    is not an article readers may see (a draft, scheduled, expired or private one, or no page);
    405 for any other method; 204 without counting for a post from another site. Sets no
    cookie, reads no session, never stored by a cache, and never a 5xx: a failure loses one
    read at most."""
    if request.method != "POST":
        response = HttpResponse(status=405)
        response["Allow"] = "POST"
        return _uncacheable(response)
    try:
        if not countable(page_id):
            return _uncacheable(HttpResponse(status=404))
        # Browsers say where a request comes from: a page of another site cannot count for it.
        if request.headers.get("Sec-Fetch-Site", "same-origin") == "same-origin":
            record(page_id)
    except Exception:
        logger.exception("Read of page %s not counted", page_id)
    return _uncacheable(HttpResponse(status=204))


def _uncacheable(response):
    response["Cache-Control"] = "no-store"
    return response


# --- most read ----------------------------------------------------------------------------


def _scope(section):
    """(article models, section page or None, cache key part) for `section`: a section front
    (its kind, its articles), an article (its kind's section: the article's parent) or nothing
    (every kind)."""
    if section is None:
        return [kind.model for kind in all_kinds()], None, "all"
    section = getattr(section, "specific", section)
    kind = kind_of(section)
    if kind is not None:  # an article: its own section
        return [kind.model], section.get_parent(), f"s{section.get_parent().pk}"
    for kind in all_kinds():
        if isinstance(section, kind.index_model):
            return [kind.model], section, f"s{section.pk}"
    return [kind.model for kind in all_kinds()], None, "all"


def most_read(section=None, limit: int = 5, days: int = WINDOW_DAYS) -> list[dict]:
    """The articles read most over the last `days` days (today included), most read first, ties
    to the newest: [{"id", "title", "url", "views"}]. Only articles readers may see now; within
    `section` (see _scope) when given. Cached CACHE_SECONDS under the content version."""
    models, within, scope = _scope(section)
    today = timezone.localdate()
    key = f"most-read:{content_version()}:{today.isoformat()}:{scope}:{limit}:{days}"
    found = get_versioned(key)
    if found is None:
        found = _most_read(models, within, limit, today - timedelta(days=days - 1))
        set_versioned(key, found, CACHE_SECONDS)
    return found


def _most_read(models, within, limit, since) -> list[dict]:
    from wagtail.models import Page

    from core.models import ReadCount

    if not models or limit <= 0:
        return []
    visible, published = Q(), []
    for model in models:
        articles = model.objects.visible_to_readers()
        if within is not None:
            articles = articles.descendant_of(within)
        visible |= Q(page_id__in=articles.values("pk"))
        published.append(Subquery(model.objects.filter(pk=OuterRef("page_id")).values("published_at")[:1]))
    newest = Coalesce(*published, output_field=DateTimeField()) if len(published) > 1 else published[0]
    top = list(
        ReadCount.objects.filter(visible, day__gte=since)
        .values("page_id")
        .annotate(total=Sum("views"), published=newest)
        .order_by("-total", "-published", "-page_id")[:limit]
    )
    pages = Page.objects.filter(pk__in=[row["page_id"] for row in top]).in_bulk()
    return [
        {"id": row["page_id"], "title": page.title, "url": page.url, "views": row["total"]}
        for row in top
        if (page := pages.get(row["page_id"])) is not None
    ]


# --- the demo -----------------------------------------------------------------------------


def seed_demo_counts(days: int = 30) -> int:
    """Plausible counts for the demo's visible articles over the last `days` days, so the block
    and the editors' charts are not empty in `make run`: a day that already has counts (real or
    seeded) is left alone, so running it again the same day changes nothing. Returns the rows
    written."""
    import random

    from core.models import ReadCount

    today = timezone.localdate()
    start = today - timedelta(days=days - 1)
    counted_days = set(ReadCount.objects.filter(day__gte=start).values_list("day", flat=True).distinct())
    articles = [
        (pk, timezone.localdate(published))
        for kind in all_kinds()
        for pk, published in kind.model.objects.visible_to_readers().values_list("pk", "published_at")
    ]
    rows = []
    for pk, published in articles:
        rng = random.Random(pk)  # each article keeps its own popularity from run to run
        appeal = rng.uniform(0.3, 3.0)
        for offset in range(days):
            day = start + timedelta(days=offset)
            if day in counted_days or day < published:
                continue
            age = (day - published).days
            daily = random.Random(f"{pk}:{day.isoformat()}")  # the same numbers for the same day
            expected = appeal * (12 + 150 / (1 + age / 3)) * daily.uniform(0.6, 1.4)
            if day.weekday() >= 5:
                expected *= 0.8  # fewer readers at the weekend
            rows.append(ReadCount(page_id=pk, day=day, views=max(1, round(expected))))
    ReadCount.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)
