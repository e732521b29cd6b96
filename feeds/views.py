"""Feed views: RSS, Atom and JSON Feed for all content, each kind, each movement, each
locality, each topic and each exemplar's profile; the Google News sitemap; the partners' page that lists them all; the
vocabularies the feeds' categories point to (/feeds/kinds/, /movements/, /localities/, /topics/)."""

from dataclasses import dataclass

from django.conf import settings
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.http import require_safe
from taggit.models import Tag
from wagtail.models import Site

from core.kinds import all_kinds
from core.models import Locality
from feeds import conditional, mediatopics
from feeds.cors import public_cors
from feeds.formats import Channel, FeedImages, render_atom, render_json, render_rss
from feeds.items import feed_items, feed_items_for
from feeds.models import SyndicationSettings
from feeds.partners import record_pull

FEED_LENGTH = 50
SITE_NAME = "Gương Sáng"
FORMATS = {
    "rss": ("application/rss+xml; charset=utf-8", render_rss),
    "atom": ("application/atom+xml; charset=utf-8", render_atom),
    "json": ("application/feed+json; charset=utf-8", render_json),
}
# Public feed names of the kinds (DESIGN.md contract 4); another kind is published under its key.
KIND_FEED_NAMES = {"story": "stories", "news": "news", "document": "documents"}


def kind_feed_name(kind) -> str:
    return KIND_FEED_NAMES.get(kind.key, kind.key)


def base_url(request) -> str:
    """The site's own address (as in its page URLs and canonical links), else the request's."""
    site = Site.find_for_request(request)
    return site.root_url if site else f"{request.scheme}://{request.get_host()}"


@dataclass
class Scope:
    """Which items a feed lists, and how it presents itself."""

    path: str  # "all", "stories", "movements/<slug>", "localities/<slug>", "topics/<slug>", "exemplars/<slug>"
    title: str
    description: str
    home_url: str
    filters: dict

    @classmethod
    def resolve(cls, request, path: str) -> "Scope":
        """The scope named by a feed URL, or 404 for an unknown kind, movement or locality."""
        from movements.models import MovementPage

        root = base_url(request)
        if path == "all":
            return cls(
                path,
                SITE_NAME,
                "Gương người tốt, việc tốt và tin phong trào thi đua: các bài mới nhất.",
                f"{root}/",
                {},
            )
        group, _, slug = path.partition("/")
        if group == "movements" and slug:
            movement = MovementPage.objects.live().public().filter(slug=slug).first()
            if movement is None:
                raise Http404("Không có phong trào này.")
            return cls(
                path,
                f"{SITE_NAME} – {movement.title}",
                f"Bài viết về {movement.title}.",
                movement.get_full_url(request),
                {"movement": movement},
            )
        if group == "localities" and slug:
            locality = Locality.objects.filter(slug=slug).first()
            if locality is None:
                raise Http404("Không có địa phương này.")
            return cls(
                path, f"{SITE_NAME} – {locality.name}", f"Bài viết về {locality}.", f"{root}/", {"locality": locality}
            )
        if group == "exemplars" and slug:
            exemplar = _exemplar_with_stories(slug)
            return cls(
                path,
                f"{SITE_NAME} – {exemplar.name}",
                f"Bài viết về {exemplar.name}.",
                f"{root}{exemplar.get_url()}",
                {"exemplar": exemplar},
            )
        if group == "topics" and slug:
            topic = Tag.objects.filter(slug=slug).first()
            if topic is None:
                raise Http404("Không có chủ đề này.")
            return cls(
                path,
                f"{SITE_NAME} – Chủ đề: {topic.name}",
                f"Bài viết về {topic.name}.",
                f"{root}{reverse('home:topic', args=[topic.slug])}",
                {"topic": topic},
            )
        for kind in all_kinds():
            if kind_feed_name(kind) == path:
                index = kind.index_model.objects.live().public().first()
                home = index.get_full_url(request) if index else f"{root}/"
                return cls(
                    path, f"{SITE_NAME} – {kind.label}", f"{kind.label}: các bài mới nhất.", home, {"kind": kind.key}
                )
        raise Http404("Không có luồng tin này.")


