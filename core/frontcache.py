"""The front cache: a reverse proxy or CDN in front of the web workers (Varnish here:
deploy/varnish/default.vcl; README "Front cache").

One rule decides what it may keep, the same as for the page cache (core.cache): a response is
shareable when it says so (`Cache-Control: public, s-maxage=…`, set by `shareable()`); every
other response is private. And one rule decides what goes stale: any change that replaces a
content version (a publish, unpublish, expiry, move, deletion, restriction, caption…) may
change any page or feed, so it purges each site's root, which the VCL turns into "everything
but the fingerprinted static files". Purges go through Wagtail's front-end cache invalidation
(settings.WAGTAILFRONTENDCACHE, set from FRONT_CACHE_URL) twice: at once from the process that
made the change, so readers of the proxy see it within a moment, and again from the worker
once every process serves the change (core.cache.freshness_seconds), which also clears a copy
the proxy fetched from a process that had not seen the change yet. The second purge is a
queued task: while the proxy is down it fails and is retried (core.periodic), never lost."""

import logging
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
        with urlopen(request, timeout=timeout("frontcache")) as response:  # noqa: S310 (configured URL)
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


def content_changed() -> None:
    """After a change committed: purge every site from the proxy, now and once more later."""
    if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return
    from wagtail.contrib.frontend_cache.tasks import purge_urls_from_cache_task

    from core.cache import freshness_seconds

    urls = _site_roots()
    purge_now(urls)
    later = purge_urls_from_cache_task
    if later.get_backend().supports_defer:
        later = later.using(run_after=timezone.now() + timedelta(seconds=freshness_seconds() + 1))
    later.enqueue(urls)
