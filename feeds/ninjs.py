"""IPTC ninjs (News in JSON) for agencies: one article as a ninjs news item, built from the
same FeedItem as RSS, Atom and JSON Feed (feeds.items), so that `uri` is the RSS guid and the
body, photo, credit and caption are the same everywhere. Why 2.2 and not 3.x: docs/feeds.md.

ninjs 2.2 is the default; `as_ninjs1()` turns a 2.2 item into the ninjs 1.x profile
(`?version=1`) that agency systems built on 1.x read (Superdesk's ninjs ingest among them):
`headline`, `body_html`, `byline`, `subject`, `place`, `associations` and `renditions` keyed
by name, times in UTC with "Z" and whole seconds.

`changes()` is the list behind `/api/ninjs/`: articles and withdrawals in one order, by the
time each change reached readers and the page id, so that a cursor (time, id) walks any
number of changes without gaps or duplicates.

The official schemas (shared/schemas/ninjs-schema_2.2.json and _1.6.json, used by the tests)
allow no property they do not define, so everything here is a property of its version."""

import re
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from html import unescape

from django.db.models import Count, DateTimeField, Q
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone
from django.utils.html import strip_tags
from wagtail.models import Page, PageLogEntry

from core.kinds import all_kinds, kind_of
from core.text import vi_slugify
from feeds.formats import whole_byline
from feeds.items import (
    FeedItem,
    Photo,
    attach_body_photos,
    attach_hero_renditions,
    attach_relations,
    body_photos,
    feed_item,
    related,
    warm_bodies,
    xml_safe,
)
from feeds.mediatopics import SCHEME as MEDIATOPIC_SCHEME
from feeds.mediatopics import media_topics_for
from feeds.models import SyndicationSettings, Withdrawal

VERSION = "2.2"
SCHEMA_URL = "http://www.iptc.org/std/ninjs/ninjs-schema_2.2.json"
VERSION_1 = "1.6"
SCHEMA_URL_1 = "http://www.iptc.org/std/ninjs/ninjs-schema_1.6.json"
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
    localities = related(page, "localities")
    data = {
        "uri": item.guid,
        "standard": {"name": "ninjs", "version": VERSION, "schema": SCHEMA_URL},
        "type": "text",
        "representationtype": "full",
        "profile": "text-photo" if item.photo or body_photos(page, base_url) else "text-only",
        "version": str(item_version(page)),
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
                "value": _mark_embeds(item.content_html, body_photos(page, base_url)),
                "charcount": len(text),
                "wordcount": len(text.split()),
            }
        ]
        if item.content_html
        else [],
        "by": whole_byline(item.authors),
        "located": xml_safe(getattr(page, "dateline", "")) or next((loc.name for loc in localities), ""),
        "genres": [{"name": item.kind_label, "literal": page.kind.key}],
        "subjects": _subjects(page, request),
        "places": [
            {
                "name": loc.name,
                "rel": "about",
                "literal": loc.slug,
                "uri": f"{base_url}/feeds/localities/{loc.slug}.rss",
            }
            for loc in localities
        ],
        "infosources": [_source(item)] if item.source else [],
        "altids": [{"role": "page-id", "value": str(page.pk)}],
        "renditions": [{"name": "web", "title": "Bài trên Gương Sáng", "href": item.url, "contenttype": "text/html"}],
        "associations": _pictures(page, item, base_url),
    }
    return {key: value for key, value in data.items() if value not in ("", [], None)}


def item_version(page) -> int:
    """ninjs `version`: 1 for the first publication, one more for every re-publication (an
    edit, a correction) of this item, counted from Wagtail's log of publishes; lists attach
    them for all their pages in one query (attach_versions)."""
    if not hasattr(page, "_ninjs_version"):
        attach_versions([page])
    return page._ninjs_version