def _exemplar_with_stories(slug: str):
    """An exemplar's profile (exemplars.Exemplar) with a story readers may see, else 404: like
    its page, the feed of a profile made from a draft does not reveal the draft's name."""
    from exemplars.models import Exemplar
    from exemplars.profiles import visible_stories

    exemplar = Exemplar.objects.filter(slug=slug, merged_into=None).first()
    if exemplar is None or not visible_stories(exemplar).exists():
        raise Http404("Không có hồ sơ này.")
    return exemplar


def _merged_exemplar_feed(path: str, fmt: str):
    """A merged profile's feed moves for good to the kept profile's (feed readers follow a 301)."""
    from exemplars.models import Exemplar

    group, _, slug = path.partition("/")
    if group != "exemplars":
        return None
    exemplar = Exemplar.objects.filter(slug=slug).exclude(merged_into=None).first()
    if exemplar is None:
        return None
    return HttpResponsePermanentRedirect(
        reverse("feeds:feed", kwargs={"path": exemplar.survivor().feed_path(), "fmt": fmt})
    )


def feed_images(root: str) -> FeedImages:
    """The site icon for feed readers (site/static/icons; feed-144.png and feed-logo.png are made
    from icon-512.png, docs/feeds.md)."""

    def url(name):
        return f"{root}{static(f'icons/{name}')}"

    return FeedImages(
        icon=url("icon-512.png"), favicon=url("icon-192.png"), logo=url("feed-logo.png"), rss_image=url("feed-144.png")
    )


def rights(request) -> str:
    setting = SyndicationSettings.for_request(request)
    return " – ".join(filter(None, [setting.copyright_notice, setting.usage_terms]))


def _hub_links(self_url: str) -> dict[str, str]:
    links = {"self": self_url}
    if settings.WEBSUB_HUB_URL:
        links["hub"] = settings.WEBSUB_HUB_URL
    return links


@public_cors
@require_safe
def feed(request, path: str, fmt: str):
    if fmt not in FORMATS:
        raise Http404("Không có định dạng này.")
    content_type, renderer = FORMATS[fmt]
    moved = _merged_exemplar_feed(path, fmt)
    if moved is not None:
        return moved
    name = f"{path}.{fmt}"
    record_pull(request, name)

    def build():
        scope = Scope.resolve(request, path)
        root = base_url(request)
        self_url = f"{root}/feeds/{name}"
        pages = feed_items(limit=FEED_LENGTH, **scope.filters)
        items = feed_items_for(pages, request, root)
        channel = Channel(
            title=scope.title,
            description=scope.description,
            self_url=self_url,
            home_url=scope.home_url,
            rights=rights(request),
            hub_url=settings.WEBSUB_HUB_URL,
            images=feed_images(root),
        )
        extra = {"about_url": f"{root}/feeds/"} if fmt == "json" else {}
        return renderer(channel, items, **extra), channel.updated(items), _hub_links(self_url)

    return conditional.serve(request, conditional.FeedResponse(name, content_type, build))


@require_safe
def news_sitemap(request):
    from feeds.news_sitemap import build_news_sitemap

    name = "sitemap-news.xml"
    record_pull(request, name)
    return conditional.serve(
        request,
        conditional.FeedResponse(name, "application/xml; charset=utf-8", lambda: (*build_news_sitemap(request), {})),
    )


@require_safe
def partners_page(request):
    """ "Cung cấp tin": every feed, in Vietnamese, for partners' editors and developers."""
    from movements.models import MovementPage

    root = base_url(request)
    kinds = [(kind.label, f"{root}/feeds/{kind_feed_name(kind)}") for kind in all_kinds()]
    movements = MovementPage.objects.live().public().only("title", "slug").order_by("title")
    context = {
        "root": root,
        "kinds": kinds,
        "movements": [(m.title, f"{root}/feeds/movements/{m.slug}") for m in movements],
        "localities": [(loc.name, f"{root}/feeds/localities/{loc.slug}") for loc in Locality.current_sorted()],
        "feed_length": FEED_LENGTH,
        "vocabularies": [(VOCABULARIES[group][0], f"{root}/feeds/{group}/") for group in VOCABULARIES],
        "ttl": 15,
        "hub_url": settings.WEBSUB_HUB_URL,
        "rights": SyndicationSettings.for_request(request),
    }
    return render(request, "feeds/index.html", context)


