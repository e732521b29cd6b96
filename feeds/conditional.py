"""Cheap polling: cached feed bytes, strong ETags, Last-Modified and 304 answers.

A feed's bytes are cached under a key holding the shared versions (core.cache): "content",
replaced on publish, unpublish, move, deletion and view-restriction changes, and "assets",
replaced when a photo, a locality or the syndication settings change. Its validators (ETag,
Last-Modified) are cached apart from the bytes, so a conditional request is answered from one
small cache entry, before anything is queried or built.
"""

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.core.cache import cache
from django.http import HttpResponse, HttpResponseNotModified
from django.utils.http import http_date, parse_etags, parse_http_date_safe

from core.cache import all_versions, get_versioned, set_versioned
from core.frontcache import shareable

# Bounds how late an article whose `published_at` is still ahead appears (nothing bumps the
# content version when that moment passes); rebuilding unchanged content gives the same ETag.
CACHE_SECONDS = 300
BROWSER_SECONDS = 120  # feed readers poll; the front cache keeps feeds until a change purges them


@dataclass(frozen=True)
class Validators:
    etag: str  # quoted, strong
    last_modified: int  # seconds since the epoch
    link: str = ""  # the Link header (self, hub), kept so that a 304 needs nothing else


@dataclass
class FeedResponse:
    """What a feed view needs to answer: its name (for counting and cache keys), its type,
    and how to build it when it is not cached: the bytes, the newest item's update time and
    the links (rel → URL: self, hub) sent as a Link header."""

    name: str
    content_type: str
    build: Callable[[], tuple[bytes, datetime, dict[str, str]]]


def serve(request, feed: FeedResponse) -> HttpResponse:
    base = f"{request.scheme}://{request.get_host()}"
    key = hashlib.sha256(f"{all_versions()}|{base}|{feed.name}".encode()).hexdigest()
    validators = get_versioned(f"feeds:meta:{key}")
    if validators is not None and not_modified(request, validators):
        return _headers(HttpResponseNotModified(), validators)
    body = get_versioned(f"feeds:bytes:{key}") if validators is not None else None
    if body is None:
        body, newest, links = feed.build()
        link = ", ".join(f'<{url}>; rel="{rel}"' for rel, url in links.items())
        validators = _validators(f"{base}|{feed.name}", body, newest, link)
        set_versioned(f"feeds:bytes:{key}", body, CACHE_SECONDS)
        set_versioned(f"feeds:meta:{key}", validators, CACHE_SECONDS)
        if not_modified(request, validators):
            return _headers(HttpResponseNotModified(), validators)
    return _headers(HttpResponse(body, content_type=feed.content_type), validators)


def _validators(name: str, body: bytes, newest: datetime, link: str) -> Validators:
    """A strong ETag from the bytes; Last-Modified from the newest item, but never earlier than
    what clients were last told when the bytes have changed since (an unpublished newest item
    or an edited photo credit must not look older)."""
    etag = f'"{hashlib.sha256(body).hexdigest()[:40]}"'
    newest_ts = int(newest.timestamp())
    last_key = f"feeds:last:{hashlib.sha256(name.encode()).hexdigest()}"
    previous = cache.get(last_key)
    if previous is None or newest_ts > previous.last_modified:
        last_modified = newest_ts
    elif previous.etag == etag:
        last_modified = previous.last_modified
    else:
        last_modified = max(int(time.time()), previous.last_modified + 1)
    validators = Validators(etag, last_modified, link)
    cache.set(last_key, validators, None)
    return validators


def not_modified(request, validators: Validators) -> bool:
    """RFC 9110 §13.2.2: If-None-Match decides when present, else If-Modified-Since."""
    if_none_match = request.META.get("HTTP_IF_NONE_MATCH")
    if if_none_match is not None:
        if if_none_match.strip() == "*":
            return True
        return any(tag.removeprefix("W/") == validators.etag for tag in parse_etags(if_none_match))
    since = parse_http_date_safe(request.META.get("HTTP_IF_MODIFIED_SINCE", ""))
    return since is not None and validators.last_modified <= since


def _headers(response: HttpResponse, validators: Validators) -> HttpResponse:
    response["ETag"] = validators.etag
    response["Last-Modified"] = http_date(validators.last_modified)
    shareable(response, BROWSER_SECONDS)
    if validators.link:
        response["Link"] = validators.link
    return response
