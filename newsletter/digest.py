"""The weekly digest: which articles go in, when an issue is due, and sending it so that a
restart or a failure never sends anyone the same issue twice and never skips anyone.

- An issue is due once a week, from settings.NEWSLETTER_SEND_WEEKDAY/HOUR (Vietnam time) on.
  Its row (unique per ISO week) is written before any mail goes out; its articles are the
  stories and news first published since the previous issue, fixed at that moment.
- Each mail is claimed by creating its Delivery row first; a SENT row is never sent again, a
  FAILED one is retried with a growing delay, a SENDING row left by a crashed worker is taken
  over after STALE_CLAIM. The issue is complete when every recipient is served or given up.
"""

import logging
from contextlib import suppress
from datetime import datetime, time, timedelta

from django.conf import settings
from django.core.mail import get_connection
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from core.kinds import all_kinds
from newsletter.models import Delivery, Issue, Subscriber

logger = logging.getLogger(__name__)

STALE_CLAIM = timedelta(hours=1)
# An article first published now but dated more than this before the issue's period (an archive
# import, a back-dated page) is not news: it stays out of the digest.
BACKDATED = timedelta(days=7)


def week_and_send_time(now) -> tuple[str, datetime]:
    local = timezone.localtime(now, timezone.get_default_timezone())
    iso = local.isocalendar()
    monday = local.date() - timedelta(days=local.weekday())
    send_day = monday + timedelta(days=settings.NEWSLETTER_SEND_WEEKDAY)
    return f"{iso.year}-W{iso.week:02d}", datetime.combine(send_day, time(settings.NEWSLETTER_SEND_HOUR), local.tzinfo)


def new_articles(start, end) -> list:
    """Live, public stories and news first published in (start, end], newest first per kind.
    Drafts, scheduled pages (not live until their time) and private pages never qualify."""
    pages = []
    for kind in all_kinds():
        pages += kind.model.listing_queryset().filter(
            first_published_at__gt=start,
            first_published_at__lte=end,
            published_at__gte=start - BACKDATED,
            published_at__lte=end,
        )
    return pages


def issue_articles(issue) -> list:
    """The issue's articles still live and public now (one withdrawn meanwhile is left out),
    each with `movement_ids` and its absolute `link`, in the order they were chosen."""
    by_id = {}
    for kind in all_kinds():
        queryset = kind.model.listing_queryset().filter(pk__in=issue.page_ids).prefetch_related("movements")
        for page in queryset:
            page.movement_ids = {m.pk for m in page.movements.all()}
            page.link = page.get_full_url()
            by_id[page.pk] = page
    return [by_id[pk] for pk in issue.page_ids if pk in by_id]


def create_due_issue(now):
    week, send_at = week_and_send_time(now)
    if now < send_at or Issue.objects.filter(week=week).exists():
        return None
    last = Issue.objects.order_by("-period_end").first()
    start = last.period_end if last else now - timedelta(days=7)
    pages = sorted(new_articles(start, now), key=lambda p: (p.published_at, p.pk), reverse=True)
    try:
        with transaction.atomic():
            return Issue.objects.create(
                week=week, period_start=start, period_end=now, page_ids=[p.pk for p in pages], created_at=now
            )
    except IntegrityError:  # another worker created it first
        return None


def work_waiting(now=None) -> bool:
    now = now or timezone.now()
    week, send_at = week_and_send_time(now)
    due = now >= send_at and not Issue.objects.filter(week=week).exists()
    return due or Issue.objects.filter(completed_at=None).exists()


def run(now=None) -> None:
    now = now or timezone.now()
    create_due_issue(now)
    for issue in Issue.objects.filter(completed_at=None).order_by("period_end"):
        send_issue(issue, now)


def _claim(issue, subscriber, now):
    try:
        with transaction.atomic():
            return Delivery.objects.create(issue=issue, subscriber=subscriber, claimed_at=now)
    except IntegrityError:
        pass
    claimed = (
        Delivery.objects.filter(issue=issue, subscriber=subscriber)
        .filter(
            Q(status=Delivery.Status.FAILED, next_attempt_at__lte=now)
            | Q(status=Delivery.Status.SENDING, claimed_at__lt=now - STALE_CLAIM)
        )
        .update(status=Delivery.Status.SENDING, claimed_at=now)
    )
    return Delivery.objects.get(issue=issue, subscriber=subscriber) if claimed else None


def _waiting(issue):
    """Recipients not yet served: readers confirmed before the issue was made and still
    subscribed now, without a sent (or given-up) delivery of it."""
    served = Delivery.objects.filter(issue=issue, status__in=[Delivery.Status.SENT, Delivery.Status.ABANDONED])
    return (
        Subscriber.objects.active()
        .filter(confirmed_at__lte=issue.created_at)
        .exclude(pk__in=served.values("subscriber_id"))
        .select_related("movement")
    )


def send_issue(issue, now) -> int:
    """Send the issue to every recipient not yet served; returns the number of mails sent."""
    from newsletter.emails import digest_message

    articles = issue_articles(issue)
    sent = 0
    if articles:
        connection = get_connection()
        for subscriber in list(_waiting(issue)):  # a list: the loop writes to the table the query reads
            delivery = _claim(issue, subscriber, now)
            if delivery is None:
                continue
            try:
                digest_message(issue, articles, subscriber, connection=connection).send()
            except Exception as exc:
                with suppress(Exception):
                    connection.close()  # a broken connection is reopened for the next mail
                delivery.attempts += 1
                delivery.last_error = f"{exc.__class__.__name__}: {exc}"[:1000]
                if delivery.attempts >= Delivery.MAX_ATTEMPTS:
                    delivery.status = Delivery.Status.ABANDONED
                else:
                    delivery.status = Delivery.Status.FAILED
                    delivery.next_attempt_at = now + Delivery.retry_delay(delivery.attempts)
                delivery.save(update_fields=["attempts", "last_error", "status", "next_attempt_at"])
                logger.warning(
                    "Newsletter %s to subscriber %s failed (attempt %s): %s",
                    issue.week,
                    subscriber.pk,
                    delivery.attempts,
                    exc,
                )
            else:
                delivery.attempts += 1
                delivery.status, delivery.sent_at, delivery.last_error = Delivery.Status.SENT, timezone.now(), ""
                delivery.save(update_fields=["attempts", "status", "sent_at", "last_error"])
                sent += 1
        with suppress(Exception):
            connection.close()
    if not articles or not _waiting(issue).exists():
        issue.completed_at = now
        issue.save(update_fields=["completed_at"])
    return sent


def purge_expired(now=None) -> int:
    """Personal data: erase unsubscribed addresses NEWSLETTER_UNSUBSCRIBED_RETENTION_DAYS after
    the unsubscribe, and addresses never confirmed once their confirmation link has expired.
    Deleting the row deletes its delivery records too. Returns the number erased."""
    now = now or timezone.now()
    link_expired = now - timedelta(days=settings.NEWSLETTER_CONFIRM_DAYS)
    retention = now - timedelta(days=settings.NEWSLETTER_UNSUBSCRIBED_RETENTION_DAYS)
    expired = Subscriber.objects.filter(requested_at__lt=link_expired).filter(
        Q(status=Subscriber.Status.PENDING) | Q(status=Subscriber.Status.UNSUBSCRIBED, unsubscribed_at__lt=retention)
    )
    _, deleted = expired.delete()
    return deleted.get(Subscriber._meta.label, 0)
