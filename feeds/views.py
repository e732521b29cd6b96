"""Feed views: RSS, Atom and JSON Feed for all content, each kind, each movement and each
locality; the Google News sitemap; the partners' page that lists them all."""

from dataclasses import dataclass

from django.conf import settings
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe
from taggit.models import Tag
from wagtail.models import Site

from core.kinds import all_kinds
from core.models import Locality
from feeds import conditional
from feeds.cors import public_cors
from feeds.formats import Channel, render_atom, render_json, render_rss
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
KIND_FEED_NAMES = {"story": "stories", "news": "news"}


def kind_feed_name(kind) -> str:
    return KIND_FEED_NAMES.get(kind.key, kind.key)


def base_url(request) -> str:
    """The site's own address (as in its page URLs and canonical links), else the request's."""
    site = Site.find_for_request(request)
    return site.root_url if site else f"{request.scheme}://{request.get_host()}"


@dataclass
class Scope:
    """Which items a feed lists, and how it presents itself."""

    path: str  # "all", "stories", "movements/<slug>", "localities/<slug>", "topics/<slug>"
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
        "ttl": 15,
        "hub_url": settings.WEBSUB_HUB_URL,
        "rights": SyndicationSettings.for_request(request),
    }
    return render(request, "feeds/index.html", context)
