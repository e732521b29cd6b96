"""What readers see is cached, and everything cached that depends on published content has a
version of that content in its key.

The versions live in the database (core.SharedVersion), the one store every process of a site
shares on the embedded default (SQLite, no Redis) and in production alike. A publish,
unpublish, expiry, move, deletion or view-restriction change, made by a web worker,
`run_worker`, `import_articles` or a shell, replaces the "content" token in the same
transaction as the change, so the new token becomes visible to other processes exactly when
the change does. Each process reads the tokens at most once per
settings.CONTENT_VERSION_CHECK_SECONDS (one small query a second, none per request), so every
reader of every process sees a change within that time, whatever the cache backend. "assets"
does the same for what pages and feeds print beyond the pages (photo captions and credits,
locality names, syndication settings), so that editing a credit does not drop every cached
article body.
"""

import functools
import hashlib
import threading
import time
import uuid
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.db import DatabaseCache
from django.db import IntegrityError, connection, connections, router, transaction
from django.utils import timezone

from core import frontcache

CONTENT = "content"
ASSETS = "assets"

_never = float("-inf")
_seen: tuple[float, dict[str, str]] = (_never, {})  # (when read, tokens), for the whole process
# Tokens that this thread's open transaction wrote: only this thread may see them until commit,
# or other threads would cache what they render from the old, committed content under them.
_uncommitted = threading.local()


def freshness_seconds() -> float:
    """How long a change may take to reach the readers of another process."""
    return float(getattr(settings, "CONTENT_VERSION_CHECK_SECONDS", 1.0))


def _read() -> dict[str, str]:
    from core.models import SharedVersion

    return dict(SharedVersion.objects.values_list("name", "token"))


def _own_uncommitted() -> dict[str, str] | None:
    pending = getattr(_uncommitted, "tokens", None)
    if pending is None:
        return None
    tokens, on_commit = pending
    # Django drops a savepoint's on-commit callbacks when it rolls back: while ours is queued,
    # the change that wrote these tokens is still part of this thread's open transaction.
    if connection.in_atomic_block and any(func is on_commit for _, func, _ in connection.run_on_commit):
        return tokens
    _uncommitted.tokens = None  # rolled back: forget its tokens
    forget()
    return None


def versions() -> dict[str, str]:
    """Every version token by name, at most CONTENT_VERSION_CHECK_SECONDS old."""
    global _seen
    own = _own_uncommitted()
    if own is not None:
        return own
    read_at, tokens = _seen
    now = time.monotonic()
    if now - read_at >= freshness_seconds():
        tokens = _read()
        _seen = (now, tokens)
    return tokens


def forget() -> None:
    """Read the versions afresh on next use (after this process committed a change)."""
    global _seen
    _seen = (_never, {})


def bump(name: str) -> None:
    """Replace one version token, inside the caller's transaction."""
    from core.models import SharedVersion

    token = uuid.uuid4().hex
    rows = SharedVersion.objects.filter(name=name)
    if not rows.update(token=token, changed_at=timezone.now()):
        try:
            with transaction.atomic():
                SharedVersion.objects.create(name=name, token=token)
        except IntegrityError:  # created by another process meanwhile
            rows.update(token=token, changed_at=timezone.now())
    if connection.in_atomic_block:
        current = _own_uncommitted() or _read()

        previous = getattr(_uncommitted, "tokens", None)
        if previous is not None and previous[1] in {func for _, func, _ in connection.run_on_commit}:
            _uncommitted.tokens = ({**current, name: token}, previous[1])  # one callback per transaction
            return

        def committed():
            _uncommitted.tokens = None
            forget()
            frontcache.content_changed()

        _uncommitted.tokens = ({**current, name: token}, committed)
        transaction.on_commit(committed)
    else:
        forget()
        frontcache.content_changed()


def content_version() -> str:
    return versions().get(CONTENT, "0")


def assets_version() -> str:
    return versions().get(ASSETS, "0")


def all_versions() -> str:
    """Both tokens, for keys of what depends on the articles and on what they print (pages, feeds)."""
    tokens = versions()
    return f"{tokens.get(CONTENT, '0')}.{tokens.get(ASSETS, '0')}"


def bump_content_version(**signal_kwargs) -> None:
    """Signal receiver too: anything readers could see differently."""
    bump(CONTENT)


# Wagtail saves an image to record its file's size and hash on first use: not a visible change.
_BOOKKEEPING_FIELDS = {"file_size", "file_hash"}


def assets_changed(sender=None, created=False, update_fields=None, **signal_kwargs) -> None:
    """post_save/post_delete receiver for what pages and feeds print beside the articles. A new
    row (a photo not yet in any article, settings created with their defaults on first read)
    changes nothing anyone sees; an edit or a deletion may."""
    if created or (update_fields and set(update_fields) <= _BOOKKEEPING_FIELDS):
        return
    bump(ASSETS)


def connect_signals() -> None:
    from django.db.models.signals import post_delete, post_save
    from wagtail.models import Page, PageViewRestriction
    from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

    from core.models import CustomImage, Locality, PublisherSettings

    for signal in (page_published, page_unpublished, post_page_move, page_slug_changed):
        signal.connect(bump_content_version, dispatch_uid=f"bump-content-version-{id(signal)}")
    post_delete.connect(bump_content_version, sender=Page, dispatch_uid="bump-content-version-page-delete")
    for signal in (post_save, post_delete):
        signal.connect(bump_content_version, sender=PageViewRestriction, dispatch_uid=f"bump-restriction-{id(signal)}")
        for model in (CustomImage, Locality, PublisherSettings):
            signal.connect(assets_changed, sender=model, dispatch_uid=f"assets-{model.__name__}-{id(signal)}")


