"""IPTC ninjs 2.2 (News in JSON) for agencies: one article as a ninjs news item, built from the
same FeedItem as RSS, Atom and JSON Feed (feeds.items), so that `uri` is the RSS guid and the
body, photo, credit and caption are the same everywhere. Why 2.2 and not 3.x: docs/feeds.md.

The official schema (shared/schemas/ninjs-schema_2.2.json, used by the tests) allows no property it does not
define, so everything here is a ninjs 2.2 property."""

import re
import uuid
from html import unescape

from django.utils import timezone
from django.utils.html import strip_tags
from wagtail.models import Page

from core.kinds import kind_of
from core.text import vi_slugify
from feeds.formats import whole_byline
from feeds.items import FeedItem, feed_item, xml_safe
from feeds.models import SyndicationSettings

VERSION = "2.2"
SCHEMA_URL = "http://www.iptc.org/std/ninjs/ninjs-schema_2.2.json"
_FIGCAPTION = re.compile(r"<figcaption>.*?</figcaption>", re.S)
PHOTO_NAMESPACE = uuid.UUID("5f0c6d0e-6f43-4b8e-9a55-1f1c1d2b7a10")  # our photos' urn:uuid names


def listed_page(pk: int):
    """The article page with this id when readers may see it, else None."""
    page = Page.objects.filter(pk=pk).first()
    kind = kind_of(page.specific_class) if page is not None and page.specific_class else None
    if kind is None:
        return None
    return (
        kind.model.objects.visible_to_readers()
        .filter(pk=pk)
        .select_related("hero_image")
        .prefetch_related("hero_image__renditions", "localities", "tags", "authors")
        .first()
    )


def ninjs_item(page: Page, request, base_url: str, rights: SyndicationSettings) -> dict:
    item = feed_item(page, request, base_url)
    text = _counted_text(item.content_html)
    data = {
        "uri": item.guid,
        "standard": {"name": "ninjs", "version": VERSION, "schema": SCHEMA_URL},
        "type": "text",
        "representationtype": "full",
        "profile": "text-photo" if item.photo else "text-only",
        "version": str(page.live_revision_id or 1),
        "firstcreated": item.published.isoformat(),
        "versioncreated": item.updated.isoformat(),
        "pubstatus": "usable",
        "copyrightnotice": xml_safe(rights.copyright_notice),
        "usageterms": xml_safe(rights.usage_terms),
        "language": "vi",
        "slugline": page.slug,
        "headlines": [{"role": "main", "contenttype": "text/plain", "value": item.title}],
        "descriptions": [{"role": "summary", "contenttype": "text/plain", "value": item.lead}] if item.lead else [],
        "bodies": [
            {
                "role": "main",
                "contenttype": "text/html",
                "value": item.content_html,
                "charcount": len(text),
                "wordcount": len(text.split()),
            }
        ]
        if item.content_html
        else [],
        "by": whole_byline(item.authors),
        "located": xml_safe(getattr(page, "dateline", "")) or next((loc.name for loc in page.localities.all()), ""),
        "genres": [{"name": item.kind_label, "literal": page.kind.key}],
        "subjects": _subjects(page, request),
        "places": [
            {
                "name": loc.name,
                "rel": "about",
                "literal": loc.slug,
                "uri": f"{base_url}/feeds/localities/{loc.slug}.rss",
            }
            for loc in page.localities.all()
        ],
        "infosources": [_source(item)] if item.source else [],
        "altids": [{"role": "page-id", "value": str(page.pk)}],
        "renditions": [{"name": "web", "title": "Bài trên Gương Sáng", "href": item.url, "contenttype": "text/html"}],
        "associations": [_picture(page, item)] if item.photo else [],
    }
    return {key: value for key, value in data.items() if value not in ("", [], None)}


def _subjects(page, request) -> list[dict]:
    subjects = [
        {"name": xml_safe(m.title), "rel": "movement", "literal": m.slug, "uri": m.get_full_url(request)}
        for m in page.movements.all()
    ]
    subjects += [{"name": xml_safe(tag.name), "rel": "tag", "literal": vi_slugify(tag.name)} for tag in page.tags.all()]
    return subjects


def _source(item: FeedItem) -> dict:
    source = {"name": item.source, "role": "originator"}
    if item.source_url:
        source["uri"] = item.source_url
    return source


def _picture(page, item: FeedItem) -> dict:
    """The hero photo as a picture association: credit in `by`, caption as its description."""
    photo, image = item.photo, page.hero_image
    picture = {
        "name": "featureimage",
        "uri": f"urn:uuid:{uuid.uuid5(PHOTO_NAMESPACE, str(image.pk))}",
        "type": "picture",
        "headlines": [{"role": "main", "value": xml_safe(image.title)}] if image.title else [],
        "descriptions": [{"role": "caption", "contenttype": "text/plain", "value": photo.caption}]
        if photo.caption
        else [],
        "by": photo.credit,
        "infosources": [{"name": xml_safe(image.source), "role": "originator"}] if image.source else [],
        "language": "vi",
        "renditions": [
            {
                "name": "original",
                "href": photo.url,
                "contenttype": photo.mime_type,
                "width": photo.width,
                "height": photo.height,
                **({"sizeinbytes": photo.length} if photo.length else {}),
            }
        ],
    }
    return {key: value for key, value in picture.items() if value not in ("", [], None)}


def _counted_text(html: str) -> str:
    """The body's words for charcount and wordcount, which exclude figure captions."""
    return unescape(strip_tags(_FIGCAPTION.sub(" ", html)))


def withdrawals_since(since, limit: int) -> list:
    """Articles withdrawn (unpublished, deleted) at or after `since`, most recent first."""
    from feeds.models import Withdrawal

    return list(Withdrawal.objects.filter(withdrawn_at__gte=since).order_by("-withdrawn_at", "-page_id")[:limit])


def canceled_item(withdrawal) -> dict:
    """What an agency needs to take our copy down: the item's uri, canceled, and when."""
    return {
        "uri": withdrawal.uri,
        "standard": {"name": "ninjs", "version": VERSION, "schema": SCHEMA_URL},
        "type": "text",
        "pubstatus": "canceled",
        "versioncreated": timezone.localtime(withdrawal.withdrawn_at).replace(microsecond=0).isoformat(),
        "altids": [{"role": "page-id", "value": str(withdrawal.page_id)}],
    }
