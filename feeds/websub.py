"""WebSub: tell the hub (settings.WEBSUB_HUB_URL) which feeds changed, without losing a ping.

Publishing or unpublishing an article records each feed URL it appears in (PendingPing, in
the same transaction) and enqueues `ping_hub`; the task, and a periodic job every minute,
POST `hub.mode=publish&hub.url=<feed>` for the due rows and delete them once the hub answers
2xx. While the hub is down the rows stay, with the error and a delay that doubles up to an
hour (core.outbox)."""

import urllib.error
import urllib.parse
import urllib.request

from django.conf import settings
from django_tasks import task

from core import outbox
from feeds.models import PendingPing

BATCH = 200
TIMEOUT_SECONDS = 10
FORMATS = ("rss", "atom", "json")


def topics_for(page) -> list[str]:
    """Every public feed URL that lists (or listed) this article."""
    from feeds.views import kind_feed_name

    site = page.get_site()
    if site is None:
        return []
    root = f"{site.root_url}/feeds"
    paths = ["all", kind_feed_name(page.kind)]
    if hasattr(page, "movements"):
        paths += [f"movements/{m.slug}" for m in page.movements.all()]
    for locality in page.localities.all():
        family = type(locality).objects.filter(pk__in=locality.family_ids()).values_list("slug", flat=True)
        paths += [f"localities/{slug}" for slug in family]
    return [f"{root}/{path}.{fmt}" for path in dict.fromkeys(paths) for fmt in FORMATS]


def mark(topics) -> None:
    if not settings.WEBSUB_HUB_URL or not topics:
        return
    outbox.mark(PendingPing, "topic", topics)
    ping_hub.enqueue()


def page_changed(sender, instance, **kwargs) -> None:
    """page_published / page_unpublished receiver: articles only (any registered kind)."""
    from core.kinds import kind_of

    page = instance.specific if hasattr(instance, "specific") else instance
    if kind_of(page) is not None:
        mark(topics_for(page))


def send(topic: str) -> None:
    """One publish ping; raises on anything but a 2xx answer."""
    data = urllib.parse.urlencode({"hub.mode": "publish", "hub.url": topic}).encode()
    request = urllib.request.Request(
        settings.WEBSUB_HUB_URL, data=data, method="POST",
        headers={"Content-Type": "application/x-www-form-urlencoded", "User-Agent": "GuongSang-WebSub/1"},
    )
    with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310 (configured URL)
        if not 200 <= response.status < 300:
            raise urllib.error.HTTPError(topic, response.status, response.reason, response.headers, None)


def run() -> tuple[int, int]:
    """Ping the hub for the due rows; returns (sent, still waiting)."""
    if not settings.WEBSUB_HUB_URL:
        return 0, 0
    return outbox.drain(PendingPing, lambda row: send(row.topic), what="WebSub ping", batch=BATCH)


@task()
def ping_hub() -> None:
    run()
