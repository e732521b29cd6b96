"""What every feed lists: the published items, and each one as a format-neutral FeedItem.

`feed_items()` is the one query behind RSS, Atom, JSON Feed, the news sitemap and ninjs
(feeds.ninjs imports it): the articles readers may see (ArticleQuerySet.visible_to_readers),
newest first, in a fixed number of queries whatever the limit.
`feed_item()` turns one of those pages into what a feed prints: absolute URLs, the body as
HTML with figures that carry caption and credit, the hero photo with its size, categories,
and every string stripped of the characters XML cannot carry.
"""

import hashlib
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from types import SimpleNamespace
from urllib.parse import urljoin

from django.core.cache import cache
from django.utils import timezone
from wagtail.images.models import Filter

from core.kinds import all_kinds, get_kind
from core.models import ArticleTag
from core.speech_audio import Audio, audio_for
from feeds import mediatopics
from feeds.mediatopics import media_topics_for

# C0/C1 controls (tab, newline, carriage return kept), lone surrogates and the two
# non-characters: lxml refuses them and feed readers choke on them.
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")

HERO_FILTER = "max-1600x1600|format-jpeg|jpegquality-85"
BODY_FILTER = "max-1200x1200|format-jpeg|jpegquality-85"  # components/figure_portable.html
ITEM_CACHE_SECONDS = 24 * 3600
# An empty feed still needs an update time; a constant keeps its bytes stable.
EMPTY_FEED_UPDATED = datetime(2024, 1, 1, tzinfo=UTC)


def xml_safe(text) -> str:
    return _NOT_XML.sub("", str(text or ""))


def feed_items(
    kind=None,
    movement=None,
    locality=None,
    topic=None,
    since=None,
    limit=50,
    published_after=None,
    full=True,
    exemplar=None,
):
    """Published, public article pages, newest first (by `published_at`).

    kind: an ArticleKind key ("story", "news") or None for every kind.
    movement: a MovementPage; kinds without a movements relation then contribute nothing.
    locality: a core.Locality; its whole family counts (a historic unit and its successor).
    topic: a taggit Tag (core.topics): the articles carrying it.
    exemplar: an exemplars.Exemplar: the articles about it; kinds without an `exemplar` field
        then contribute nothing.
    since: only pages (re)published at or after this aware datetime (ninjs "changed since"),
        then ordered by that time, most recent change first.
    published_after: only pages whose `published_at` is at or after this (news sitemap).
    full: False skips the body and the relations (listings such as the news sitemap).
    """
    now = timezone.now()
    kinds = [k for k in ([get_kind(kind)] if kind else all_kinds()) if k is not None]
    order = "last_published_at" if since is not None else "published_at"
    # First the keys of each kind's newest pages, merged and cut; then whole rows for those only
    # (building a page object costs more than a small query).
    ranked = []
    for article_kind in kinds:
        model = article_kind.model
        qs = model.objects.visible_to_readers(now)
        if movement is not None:
            qs = qs.filter(movements=movement)
        if locality is not None:
            tagged = model.objects.filter(localities__in=locality.family_ids()).values("pk")
            qs = qs.filter(pk__in=tagged)  # a subquery, not DISTINCT over whole rows
        if topic is not None:
            qs = qs.filter(pk__in=ArticleTag.objects.filter(tag=topic).values("content_object_id"))
        if exemplar is not None:
            if not _has_field(model, "exemplar"):
                continue
            qs = qs.filter(exemplar=exemplar)
        if published_after is not None:
            qs = qs.filter(published_at__gte=published_after)
        if since is not None:
            qs = qs.filter(last_published_at__gte=since)
        keys = qs.order_by(f"-{order}", "-pk").values_list(order, "pk")[:limit]
        ranked.extend((when, pk, model) for when, pk in keys)
    ranked.sort(key=lambda row: (row[0], row[1]), reverse=True)
    ranked = ranked[:limit]
    by_model = {}
    for _, pk, model in ranked:
        by_model.setdefault(model, []).append(pk)
    rows = {}
    for model, pks in by_model.items():
        qs = model.objects.live().filter(pk__in=pks).select_related("hero_image")
        # A full item prints its corrections first in the body: one query for all of them.
        qs = qs.prefetch_related("corrections") if full else qs.defer_streamfields()
        rows.update((page.pk, page) for page in qs)
    found = [rows[pk] for _, pk, _ in ranked if pk in rows]
    # Only for the pages kept: the other kinds' surplus is never read.
    attach_hero_renditions(found)
    if full:
        for model in by_model:
            attach_relations(
                model, [p for p in found if type(p) is model], ["movements", "localities", "tags", "authors"]
            )
    return found


def _has_field(model, name: str) -> bool:
    from django.core.exceptions import FieldDoesNotExist

    try:
        model._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return True


