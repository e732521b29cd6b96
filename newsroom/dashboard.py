"""The editors' dashboard: what was published per month (by movement, by locality) and what
waits. Counts are aggregated in the database, a handful of queries whatever the archive's
size, and cached for a few minutes under the content version (a publish starts afresh)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Value
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone

from core.cache import content_version
from core.charts import bar_chart
from core.kinds import all_kinds
from core.text import vi_sort_key

MONTHS = 12
TOP_SERIES = 5  # more bars per month would be unreadable; the rest are summed as "Khác"
CACHE_SECONDS = 300
OTHERS = "Khác"


def month_starts(today: date, months: int = MONTHS) -> list[date]:
    """The first day of each of the last `months` months, oldest first, this month last."""
    year, month = today.year, today.month
    starts = []
    for _ in range(months):
        starts.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return starts[::-1]


def published_per_month(
    dimension: str, today: date | None = None, top: int | None = TOP_SERIES
) -> dict[str, list[tuple[date, int]]]:
    """{series label: [(first day of month, articles published), ...]} over the last 12 months,
    for dimension "movement" or "locality" (today's provinces: a historic unit counts under the
    one it became part of). An article in two movements counts in both. Beyond the `top`
    series by total, the rest are summed as "Khác"."""
    today = today or timezone.localdate()
    months = month_starts(today)
    tz = ZoneInfo(settings.TIME_ZONE)
    since = datetime(months[0].year, months[0].month, 1, tzinfo=tz)
    if dimension == "movement":
        label = Coalesce("movements__title", Value("Chưa gắn phong trào"))
    else:
        label = Coalesce("localities__successor__name", "localities__name", Value("Chưa gắn địa phương"))

    counts: dict[str, dict[date, int]] = {}
    for kind in all_kinds():
        rows = (
            kind.model.objects.live()
            .filter(published_at__gte=since)
            .annotate(month=TruncMonth("published_at", tzinfo=tz), series=label)
            .values("month", "series")
            .annotate(n=Count("pk", distinct=True))
            .order_by()
        )
        for row in rows:
            month = timezone.localtime(row["month"], tz).date() if isinstance(row["month"], datetime) else row["month"]
            by_month = counts.setdefault(row["series"], {})
            by_month[month] = by_month.get(month, 0) + row["n"]

    ranked = sorted(counts, key=lambda s: (-sum(counts[s].values()), vi_sort_key(s)))
    shown, rest = (ranked[:top], ranked[top:]) if top else (ranked, [])
    series = {name: counts[name] for name in shown}
    if rest:
        others = series[OTHERS] = {}
        for name in rest:
            for month, n in counts[name].items():
                others[month] = others.get(month, 0) + n
    return {name: [(m, by_month.get(m, 0)) for m in months] for name, by_month in series.items()}


def charts_html() -> dict[str, str]:
    """The two charts, rendered, cached until the next publish or for CACHE_SECONDS."""
    key = f"newsroom:dashboard:{content_version()}:{timezone.localdate():%Y-%m}"

    def render():
        return {
            "movement": bar_chart(
                published_per_month("movement"),
                title="Bài đã xuất bản mỗi tháng, theo phong trào",
                unit="bài",
                period="month",
            ),
            "locality": bar_chart(
                published_per_month("locality"),
                title="Bài đã xuất bản mỗi tháng, theo địa phương",
                unit="bài",
                period="month",
            ),
        }

    return cache.get_or_set(key, render, CACHE_SECONDS)


# "Bài của tôi": a reporter's own articles and where each one stands.

MY_ARTICLES = 20


def writes_only(user) -> bool:
    """A reporter: reviews no workflow step and publishes nowhere (the Phóng viên role, by what
    it may do rather than by its group's name)."""
    from wagtail.models import GroupApprovalTask
    from wagtail.permission_policies.pages import PagePermissionPolicy

    if user.is_superuser:
        return False
    if GroupApprovalTask.objects.filter(active=True, groups__in=user.groups.all()).exists():
        return False
    return not PagePermissionPolicy().user_has_permission(user, "publish")


def my_articles(user, limit: int = MY_ARTICLES) -> list[tuple]:
    """[(page, Status)] of the articles `user` owns (created), the most recently changed first:
    one query per article kind, then newsroom.status's few."""
    from newsroom.status import statuses

    pages = []
    for kind in all_kinds():
        pages += kind.model.objects.filter(owner=user).order_by("-latest_revision_created_at", "-pk")[:limit]
    pages.sort(key=lambda p: p.latest_revision_created_at or p.first_published_at or timezone.now(), reverse=True)
    pages = pages[:limit]
    found = statuses(pages)
    return [(page, found[page.pk]) for page in pages]
