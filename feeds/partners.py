"""Counting partners' pulls. Every feed view calls record_pull(request, "<feed name>"); a request
with a valid, active ?key= adds one to that partner's count for the feed and today. Anything
else (no key, a wrong or revoked key, a database error) leaves the public response unchanged.

Cost: one UPDATE joined on the unique key when today's row exists (every pull but the first of
the day), so 50 partners polling a feed each minute make 50 small UPDATEs a minute."""

import logging
import re
from datetime import date, timedelta

from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import F, Max, Sum
from django.utils import timezone

from feeds.models import Partner, PartnerPull

logger = logging.getLogger(__name__)
KEY_PATTERN = re.compile(r"[A-Za-z0-9_-]{16,64}")
FEED_NAME_LENGTH = PartnerPull._meta.get_field("feed").max_length


def partner_key(request) -> str | None:
    """The ?key= of a request when it looks like one of our keys (anything else is public)."""
    key = request.GET.get("key", "").strip()
    return key if KEY_PATTERN.fullmatch(key) else None


def record_pull(request, feed_name: str) -> None:
    key = partner_key(request)
    if key is None:
        return
    feed = feed_name[:FEED_NAME_LENGTH]
    day = timezone.localdate()
    try:
        _count(key, feed, day)
    except DatabaseError:
        logger.exception("partner pull not recorded (feed %s)", feed)


def _count(key: str, feed: str, day: date) -> None:
    today = PartnerPull.objects.filter(partner__key=key, partner__active=True, feed=feed, day=day)
    if today.update(pulls=F("pulls") + 1):
        return
    partner_id = Partner.objects.filter(key=key, active=True).values_list("pk", flat=True).first()
    if partner_id is None:
        return
    try:
        with transaction.atomic():  # another pull may create today's row at the same moment
            PartnerPull.objects.create(partner_id=partner_id, feed=feed, day=day, pulls=1)
    except IntegrityError:
        PartnerPull.objects.filter(partner_id=partner_id, feed=feed, day=day).update(pulls=F("pulls") + 1)


OTHERS = "Các đối tác khác"
MAX_SERIES = 8


def pulls_in_period(days: int, partner_id: int | None = None, feed: str | None = None):
    """PartnerPull rows of the last `days` days (today included), optionally one partner or feed."""
    end = timezone.localdate()
    rows = PartnerPull.objects.filter(day__gt=end - timedelta(days=days), day__lte=end)
    if partner_id:
        rows = rows.filter(partner_id=partner_id)
    if feed:
        rows = rows.filter(feed=feed)
    return rows


def daily_pulls(days: int, by: str = "partner", partner_id: int | None = None, feed: str | None = None):
    """{label: [(day, pulls), ...]} with every day of the period (0 when nothing was pulled):
    one series per partner (by="partner") or per feed (by="feed"), the MAX_SERIES busiest
    first and the rest summed as one series, so that the chart stays readable."""
    end = timezone.localdate()
    every_day = [end - timedelta(days=n) for n in range(days - 1, -1, -1)]
    key = "partner__name" if by == "partner" else "feed"
    rows = pulls_in_period(days, partner_id, feed).values(key, "day").annotate(total=Sum("pulls"))
    counts: dict[str, dict[date, int]] = {}
    for row in rows:
        counts.setdefault(row[key], {})[row["day"]] = row["total"]
    ranked = sorted(counts, key=lambda name: (-sum(counts[name].values()), name))
    shown, rest = ranked[:MAX_SERIES], ranked[MAX_SERIES:]
    series = {name: [(d, counts[name].get(d, 0)) for d in every_day] for name in shown}
    if rest:
        label = OTHERS if by == "partner" else "Các luồng tin khác"
        series[label] = [(d, sum(counts[name].get(d, 0) for name in rest)) for d in every_day]
    return series


def totals(days: int, partner_id: int | None = None, feed: str | None = None) -> list[dict]:
    """One row per partner and feed over the period: pulls and the last day pulled."""
    return list(
        pulls_in_period(days, partner_id, feed)
        .values("partner_id", "partner__name", "feed")
        .annotate(total=Sum("pulls"), last_day=Max("day"))
        .order_by("partner__name", "partner_id", "-total", "feed")
    )
