"""RSS 2.0, Atom 1.0 (feedgen 1.0.0, its defects worked around) and JSON Feed 1.1 from FeedItems.

feedgen 1.0.0 defects handled here (research/syndication.md §2.3):
- Atom entry links lose rel/type/length (#135): `_Entry.atom_entry` puts them back.
- no photo credit or caption in its media extension: our own `media:content` with
  `media:credit` and `media:description`, no lone `media:group`.
- `add_entry` prepends: entries are appended in our (newest first) order.
- control characters make lxml raise: every string is cleaned in feeds.items.
- `lastBuildDate` / `updated` default to now: always set to the newest item's update, so the
  same content gives the same bytes (and the same ETag).
- RSS drops every atom:link but rel="self": the hub link is added by our extension.
- the RSS channel <link> is the last link added: the alternate link goes last.
- `content(type="CDATA")` is invalid in Atom: content is type="html" (escaped in RSS too).
- `logo()` and `image()` overwrite each other (RSS <image> and Atom <logo>): the 144 px RSS image
  is set with `image()`, then the Atom logo put back.
- categories: RSS prints a category's label, or its term when it is a code (IPTC Media Topics).
"""

import json
from dataclasses import dataclass
from datetime import datetime

from feedgen.entry import FeedEntry
from feedgen.ext.base import BaseEntryExtension, BaseExtension
from feedgen.feed import FeedGenerator
from feedgen.util import xml_elem

from feeds.items import EMPTY_FEED_UPDATED, FeedItem, xml_safe
from feeds.mediatopics import SCHEME as MEDIATOPIC_SCHEME

ATOM_NS = "http://www.w3.org/2005/Atom"
MEDIA_NS = "http://search.yahoo.com/mrss/"
DC_NS = "http://purl.org/dc/elements/1.1/"
TTL_MINUTES = 15


@dataclass
class FeedImages:
    """Absolute URLs of the site's icon in the sizes each format asks for."""

    icon: str  # square (Atom <icon>, JSON Feed icon): 512 px
    favicon: str  # square, small (JSON Feed favicon): 192 px
    logo: str  # 2:1 (Atom <logo>, RFC 4287)
    rss_image: str  # RSS <image>: at most 144 px wide
    rss_image_size: int = 144


@dataclass
class Channel:
    title: str
    description: str
    self_url: str  # the public URL of this feed (never with a partner key)
    home_url: str  # the HTML page it follows
    rights: str = ""
    hub_url: str = ""
    language: str = "vi"
    publisher: str = "Gương Sáng"
    images: FeedImages | None = None

    def __post_init__(self):  # movement and section titles are not cleaned on save as articles are
        self.title, self.description, self.rights = map(xml_safe, (self.title, self.description, self.rights))

    def updated(self, items: list[FeedItem]) -> datetime:
        return max((i.updated for i in items), default=EMPTY_FEED_UPDATED)


class _FeedExt(BaseExtension):
    hub_url = ""

    def extend_ns(self):
        return {"media": MEDIA_NS, "dc": DC_NS}

    def extend_rss(self, feed):
        if self.hub_url:
            channel = feed[0]
            xml_elem(f"{{{ATOM_NS}}}link", channel, href=self.hub_url, rel="hub")
        return feed


class _EntryExt(BaseEntryExtension):
    item: FeedItem | None = None

    def _media(self, entry):
        photo = self.item.photo if self.item else None
        if photo is None:
            return
        content = xml_elem(
            f"{{{MEDIA_NS}}}content",
            entry,
            url=photo.url,
            type=photo.mime_type,
            medium="image",
            width=str(photo.width),
            height=str(photo.height),
        )
        if photo.length:
            content.set("fileSize", str(photo.length))
        if photo.caption:
            xml_elem(f"{{{MEDIA_NS}}}description", content, type="plain").text = photo.caption
        if photo.credit:
            xml_elem(f"{{{MEDIA_NS}}}credit", content, role="photographer", scheme="urn:ebu").text = photo.credit

    def extend_rss(self, entry):
        if self.item and self.item.authors:
            # One dc:creator with the whole byline: clients (feedparser, newsboat) keep only the
            # last of several, so "Phương Thảo - Minh Anh" lost a name.
            xml_elem(f"{{{DC_NS}}}creator", entry).text = whole_byline(self.item.authors)
        if self.item and self.item.updated > self.item.published:
            # RSS has no update date: "only newer items" ingest rules read atom:updated (the
            # last real change, a correction included); pubDate stays the publication.
            xml_elem(f"{{{ATOM_NS}}}updated", entry).text = self.item.updated.isoformat()
        self._media(entry)
        return entry

    def extend_atom(self, entry):
        self._media(entry)
        return entry


class _Entry(FeedEntry):
    def rss_entry(self, extensions=True):
        entry = super().rss_entry(extensions)
        # feedgen prints the label; a coded category (a Media Topic) prints its code.
        item = self.gs.item
        if item is not None:
            written = [el for el in entry if el.tag == "category"]
            for element, category in zip(written, item.categories, strict=True):
                element.text = category.rss_text
        return entry

    def atom_entry(self, extensions=True):
        entry = super().atom_entry(extensions)
        # feedgen 1.0.0 writes only href on entry links (lkiesow/python-feedgen#135).
        written = [el for el in entry if el.tag == "link"]
        for element, link in zip(written, self.link() or [], strict=True):
            for attr in ("rel", "type", "hreflang", "title", "length"):
                if link.get(attr):
                    element.set(attr, str(link[attr]))
        return entry