# --- entries whose key holds the versions -------------------------------------------------
# Such an entry never changes once written (a change makes a new key), so each process keeps
# the ones it uses in its own memory in front of a shared cache: a hit costs no network round
# trip, and while Redis is down pages are still served from memory (settings: CACHES["local"]).
LOCAL_SECONDS = 300


def _local_cache():
    from django.core.cache import caches

    return caches["local"] if "local" in settings.CACHES else None


def get_versioned(key: str):
    local = _local_cache()
    value = local.get(key) if local is not None else None
    if value is None:
        value = cache.get(key)
        if value is not None and local is not None:
            local.set(key, value, LOCAL_SECONDS)
    return value


def set_versioned(key: str, value, timeout: int) -> None:
    cache.set(key, value, timeout)
    local = _local_cache()
    if local is not None:
        local.set(key, value, min(timeout, LOCAL_SECONDS))


def mark_once(key: str, seconds: int) -> bool:
    """Mark `key` in the cache every process shares (settings: CACHES["shared"]); True if it was
    not marked yet. While that store (Redis) is unreachable, True: readers are not refused
    because of an outage (the callers' other checks still hold)."""
    from django.core.cache import caches

    from core.resilience import ServiceUnavailable

    try:
        return caches["shared"].add(key, 1, seconds)
    except ServiceUnavailable:
        return True


@functools.cache
def query_params_read_by_pages() -> frozenset[str]:
    """Every query parameter some cached page type reads (PublicPageCacheMixin.cache_query_params)."""
    found, todo = set(), [PublicPageCacheMixin]
    while todo:
        cls = todo.pop()
        found.update(cls.cache_query_params)
        todo.extend(cls.__subclasses__())
    return frozenset(found)


def page_cache_key(request) -> str:
    """The address without the parameters no page reads (utm_*, fbclid, anything random): they
    change nothing on the page, so they can neither bypass the cache nor fill it. The day
    (Vietnam time) is part of the key: pages that say what happened on this day ("Ngày này năm
    xưa") turn over at midnight, not up to `seconds` later."""
    read = query_params_read_by_pages()
    params = sorted((name, value) for name, values in request.GET.lists() if name in read for value in values)
    address = f"{request.get_host()}{request.path}?{urlencode(params)}"
    address = hashlib.sha256(address.encode()).hexdigest()
    return f"page:{all_versions()}:{timezone.localdate().isoformat()}:{address}"


class PublicPageCacheMixin:
    """Marks a page's response as safe to serve from the page cache: a GET by an anonymous
    reader, a page without view restrictions, a plain 200 that sets no cookie."""

    # The query parameters this page type reads; the others are not part of its cache key.
    cache_query_params: tuple[str, ...] = ()

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        if not getattr(request, "is_preview", False) and not self.get_view_restrictions().exists():
            mark_public(request, response)
        return response


def mark_public(request, response) -> None:
    """A GET by an anonymous reader answered with a plain 200 that sets no cookie: the page
    cache and the front proxy may serve it to every reader until the next change."""
    if (
        request.method == "GET"
        and not request.user.is_authenticated
        and response.status_code == 200
        and not response.cookies
    ):
        response.public_page_cache = True
        frontcache.shareable(response)


def public_page(view):
    """The same for a Django view that renders a public page (topics, the site map)."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        mark_public(request, response)
        return response

    return wrapped


class PublicPageCacheMiddleware:
    """Answers anonymous readers from the cache, before Wagtail's routing runs. The key is
    taken before anything is rendered and holds the versions, so a page rendered while a change
    commits is stored under the old versions, never the new ones."""

    seconds = 600

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        cacheable = request.method == "GET" and not request.user.is_authenticated
        if cacheable:
            key = page_cache_key(request)
            cached = get_versioned(key)
            if cached is not None:
                return cached
        response = self.get_response(request)
        if cacheable and getattr(response, "public_page_cache", False):
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            set_versioned(key, response, self.seconds)
        return response


# --- the "shared" cache without Redis ------------------------------------------------------


class AtomicDatabaseCache(DatabaseCache):
    """Django's database cache (settings: CACHES["shared"] without Redis) with incr() made
    atomic. Django's reads the value and writes it back: two workers counting the same form post
    at once both read 9 and write 10, and a rate limit lets one more through. Here the read and the
    write are one transaction that holds the row: on SQLite BEGIN IMMEDIATE (settings) takes the
    write lock at once, elsewhere SELECT … FOR UPDATE locks the row."""

    def incr(self, key, delta=1, version=None):
        using = router.db_for_write(self.cache_model_class)
        with transaction.atomic(using=using):
            connection = connections[using]
            if connection.features.has_select_for_update:
                with connection.cursor() as cursor:
                    cursor.execute(
                        f"SELECT cache_key FROM {connection.ops.quote_name(self._table)} WHERE cache_key = %s FOR UPDATE",
                        [self.make_and_validate_key(key, version=version)],
                    )
            return super().incr(key, delta, version)