def attach_hero_renditions(pages) -> None:
    """The hero photos' existing renditions, one query for all pages (read by _rendition)."""
    images = {}  # pk -> the image objects (one per page row, several pages may share a photo)
    for page in pages:
        if page.hero_image is not None:
            page.hero_image._feed_renditions = []
            images.setdefault(page.hero_image.pk, []).append(page.hero_image)
    if not images:
        return
    from core.models import CustomRendition

    for rendition in CustomRendition.objects.filter(image_id__in=images, filter_spec=HERO_FILTER):
        for image in images[rendition.image_id]:
            image._feed_renditions.append(rendition)


def _body_figures(page) -> list[dict]:
    """Every photo block of the body in reading order ({image, caption, credit}, the image as
    its id), read from the stored JSON: no query, no block parsing."""
    figures = []
    for block in page.body.raw_data:
        value = block.get("value") or {}
        if block.get("type") == "image":
            figures.append(value)
        elif block.get("type") == "gallery":
            # ListBlock items: {"type": "item", "value": {...}} (older rows: the value itself)
            figures += [
                item.get("value", item) if item.get("type") == "item" else item for item in value.get("images", [])
            ]
    return [figure for figure in figures if isinstance(figure, dict) and figure.get("image")]


def attach_body_photos(pages, base_url: str) -> None:
    """The body photos of many pages as Photos (read by body_photos), the images and their
    existing renditions in two queries for all pages."""
    from core.models import CustomImage, CustomRendition

    figures = {page.pk: _body_figures(page) for page in pages}
    ids = {figure["image"] for found in figures.values() for figure in found}
    images = CustomImage.objects.in_bulk(ids) if ids else {}
    for image in images.values():
        image._feed_renditions = []
    for rendition in CustomRendition.objects.filter(image_id__in=images, filter_spec=BODY_FILTER) if images else []:
        images[rendition.image_id]._feed_renditions.append(rendition)
    for page in pages:
        page._body_photos = [
            photo(images[figure["image"]], base_url, BODY_FILTER, figure.get("caption", ""), figure.get("credit", ""))
            for figure in figures[page.pk]
            if figure["image"] in images  # a photo deleted from the library leaves no figure
        ]


def body_photos(page, base_url: str) -> list["Photo"]:
    """The photos the portable body shows, in order, with the same caption and credit."""
    if not hasattr(page, "_body_photos"):
        attach_body_photos([page], base_url)
    return page._body_photos


def attach_relations(model, pages, names) -> None:
    """Load many-to-many relations (movements, localities, tags, authors: whichever the model
    has) for all pages, one joined query each, read back by related(). Django's
    prefetch_related goes through modelcluster's and taggit's per-instance managers, which
    costs more than the queries themselves on a 50-item feed."""
    if not pages:
        return
    pks = [p.pk for p in pages]
    loaded = {pk: {} for pk in pks}
    for name in names:
        spec = _RELATIONS[name]
        field = model._meta.get_field(name)
        through = field.remote_field.through
        if name == "tags":  # taggit: core.ArticleTag
            source, target = "content_object", "tag"
        else:
            source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
        columns = [f"{target}__{column}" for column in spec]
        rows = through.objects.filter(**{f"{source}_id__in": pks}).order_by("pk").values_list(f"{source}_id", *columns)
        for pk in pks:
            loaded[pk][name] = []
        for pk, *values in rows:
            loaded[pk][name].append(SimpleNamespace(**dict(zip(spec, values, strict=True))))
    for page in pages:
        page._feed_relations = loaded[page.pk]


_RELATIONS = {
    "movements": ("title", "slug", "field_of_work"),
    "localities": ("name", "slug"),
    "tags": ("name", "slug"),
    "authors": ("name",),
}


def related(page, name) -> list:
    """A relation loaded by attach_relations, else read from the page."""
    loaded = getattr(page, "_feed_relations", {})
    if name in loaded:
        return loaded[name]
    return list(getattr(page, name).all())


# --- one item -------------------------------------------------------------------------------


@dataclass
class Photo:
    url: str
    mime_type: str
    length: int
    width: int
    height: int
    caption: str
    credit: str
    image: object = field(default=None, repr=False, compare=False)  # the CustomImage shown


@dataclass
class Category:
    term: str  # stable identifier: a kind's key, a slug, a Media Topic code
    label: str  # what a reader sees
    scheme: str = ""  # absolute URL of the vocabulary (ours resolve: feeds.views.vocabulary)
    coded: bool = False  # RSS prints the term, not the label (a code is what a partner maps)

    @property
    def rss_text(self) -> str:
        return self.term if self.coded else self.label


# Our vocabularies: /feeds/<group>/ lists every term with its feeds (feeds.views.vocabulary).
VOCABULARIES = ("kinds", "movements", "localities", "topics")


def vocabulary_url(base_url: str, group: str) -> str:
    return f"{base_url}/feeds/{group}/"


