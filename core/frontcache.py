"""The front cache: a reverse proxy or CDN in front of the web workers (Varnish here:
deploy/varnish/default.vcl; README "Front cache").

One rule decides what it may keep, the same as for the page cache (core.cache): a response is
shareable when it says so (`Cache-Control: public, s-maxage=…`, set by `shareable()`); every
other response is private. And one rule decides what goes stale: any change that replaces a
content version (a publish, unpublish, expiry, move, deletion, restriction, caption…) may
change any page or feed, so it purges each site's root, which the VCL turns into "everything
but the fingerprinted static files". Purges go through Wagtail's front-end cache invalidation
(settings.WAGTAILFRONTENDCACHE, set from FRONT_CACHE_URL) twice: at once from the process that
made the change, so readers of the proxy see it within a moment, and again once every process
serves the change (core.cache.freshness_seconds), which also clears a copy the proxy fetched
from a process that had not seen the change yet: from the same process (a timer) and from the
worker (a queued task, which fails and is retried while the proxy is down: never lost)."""

import logging
import threading
import time
from datetime import timedelta
from urllib.error import HTTPError
from urllib.parse import urlsplit, urlunsplit
from urllib.request import urlopen

from django.conf import settings
from django.utils import timezone
from django.utils.cache import patch_cache_control
from wagtail.contrib.frontend_cache.backends.http import HTTPBackend, PurgeRequest

from core.resilience import ServiceUnavailable, breaker, timeout

logger = logging.getLogger(__name__)


def proxy_seconds() -> int:
    """How long the proxy may keep a shareable response: purges end it sooner."""
    return int(getattr(settings, "FRONT_CACHE_SECONDS", 600))


def shareable(response, browser_seconds: int = 0):
    """Lets browsers keep the response `browser_seconds` (0: ask each time, cheap with the
    proxy in between) and shared caches proxy_seconds()."""
    patch_cache_control(response, public=True, max_age=browser_seconds, s_maxage=proxy_seconds())
    return response


class PrivateByDefaultMiddleware:
    """What no view declared shareable is private: no proxy or CDN keeps a form, an answer to a
    signed-in editor, a search or an error under a rule of its own."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not response.has_header("Cache-Control"):
            response["Cache-Control"] = "private"
        return response


class PurgeBackend(HTTPBackend):
    """Wagtail's HTTP backend (PURGE <url> to the proxy) with a timeout, and failing loudly, so
    that a queued purge the proxy did not confirm is retried."""

    def purge(self, url):
        parts = urlsplit(url)
        host = parts.hostname + (f":{parts.port}" if parts.port else "")
        request = PurgeRequest(
            url=urlunsplit([self.cache_scheme, self.cache_netloc, parts.path or "/", parts.query, ""]),
            headers={"Host": host, "User-Agent": "GuongSang-frontcache/1"},
        )
        with urlopen(request, timeout=timeout("frontcache")) as response:
            if not 200 <= response.status < 300:
                raise HTTPError(url, response.status, response.reason, response.headers, None)


def _site_roots() -> list[str]:
    from wagtail.models import Site

    return [f"{site.root_url}/" for site in Site.objects.all()]


def _backends():
    from wagtail.contrib.frontend_cache.utils import get_backends

    return get_backends()


def purge_now(urls) -> None:
    """From this process, at once; an unreachable proxy costs one timeout, then nothing while its
    breaker is open (the queued purge still follows)."""
    for backend in _backends().values():
        try:
            breaker("frontcache").call(backend.purge_batch, urls)
        except ServiceUnavailable as error:
            logger.warning("front cache not purged now (%s); the queued purge will retry", error)


# The follow-up purge of this process: one timer, pushed back by every further change.
_follow_up_lock = threading.Lock()
_follow_up_due: float | None = None  # time.monotonic() when it fires


def _purge_when_every_process_serves_it(urls) -> None:
    global _follow_up_due
    from core.cache import freshness_seconds

    with _follow_up_lock:
        pending = _follow_up_due is not None
        _follow_up_due = time.monotonic() + freshness_seconds() + 0.2
    if not pending:
        _start_follow_up(urls, freshness_seconds() + 0.2)


def _start_follow_up(urls, delay: float) -> None:
    def fire():
        global _follow_up_due
        with _follow_up_lock:
            wait = _follow_up_due - time.monotonic()
            if wait <= 0:
                _follow_up_due = None
        if wait > 0:
            _start_follow_up(urls, wait)
        else:
            purge_now(urls)

    # Not a daemon: a command from a shell waits for it (about a second) before it exits.
    threading.Timer(delay, fire).start()


def content_changed() -> None:
    """After a change committed: purge every site from the proxy now, again from this process
    once every process serves the change (a copy fetched meanwhile from a process that had not
    seen it goes too), and from the worker's queue, which retries while the proxy is down."""
    if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return
    from wagtail.contrib.frontend_cache.tasks import purge_urls_from_cache_task

    from core.cache import freshness_seconds

    urls = _site_roots()
    purge_now(urls)
    _purge_when_every_process_serves_it(urls)
    queued = purge_urls_from_cache_task
    if queued.get_backend().supports_defer:
        queued = queued.using(run_after=timezone.now() + timedelta(seconds=freshness_seconds() + 1))
    queued.enqueue(urls)
