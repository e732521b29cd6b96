"""WebSub: tell the hub (settings.WEBSUB_HUB_URL) which feeds changed, without losing a ping.

Publishing, unpublishing or deleting an article records each feed URL it appears in, or
appeared in before the change (PendingPing, in the same transaction), due once every web
process serves the change (ping_delay), and enqueues `ping_hub` for then; the task, and a periodic job every minute,
POST `hub.mode=publish&hub.url=<feed>` for the due rows and delete them once the hub answers
2xx. While the hub is down the rows stay, with the error and a delay that doubles up to an
hour (core.outbox)."""

import urllib.error
import urllib.parse
import urllib.request
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from core import outbox
from core.cache import freshness_seconds
from core.resilience import timeout
from feeds.models import PendingPing

BATCH = 200
FORMATS = ("rss", "atom", "json")


def topics_for(page) -> list[str]:
    """Every public feed URL that lists (or listed) this article."""
    from feeds.views import kind_feed_name

    site = page.get_site()
    if site is None:
        return []
    root = f"{site.root_url}/feeds"
    paths = ["all", kind_feed_name(page.kind)]
    paths += [f"movements/{m.slug}" for m in page.movements.all()]
    for locality in page.localities.all():
        family = type(locality).objects.filter(pk__in=locality.family_ids()).values_list("slug", flat=True)
        paths += [f"localities/{slug}" for slug in family]
    paths += [f"topics/{tag.slug}" for tag in page.tags.all()]
    if getattr(page, "exemplar_id", None):  # a story's profile (exemplars.Exemplar)
        paths.append(page.exemplar.survivor().feed_path())
    return [f"{root}/{path}.{fmt}" for path in dict.fromkeys(paths) for fmt in FORMATS]


def ping_delay() -> timedelta:
    """A hub fetches a feed as soon as it is pinged, from any web process: the ping waits until
    every process serves the change (core.cache: CONTENT_VERSION_CHECK_SECONDS), plus a margin."""
    seconds = settings.WEBSUB_PING_DELAY_SECONDS
    return timedelta(seconds=freshness_seconds() + 1 if seconds is None else seconds)


def mark(topics) -> None:
    if not settings.WEBSUB_HUB_URL or not topics:
        return
    delay = ping_delay()
    due = timezone.now() + delay
    outbox.mark(PendingPing, "topic", topics, due=due)
    deferred = delay and ping_hub.get_backend().supports_defer
    (ping_hub.using(run_after=due) if deferred else ping_hub).enqueue()


# Feeds the live version of a page is in, noted before a new version replaces it, so that an
# article that leaves a feed (a movement or a locality removed) pings that feed too.
_feeds_before: dict[int, list[str]] = {}


def page_saving(sender, instance, update_fields=None, **kwargs) -> None:
    """pre_save receiver: publishing saves the page whole; drafts and bookkeeping pass fields."""
    from core.kinds import kind_of

    if not settings.WEBSUB_HUB_URL or update_fields or instance.pk is None or kind_of(instance) is None:
        return
    live = type(instance).objects.filter(pk=instance.pk, live=True).first()
    if live is not None:
        _feeds_before[instance.pk] = topics_for(live)


def page_changed(sender, instance, **kwargs) -> None:
    """page_published / page_unpublished / deletion receiver: articles only (any registered kind)."""
    from core.kinds import kind_of

    page = instance.specific if hasattr(instance, "specific") else instance
    if kind_of(page) is not None:
        mark(topics_for(page) + _feeds_before.pop(page.pk, []))


def page_deleting(sender, instance, **kwargs) -> None:
    """pre_delete receiver: a live article that is deleted leaves its feeds."""
    if getattr(instance, "live", False):
        page_changed(sender, instance)


def send(topic: str) -> None:
    """One publish ping; raises on anything but a 2xx answer."""
    data = urllib.parse.urlencode({"hub.mode": "publish", "hub.url": topic}).encode()
    request = urllib.request.Request(
        settings.WEBSUB_HUB_URL,
        data=data,
        method="POST",
        headers={"Content-Type": "application/x-www-form-urlencoded", "User-Agent": "GuongSang-WebSub/1"},
    )
    with urllib.request.urlopen(request, timeout=timeout("websub")) as response:
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