@dataclass
class FeedItem:
    guid: str  # urn:uuid of the page's translation key: survives edits, slug changes and moves
    url: str
    title: str
    lead: str
    content_html: str
    published: datetime  # Asia/Ho_Chi_Minh, whole seconds
    updated: datetime
    authors: list[str]
    kind_label: str
    categories: list[Category] = field(default_factory=list)
    photo: Photo | None = None
    source: str = ""
    source_url: str = ""
    audio: Audio | None = None  # the server's reading (core.speech_audio), an enclosure


def local_seconds(value: datetime) -> datetime:
    return timezone.localtime(value).replace(microsecond=0)


def feed_item(page, request, base_url: str) -> FeedItem:
    """The format-neutral item for one page from feed_items() (base_url: "https://host")."""
    kind = page.kind
    categories = [Category(kind.key, kind.label, vocabulary_url(base_url, "kinds"))]
    movements, localities, topics = (vocabulary_url(base_url, g) for g in ("movements", "localities", "topics"))
    categories += [Category(m.slug, xml_safe(m.title), movements) for m in related(page, "movements")]
    categories += [Category(loc.slug, xml_safe(loc.name), localities) for loc in related(page, "localities")]
    categories += [Category(t.slug, xml_safe(t.name), topics) for t in related(page, "tags")]
    categories += [
        Category(topic.code, topic.name_vi, mediatopics.SCHEME, coded=True) for topic in media_topics_for(page)
    ]
    authors = [xml_safe(n) for n in page.byline_names] or [xml_safe(a.name) for a in related(page, "authors")]
    return FeedItem(
        guid=f"urn:uuid:{page.translation_key}",
        url=page.get_full_url(request),
        title=xml_safe(page.title),
        lead=xml_safe(page.lead),
        content_html=body_html(page, base_url),
        published=local_seconds(page.published_at),
        updated=local_seconds(page.updated_at),
        authors=authors,
        kind_label=kind.label,
        categories=categories,
        photo=photo(page.hero_image, base_url, HERO_FILTER),
        source=xml_safe(page.source),
        source_url=xml_safe(page.source_url),
        audio=_absolute_audio(page, base_url),
    )


def _absolute_audio(page, base_url: str) -> Audio | None:
    audio = audio_for(page)
    return Audio(urljoin(base_url, audio.url), audio.length, audio.mime_type) if audio else None


def photo(image, base_url: str, filter_spec: str, caption: str = "", credit: str = "") -> Photo | None:
    if image is None:
        return None
    rendition = _rendition(image, filter_spec)
    try:
        length = rendition.file.size
    except (OSError, ValueError):  # missing, or not made yet (core.renditions): unknown length
        length = 0
    return Photo(
        url=urljoin(base_url, rendition.url),
        mime_type="image/jpeg",
        length=length,
        width=rendition.width,
        height=rendition.height,
        caption=xml_safe(caption or image.caption or image.description),
        credit=xml_safe(credit or image.credit),
        image=image,
    )


_FILTERS: dict[str, Filter] = {}


def _rendition(image, filter_spec: str):
    """The rendition from the image's prefetched ones when it exists (Wagtail's get_rendition
    asks its cache first, per call), else made the usual way."""
    if filter_spec not in _FILTERS:
        _FILTERS[filter_spec] = Filter(filter_spec)
    cache_key = _FILTERS[filter_spec].get_cache_key(image)
    candidates = getattr(image, "_feed_renditions", None)
    for rendition in image.renditions.all() if candidates is None else candidates:
        if rendition.filter_spec == filter_spec and rendition.focal_point_key == cache_key:
            return rendition
    return image.get_rendition(filter_spec)


# --- the body as feed HTML ----------------------------------------------------------------


def _body_key(page, salt: str) -> str:
    return f"feeds:body:{page.pk}:{page.live_revision_id}:{salt}"


def _body_salt(base_url: str) -> str:
    from core.cache import assets_version  # photo captions and credits are in the bodies

    return hashlib.sha256(f"{base_url}|{assets_version()}".encode()).hexdigest()[:16]


def body_html(page, base_url: str) -> str:
    """The body as output that leaves the site prints it (ArticlePage.body_html, portable),
    cached per published revision."""
    if hasattr(page, "_feed_body"):
        return page._feed_body
    warm_bodies([page], base_url)
    return page._feed_body


def warm_bodies(pages, base_url: str) -> None:
    """Body HTML for many pages: one cache read for all."""
    salt = _body_salt(base_url)
    keys = {page.pk: _body_key(page, salt) for page in pages}
    cached = cache.get_many(list(keys.values()))
    missing = [page for page in pages if keys[page.pk] not in cached]
    if missing:
        rendered = {keys[page.pk]: xml_safe(page.body_html(portable=True, base_url=base_url)) for page in missing}
        cache.set_many(rendered, ITEM_CACHE_SECONDS)
        cached.update(rendered)
    for page in pages:
        page._feed_body = cached[keys[page.pk]]


def feed_items_for(pages, request, base_url: str) -> list["FeedItem"]:
    """feed_item() for every page, their bodies prepared together."""
    warm_bodies(pages, base_url)
    return [feed_item(page, request, base_url) for page in pages]
