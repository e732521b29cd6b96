"""Request and response rules that hold for every URL of the site."""

import functools
import re
from urllib.parse import unquote

import brotli
from django.conf import settings
from django.http import Http404, JsonResponse
from django.middleware.gzip import GZipMiddleware, re_accepts_gzip
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.utils.text import compress_string
from django.views.defaults import page_not_found

from core.text import find_control_chars

CONTROL_CHARACTERS_MESSAGE = "Địa chỉ chứa ký tự điều khiển không hợp lệ ({}). Hãy bỏ chúng rồi thử lại."


def bad_request(request, message: str):
    """400 with the message: JSON ({"error": …}, the APIs' contract) or the Vietnamese page."""
    if request.path.startswith("/api/"):
        return JsonResponse({"error": message}, status=400, json_dumps_params={"ensure_ascii": False})
    return render(request, "400.html", {"message": message}, status=400)


class RefuseControlCharactersMiddleware:
    """A NUL or another control character in the path or the query string gets a 400 before any
    view runs: PostgreSQL cannot compare a string holding NUL, and no reader types one."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        found = find_control_chars(request.path) + find_control_chars(unquote(request.META.get("QUERY_STRING", "")))
        if found:
            return bad_request(request, CONTROL_CHARACTERS_MESSAGE.format(", ".join(sorted(set(found)))))
        return self.get_response(request)


# Wagtail 8's admin still prints inline scripts (the date and time widgets, inline panels,
# multiple choosers) and inline styles, and shows the page being edited in a same-origin frame
# (live preview). Only its pages get these two relaxations; the public site keeps the strict
# policy of settings.CONTENT_SECURITY_POLICY.
ADMIN_PREFIXES = ("/admin/", "/django-admin/")
ADMIN_POLICY = {
    "script-src": ["'self'", "'unsafe-inline'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "frame-ancestors": ["'self'"],
}


class AdminFramingMiddleware:
    """The admin may frame itself (preview) and run Wagtail's inline scripts; nothing else may."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith(ADMIN_PREFIXES):
            response.headers.setdefault("X-Frame-Options", "SAMEORIGIN")
            response._csp_replace = {**ADMIN_POLICY, **getattr(response, "_csp_replace", {})}
        elif getattr(request, "is_preview", False):
            # Wagtail renders a preview through the whole middleware stack with the page's own
            # path, for the admin's preview panel to frame: the public policy, framed by us.
            response["X-Frame-Options"] = "SAMEORIGIN"
            response._csp_replace = {"frame-ancestors": ["'self'"], **getattr(response, "_csp_replace", {})}
        return response


class SafeCompressionMiddleware(GZipMiddleware):
    """Brotli where the client accepts it, else Django's gzip, except on a response that may carry a secret beside text a reader can choose
    (BREACH): one rendered with a CSRF token, setting a cookie, or for a signed-in user. Pages,
    feeds and the JSON APIs for readers carry none, and are the large ones.

    What is compressed here holds no secret, so Django's random padding (a defence of secrets'
    lengths) is not needed, and the same bytes always compress alike: the last results are kept
    per process, so a page served from the page cache is compressed once, not on every hit.
    Behind Varnish the backend is asked for gzip only (Varnish stores and serves gzip)."""

    def process_response(self, request, response):
        user = getattr(request, "user", None)
        if (
            request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            or response.cookies
            or (user is not None and user.is_authenticated)
        ):
            return response
        if response.streaming or response.has_header("Content-Encoding") or len(response.content) < 200:
            return super().process_response(request, response)
        # GZipMiddleware.process_response for a plain response, with the memoised compression.
        patch_vary_headers(response, ("Accept-Encoding",))
        accepted = request.META.get("HTTP_ACCEPT_ENCODING", "")
        if re_accepts_brotli.search(accepted):
            encoding = "br"
        elif re_accepts_gzip.search(accepted):
            encoding = "gzip"
        else:
            return response
        compressed = _compressed(response.content, encoding)
        if len(compressed) >= len(response.content):
            return response
        response.content = compressed
        response.headers["Content-Length"] = str(len(compressed))
        etag = response.get("ETag")
        if etag and etag.startswith('"'):
            response.headers["ETag"] = "W/" + etag  # RFC 9110 8.8.1: another encoding, a weak tag
        response.headers["Content-Encoding"] = encoding
        return response


re_accepts_brotli = re.compile(r"\bbr\b")
# Brotli's quality 5 costs what gzip does and saves 5-10 % more on our feeds and pages; 9-11
# save 5-10 % again for 4-40× the time (measured on all.rss, docs/benchmarks.md).
BROTLI_QUALITY = 5


@functools.lru_cache(maxsize=128)  # the hot pages and feeds: at most ~10 MB per process
def _compressed(content: bytes, encoding: str) -> bytes:
    if encoding == "br":
        return brotli.compress(content, quality=BROTLI_QUALITY, mode=brotli.MODE_TEXT)
    return compress_string(content, max_random_bytes=0)


class ReadersNotFoundPageMiddleware:
    """With DEBUG (`make run`), a mistyped address still gets the readers' Vietnamese 404
    rather than Django's English technical page; other errors keep Django's debug pages.
    Installed by config/settings/dev.py only."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # No URL pattern matched (request.resolver_match stays unset): Django's technical 404.
        if response.status_code == 404 and getattr(request, "resolver_match", None) is None and self._applies(request):
            return page_not_found(request, Http404())
        return response

    def process_exception(self, request, exception):
        if isinstance(exception, Http404) and self._applies(request):
            return page_not_found(request, exception)
        return None

    @staticmethod
    def _applies(request) -> bool:
        return settings.DEBUG and not request.path.startswith((*ADMIN_PREFIXES, "/api/"))