# --- vocabularies -------------------------------------------------------------------------------

# The categories' domain (RSS) / scheme (Atom) is /feeds/<group>/: each page lists its terms.
VOCABULARIES = {
    "kinds": ("Chuyên mục", "Mỗi bài thuộc một chuyên mục; mã (term) là khóa của chuyên mục."),
    "movements": ("Phong trào thi đua", "Các phong trào thi đua đang đăng trên trang; mã là đường dẫn (slug)."),
    "localities": (
        "Địa phương",
        "34 tỉnh, thành phố từ 01/07/2025 và các đơn vị trước đó đã hợp nhất; mã là đường dẫn (slug). "
        "Luồng tin của một đơn vị gồm cả bài gắn với đơn vị cũ hoặc mới cùng họ.",
    ),
    "topics": ("Chủ đề", "Các chủ đề (thẻ) có bài đang đăng; mã là đường dẫn (slug)."),
}


@dataclass
class Term:
    code: str  # the category's term
    label: str
    page_url: str  # where readers see it on the site ("" when it has no page)
    feed_url: str  # without the extension: + .rss, .atom, .json
    note: str = ""


def _terms(request, group: str, root: str) -> list[Term]:
    from core.text import vi_sort_key
    from core.topics import topics_in_use
    from movements.models import MovementPage

    if group == "kinds":
        terms = []
        for kind in all_kinds():
            index = kind.index_model.objects.live().public().first()
            page = index.get_full_url(request) if index else ""
            terms.append(Term(kind.key, kind.label, page, f"{root}/feeds/{kind_feed_name(kind)}"))
        return terms
    if group == "movements":
        movements = MovementPage.objects.live().public().only("title", "slug", "url_path").order_by("title")
        terms = [Term(m.slug, m.title, m.get_full_url(request), f"{root}/feeds/movements/{m.slug}") for m in movements]
        return sorted(terms, key=lambda term: vi_sort_key(term.label))
    if group == "localities":
        localities = Locality.objects.select_related("successor")
        terms = [
            Term(
                loc.slug,
                loc.name,
                f"{root}/search/?locality={loc.slug}",
                f"{root}/feeds/localities/{loc.slug}",
                "" if loc.is_current else f"trước 01/07/2025, nay thuộc {loc.successor.name}" if loc.successor else "",
            )
            for loc in localities
        ]
        return sorted(terms, key=lambda term: (bool(term.note), vi_sort_key(term.label)))
    tags = Tag.objects.filter(pk__in=topics_in_use())
    terms = [
        Term(tag.slug, tag.name, f"{root}{reverse('home:topic', args=[tag.slug])}", f"{root}/feeds/topics/{tag.slug}")
        for tag in tags
    ]
    return sorted(terms, key=lambda term: vi_sort_key(term.label))


@require_safe
def vocabulary(request, group: str):
    """ "Chuyên mục", "Phong trào", "Địa phương", "Chủ đề": the terms a feed's categories use,
    each with its code, its page on the site and its feeds."""
    if group not in VOCABULARIES:
        raise Http404("Không có danh mục này.")
    root = base_url(request)
    title, intro = VOCABULARIES[group]
    context = {
        "group": group,
        "title": title,
        "intro": intro,
        "scheme": f"{root}/feeds/{group}/",
        "terms": _terms(request, group, root),
        "vocabularies": [(VOCABULARIES[g][0], f"{root}/feeds/{g}/", g == group) for g in VOCABULARIES],
        "media_topics": _media_topic_rows() if group == "kinds" else [],
        "media_topic_scheme": mediatopics.SCHEME,
    }
    return render(request, "feeds/vocabulary.html", context)


def _media_topic_rows() -> list[tuple[str, list]]:
    """(what, [MediaTopic]) for the kinds and the fields of work (of the kinds that have one)."""
    from django.core.exceptions import FieldDoesNotExist

    rows = [(kind.label, list(mediatopics.KIND_TOPICS.get(kind.key, ()))) for kind in all_kinds()]
    for kind in all_kinds():
        try:
            choices = kind.model._meta.get_field("field_of_work").choices or []
        except FieldDoesNotExist:
            continue
        rows += [(f"Lĩnh vực: {label}", list(mediatopics.FIELD_TOPICS.get(key, ()))) for key, label in choices]
    return rows