def attach_versions(pages) -> None:
    counts = dict(
        PageLogEntry.objects.filter(page_id__in=[p.pk for p in pages], action="wagtail.publish")
        .values("page_id")
        .annotate(n=Count("pk"))
        .values_list("page_id", "n")
    )
    for page in pages:
        page._ninjs_version = max(1, counts.get(page.pk, 0))


def _subjects(page, request) -> list[dict]:
    # IPTC Media Topics first (feeds.mediatopics): the codes agencies route copy by.
    subjects = [
        {"name": topic.name, "rel": "mediatopic", "uri": topic.uri, "literal": topic.qcode}
        for topic in media_topics_for(page)
    ]
    for movement in related(page, "movements"):
        subject = {"name": xml_safe(movement.title), "rel": "movement", "literal": movement.slug}
        url = _movement_url(movement, request)
        subjects.append({**subject, "uri": url} if url else subject)
    subjects += [
        {"name": xml_safe(tag.name), "rel": "tag", "literal": vi_slugify(tag.name)} for tag in related(page, "tags")
    ]
    return subjects


def _movement_url(movement, request) -> str:
    """A movement's page URL: from the page when related() read real pages, else from one
    query for every live movement, kept on the request (a list prints hundreds of items)."""
    if hasattr(movement, "get_full_url"):
        return movement.get_full_url(request)
    urls = getattr(request, "_ninjs_movement_urls", None)
    if urls is None:
        from movements.models import MovementPage

        urls = {m.slug: m.get_full_url(request) for m in MovementPage.objects.live()}
        request._ninjs_movement_urls = urls
    return urls.get(movement.slug) or ""


def _source(item: FeedItem) -> dict:
    source = {"name": item.source, "role": "originator"}
    if item.source_url:
        source["uri"] = item.source_url
    return source


def _pictures(page, item: FeedItem, base_url: str) -> list[dict]:
    """The hero photo ("featureimage"), then every photo of the body in reading order
    ("editor_0", "editor_1", …: the names Superdesk gives body embeds, see _mark_embeds)."""
    pictures = [_picture("featureimage", item.photo)] if item.photo else []
    pictures += [_picture(f"editor_{n}", photo) for n, photo in enumerate(body_photos(page, base_url))]
    return pictures