def whole_byline(authors: list[str]) -> str:
    """ "Phương Thảo, Minh Anh": every name of a byline in the one value a format allows."""
    return ", ".join(authors)


def _generator(channel: Channel, items: list[FeedItem], self_type: str) -> FeedGenerator:
    fg = FeedGenerator()
    fg.register_extension("gs", _FeedExt, _EntryExt)
    fg.gs.hub_url = channel.hub_url
    fg.id(channel.self_url)
    fg.title(channel.title)
    fg.subtitle(channel.description)  # also the RSS <description>
    fg.author({"name": channel.publisher})
    fg.language(channel.language)
    fg.generator("Gương Sáng")
    if channel.rights:
        fg.rights(channel.rights)
    fg.ttl(TTL_MINUTES)
    fg.link(href=channel.self_url, rel="self", type=self_type)
    if channel.hub_url:
        fg.link(href=channel.hub_url, rel="hub")
    fg.link(href=channel.home_url, rel="alternate")  # last: it becomes the RSS <link>
    fg.updated(channel.updated(items))
    if channel.images:
        images = channel.images
        size = str(images.rss_image_size)
        fg.icon(images.icon)
        fg.image(url=images.rss_image, title=channel.title, link=channel.home_url, width=size, height=size)
        fg._FeedGenerator__atom_logo = images.logo  # image() set it to the RSS one
    for item in items:
        entry = fg.add_entry(_Entry(), order="append")
        entry.gs.item = item
        entry.guid(item.guid, permalink=False)
        entry.title(item.title)
        entry.link(href=item.url, rel="alternate", type="text/html")
        if item.photo:
            entry.link(href=item.photo.url, rel="enclosure", type=item.photo.mime_type, length=str(item.photo.length))
        if item.audio:  # RSS keeps one enclosure, the last: the reading (the photo stays in media:content)
            entry.link(href=item.audio.url, rel="enclosure", type=item.audio.mime_type, length=str(item.audio.length))
        entry.summary(item.lead or item.title)
        entry.content(item.content_html or f"<p>{item.lead}</p>", type="html")
        entry.published(item.published)
        entry.updated(item.updated)
        if item.authors:  # one call each: feedgen rebuilds its lists on every call
            # The whole byline as the author (clients show one), each name as a contributor.
            entry.author([{"name": whole_byline(item.authors)}])
            if len(item.authors) > 1:
                entry.contributor([{"name": name} for name in item.authors])
        if item.categories:
            entry.category(
                [
                    {"term": cat.term, "label": cat.label, **({"scheme": cat.scheme} if cat.scheme else {})}
                    for cat in item.categories
                ]
            )
        if item.source and item.source_url:
            entry.source(url=item.source_url, title=item.source)
    return fg


def render_rss(channel: Channel, items: list[FeedItem]) -> bytes:
    return _generator(channel, items, "application/rss+xml").rss_str(pretty=False)


def render_atom(channel: Channel, items: list[FeedItem]) -> bytes:
    return _generator(channel, items, "application/atom+xml").atom_str(pretty=False)


def render_json(channel: Channel, items: list[FeedItem], about_url: str) -> bytes:
    """JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/); photo credit and caption go in
    an `_photo` extension object, as the spec has no field for them."""
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": channel.title,
        "home_page_url": channel.home_url,
        "feed_url": channel.self_url,
        "description": channel.description,
        "language": channel.language,
        "authors": [{"name": channel.publisher}],
    }
    if channel.images:
        feed["icon"] = channel.images.icon
        feed["favicon"] = channel.images.favicon
    if channel.hub_url:
        feed["hubs"] = [{"type": "WebSub", "url": channel.hub_url}]
    if channel.rights:
        feed["_rights"] = {"about": about_url, "copyright": channel.rights}
    feed["items"] = [_json_item(item, about_url) for item in items]
    return json.dumps(feed, ensure_ascii=False, separators=(",", ":")).encode()


def _json_item(item: FeedItem, about_url: str) -> dict:
    data = {
        "id": item.guid,
        "url": item.url,
        "title": item.title,
        "summary": item.lead,
        "content_html": item.content_html,
        "date_published": item.published.isoformat(),
        "date_modified": item.updated.isoformat(),
        "authors": [{"name": name} for name in item.authors],
        # Tags are plain strings: the labels readers see; codes and vocabularies are in _categories.
        "tags": [cat.label for cat in item.categories if cat.scheme != MEDIATOPIC_SCHEME],
        "language": "vi",
        "_categories": {
            "about": about_url,
            "items": [
                {"term": cat.term, "label": cat.label, **({"scheme": cat.scheme} if cat.scheme else {})}
                for cat in item.categories
            ],
        },
    }
    if item.source_url:
        data["external_url"] = item.source_url
    if item.photo:
        data["image"] = item.photo.url
        data["attachments"] = [
            {
                "url": item.photo.url,
                "mime_type": item.photo.mime_type,
                **({"size_in_bytes": item.photo.length} if item.photo.length else {}),
                **({"title": item.photo.caption} if item.photo.caption else {}),
            }
        ]
        data["_photo"] = {
            "about": about_url,
            "url": item.photo.url,
            "caption": item.photo.caption,
            "credit": item.photo.credit,
            "width": item.photo.width,
            "height": item.photo.height,
        }
    if item.audio:
        attachment = {"url": item.audio.url, "mime_type": item.audio.mime_type, "size_in_bytes": item.audio.length}
        data["attachments"] = [*data.get("attachments", []), {**attachment, "title": "Bản đọc bài viết"}]
    return data
