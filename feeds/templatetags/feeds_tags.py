"""{% feed_links %}: the <link rel="alternate"> autodiscovery links for the feeds that concern
the page being shown: every page gets the site's feeds; a section, an article or a movement
adds its own, and a listing filtered by locality adds that locality's."""

from django import template
from django.utils.html import format_html, format_html_join

from core.kinds import all_kinds

register = template.Library()

TYPES = {"rss": "application/rss+xml", "atom": "application/atom+xml", "json": "application/feed+json"}


def feeds_for(page, locality=None) -> list[tuple[str, str, str]]:
    """(type, title, path) of the feeds for a page, the site's own first."""
    from feeds.views import SITE_NAME, kind_feed_name
    from movements.models import MovementPage

    links = [(TYPES[fmt], f"{SITE_NAME} ({fmt.upper()})", f"/feeds/all.{fmt}") for fmt in TYPES]
    for kind in all_kinds():
        if isinstance(page, kind.model | kind.index_model):
            links.append((TYPES["rss"], f"{SITE_NAME} – {kind.label}", f"/feeds/{kind_feed_name(kind)}.rss"))
    if isinstance(page, MovementPage):
        links.append((TYPES["rss"], f"{SITE_NAME} – {page.title}", f"/feeds/movements/{page.slug}.rss"))
    if locality is not None:
        links.append((TYPES["rss"], f"{SITE_NAME} – {locality.name}", f"/feeds/localities/{locality.slug}.rss"))
    return links


@register.simple_tag(takes_context=True)
def feed_links(context):
    page = context.get("page")
    filters = context.get("filters")
    links = feeds_for(getattr(page, "specific", page), getattr(filters, "locality", None))
    return (
        format_html_join("\n    ", '<link rel="alternate" type="{}" title="{}" href="{}">', links)
        if links
        else format_html("")
    )