def _picture(name: str, photo: Photo) -> dict:
    """A photo as a picture association: credit in `by`, caption as its description."""
    image = photo.image
    picture = {
        "name": name,
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


_BODY_FIGURE = re.compile(r'<figure><img src="([^"]*)".*?</figure>', re.S)


def _mark_embeds(html: str, photos: list[Photo]) -> str:
    """Each body photo's <figure> between the comments Superdesk writes around an embed
    (`<!-- EMBED START Image {id: "editor_0"} -->` … END), so that a system built on it places
    association "editor_0" there; other readers ignore comments. The figures come in the
    order of body_photos (both read the body's blocks in order)."""
    remaining = iter(enumerate(photos))
    current = next(remaining, None)

    def mark(match):
        nonlocal current
        if current is None or unescape(match.group(1)) != current[1].url:
            return match.group(0)
        name = f"editor_{current[0]}"
        current = next(remaining, None)
        return f'<!-- EMBED START Image {{id: "{name}"}} -->{match.group(0)}<!-- EMBED END Image {{id: "{name}"}} -->'

    return _BODY_FIGURE.sub(mark, html) if photos else html


def _counted_text(html: str) -> str:
    """The body's words for charcount and wordcount, which exclude figure captions."""
    return unescape(strip_tags(_FIGCAPTION.sub(" ", html)))


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


# --- ninjs 1.x ------------------------------------------------------------------------------

_COPIED_1 = (
    "uri",
    "type",
    "profile",
    "version",
    "pubstatus",
    "copyrightnotice",
    "usageterms",
    "language",
    "slugline",
    "located",
)


# Superdesk, the 1.x reader most agencies run, shows the association "featuremedia" as an
# article's own photo; its body photos are "editor_N" in both versions.
_NAMES_1 = {"featureimage": "featuremedia"}


def as_ninjs1(item: dict, base_url: str) -> dict:
    """A ninjs 2.2 item (ninjs_item, canceled_item or a picture association) as ninjs 1.x,
    valid against the 1.6 schema. The same content; what changes is the shape: one `headline`,
    `description_text`, `body_html` and `byline`; `subject`, `place`, `genre` and `infosource`
    with `code`/`scheme` (1.x has no `literal` and no `uri` there: the vocabulary URL becomes
    the scheme); `altids`, `renditions` and `associations` are objects keyed by name;
    `representationtype` is "complete"; times are UTC with "Z" and whole seconds."""
    out = {key: item[key] for key in _COPIED_1 if key in item}
    if "standard" in item:
        out["$standard"] = {"name": "ninjs", "version": VERSION_1, "schema": SCHEMA_URL_1}
    if item.get("representationtype") == "full":
        out["representationtype"] = "complete"
    for key in ("firstcreated", "versioncreated"):
        if key in item:
            out[key] = utc_z(datetime.fromisoformat(item[key]))
    if headline := _main(item.get("headlines"), "main"):
        out["headline"] = headline["value"]
    if summary := _main(item.get("descriptions"), "summary"):
        out["description_text"] = summary["value"]
    if caption := _main(item.get("descriptions"), "caption"):
        out["description_text"] = caption["value"]
    if body := _main(item.get("bodies"), "main"):
        out["body_html"] = body["value"]
        out.update({key: body[key] for key in ("charcount", "wordcount") if key in body})
    if item.get("by"):
        out["byline"] = item["by"]
    vocabularies = {
        "movement": f"{base_url}/feeds/movements/",
        "about": f"{base_url}/feeds/localities/",
        "mediatopic": MEDIATOPIC_SCHEME,
    }
    if item.get("subjects"):
        out["subject"] = [_concept(s, vocabularies.get(s["rel"])) for s in item["subjects"]]
    if item.get("places"):
        out["place"] = [_concept(p, vocabularies["about"]) for p in item["places"]]
    if item.get("genres"):
        out["genre"] = [_concept(g, f"{base_url}/feeds/kinds/") for g in item["genres"]]
    if item.get("infosources"):
        out["infosource"] = [{"name": s["name"], "rel": s["role"]} for s in item["infosources"]]
    if item.get("altids"):
        out["altids"] = {altid["role"]: altid["value"] for altid in item["altids"]}
    if item.get("renditions"):
        out["renditions"] = {r["name"]: _rendition1(r) for r in item["renditions"]}
    if item.get("associations"):
        out["associations"] = {_NAMES_1.get(a["name"], a["name"]): as_ninjs1(a, base_url) for a in item["associations"]}
    return out


def utc_z(moment: datetime) -> str:
    """2026-11-20T01:00:00Z: what strict 1.x readers parse (Superdesk's ninjs ingest accepts
    "Z", "+0000" and "+00:00" and no fraction of a second)."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _main(values, role: str) -> dict | None:
    return next((v for v in values or [] if v.get("role") == role), None)


def _concept(concept: dict, scheme: str | None) -> dict:
    out = {"name": concept["name"]}
    if concept.get("rel"):
        out["rel"] = concept["rel"]
    if concept.get("literal"):
        out["code"] = concept["literal"]
        if scheme:
            out["scheme"] = scheme
    return out


def _rendition1(rendition: dict) -> dict:
    out = {"href": rendition["href"], "mimetype": rendition["contenttype"]}
    out.update({key: rendition[key] for key in ("title", "width", "height", "sizeinbytes") if key in rendition})
    return out


# --- what changed, in one order -------------------------------------------------------------


@dataclass(frozen=True)
class Position:
    """Where a walk through the changes stands: the time of a change and its page id. Changes
    are ordered by (time, page id) and a cursor lists those strictly after it."""

    time: datetime
    page_id: int = 0  # 0: before every page changed at that time (a `since`, inclusive)

    def token(self) -> str:
        """The readable cursor: 2026-11-20T01:02:03.123456Z_1234 (UTC, microseconds, page id)."""
        return f"{self.time.astimezone(UTC).strftime('%Y-%m-%dT%H:%M:%S.%fZ')}_{self.page_id}"

    @classmethod
    def parse(cls, token: str) -> "Position":
        """The inverse of token(); ValueError for anything else."""
        moment, _, page_id = token.strip().rpartition("_")
        time = datetime.fromisoformat(moment)
        if time.tzinfo is None or not page_id.isdigit() or len(page_id) > 12:
            raise ValueError(token)
        time.astimezone(UTC)  # the database compares in UTC: year 1 or 9999 may not fit
        return cls(time, int(page_id))


@dataclass
class Change:
    time: datetime  # when the change reached readers (the order)
    page_id: int
    page: Page | None = None  # a usable article: a page from kind.model
    withdrawal: Withdrawal | None = None  # else a withdrawal
    model: type | None = None

    @property
    def position(self) -> Position:
        return Position(self.time, self.page_id)

    @property
    def updated(self) -> datetime:
        return self.withdrawal.withdrawn_at if self.withdrawal else self.page.updated_at


def changed_at():
    """When an article's current version reached readers: its last publication, or its
    `published_at` when that came later (an embargo: the article was published ahead and
    became visible then). An embargoed article therefore comes after every cursor handed out
    before it was visible: no walk skips it."""
    return Greatest(Coalesce("last_published_at", "published_at"), "published_at", output_field=DateTimeField())


def changes(after: Position | None, limit: int, newest_first: bool = False) -> list[Change]:
    """Up to `limit` changes (articles readers may see, and withdrawals), ordered by
    (time, page id): oldest first after `after` (inclusive of a `since`, page_id 0), or
    newest first. Only keys here: `load()` fetches whole pages for the ones shown."""
    now = timezone.now()
    direction = "-" if newest_first else ""
    found = []
    for kind in all_kinds():
        qs = kind.model.objects.visible_to_readers(now).annotate(changed=changed_at())
        if after is not None:
            qs = qs.filter(Q(changed__gt=after.time) | Q(changed=after.time, pk__gt=after.page_id))
        keys = qs.order_by(f"{direction}changed", f"{direction}pk").values_list("changed", "pk")[:limit]
        found += [Change(when, pk, model=kind.model) for when, pk in keys]
    withdrawals = Withdrawal.objects.all()
    if after is not None:
        withdrawals = withdrawals.filter(
            Q(withdrawn_at__gt=after.time) | Q(withdrawn_at=after.time, page_id__gt=after.page_id)
        )
    withdrawals = withdrawals.order_by(f"{direction}withdrawn_at", f"{direction}page_id")[:limit]
    found += [Change(w.withdrawn_at, w.page_id, withdrawal=w) for w in withdrawals]
    found.sort(key=lambda change: (change.time, change.page_id), reverse=newest_first)
    return found[:limit]


def load(shown: list[Change], base_url: str) -> list[Change]:
    """Whole pages for the articles among `shown`, with their photos' renditions, relations and
    bodies in a fixed number of queries; an article gone meanwhile is left out."""
    by_model = {}
    for change in shown:
        if change.model is not None:
            by_model.setdefault(change.model, []).append(change.page_id)
    pages = {}
    for model, pks in by_model.items():
        # corrections: read by the body when it is not cached yet (the Đính chính notes)
        rows = list(
            model.objects.live().filter(pk__in=pks).select_related("hero_image").prefetch_related("corrections")
        )
        attach_relations(model, rows, ["movements", "localities", "tags", "authors"])
        pages.update((page.pk, page) for page in rows)
    attach_hero_renditions(list(pages.values()))
    attach_versions(list(pages.values()))
    warm_bodies(list(pages.values()), base_url)
    attach_body_photos(list(pages.values()), base_url)
    for change in shown:
        change.page = pages.get(change.page_id)
    return [change for change in shown if change.withdrawal is not None or change.page is not None]
