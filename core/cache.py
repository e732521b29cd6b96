"""One number for "the public content changed": bumped when a page is published, unpublished,
moved or deleted, or when a view restriction changes. Cache keys that include it (rendered
pages, listing menus) go stale the moment readers could see something different."""

import hashlib
import uuid

from django.core.cache import cache

CONTENT_VERSION_KEY = "core:content-version"


def content_version() -> str:
    version = cache.get(CONTENT_VERSION_KEY)
    if version is None:
        version = uuid.uuid4().hex
        cache.add(CONTENT_VERSION_KEY, version, None)
        version = cache.get(CONTENT_VERSION_KEY, version)
    return version


def bump_content_version(**kwargs) -> None:
    cache.set(CONTENT_VERSION_KEY, uuid.uuid4().hex, None)


def connect_signals() -> None:
    from django.db.models.signals import post_delete, post_save
    from wagtail.models import Page, PageViewRestriction
    from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

    for signal in (page_published, page_unpublished, post_page_move, page_slug_changed):
        signal.connect(bump_content_version, dispatch_uid=f"bump-content-version-{id(signal)}")
    post_delete.connect(bump_content_version, sender=Page, dispatch_uid="bump-content-version-page-delete")
    for signal in (post_save, post_delete):
        signal.connect(bump_content_version, sender=PageViewRestriction, dispatch_uid=f"bump-restriction-{id(signal)}")


def page_cache_key(request) -> str:
    address = hashlib.sha256(f"{request.get_host()}{request.get_full_path()}".encode()).hexdigest()
    return f"page:{content_version()}:{address}"


class PublicPageCacheMixin:
    """Marks a page's response as safe to serve from the page cache: a GET by an anonymous
    reader, a page without view restrictions, a plain 200 that sets no cookie."""

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        if (
            request.method == "GET"
            and not request.user.is_authenticated
            and not getattr(request, "is_preview", False)
            and response.status_code == 200
            and not response.cookies
            and not self.get_view_restrictions().exists()
        ):
            response.public_page_cache = True
        return response


class PublicPageCacheMiddleware:
    """Answers anonymous readers from the cache, before Wagtail's routing runs; the key holds
    the content version, so any publish, unpublish, move or deletion starts afresh."""

    seconds = 600

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        cacheable = request.method == "GET" and not request.user.is_authenticated
        if cacheable:
            key = page_cache_key(request)
            cached = cache.get(key)
            if cached is not None:
                return cached
        response = self.get_response(request)
        if cacheable and getattr(response, "public_page_cache", False):
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            cache.set(key, response, self.seconds)
        return response
