from django.core.cache import cache
from wagtail.models import Page

from core.cache import content_version


def site_navigation(request):
    """The header menu: the home page's children marked "show in menus", cached until the
    next publish. Evaluated only by templates that render the header."""

    def sections():
        key = f"nav-sections:{content_version()}"
        pages = cache.get(key)
        if pages is None:
            pages = list(Page.objects.live().public().in_menu().filter(depth=3).order_by("path"))
            cache.set(key, pages, 3600)
        return pages

    return {"nav_sections": sections}
