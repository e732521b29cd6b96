"""The site's own pages that are not articles: topics, the HTML site map, the map of
exemplars, the accessibility statement, and the icons browsers ask for at fixed addresses."""

from pathlib import Path

from django.conf import settings
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.templatetags.static import static
from django.views.decorators.http import require_safe
from taggit.models import Tag
from wagtail.models import Page

from core.cache import public_page
from core.maps import MapFilterError, filter_options, parse_filters
from core.text import vi_sort_key
from core.topics import topic_page, topics_in_use
from movements.models import MovementPage

ICONS = Path(settings.BASE_DIR) / "site" / "static" / "icons"


@require_safe
@public_page
def topic(request, slug):
    tag = get_object_or_404(Tag, slug=slug)
    page_obj = topic_page(tag, request.GET.get("page"))
    if not page_obj.paginator.count:
        raise Http404("Chủ đề này chưa có bài nào.")
    return render(request, "pages/topic.html", {"tag": tag, "page_obj": page_obj, "paginator": page_obj.paginator})


@require_safe
@public_page
def sitemap_page(request):
    """Every section, movement and topic, for readers and for those who navigate by links."""
    movements = MovementPage.objects.live().public().order_by("path")
    sections = Page.objects.live().public().in_menu().filter(depth=3).order_by("path")
    topics = sorted(Tag.objects.filter(pk__in=topics_in_use()), key=lambda tag: vi_sort_key(tag.name))
    return render(request, "pages/sitemap.html", {"sections": sections, "movements": movements, "topics": topics})


@require_safe
@public_page
def map_page(request):
    """Bản đồ gương sáng: the 34 provincial units coloured by their exemplars, filtered by
    movement and year. A filter value that names nothing is a 400 that says why (a mistyped
    link must not show a map of everything as if it were the one asked for)."""
    try:
        movement, year = parse_filters(request.GET, MovementPage)
    except MapFilterError as error:
        return render(request, "400.html", {"message": str(error)}, status=400)
    movements, years = filter_options(MovementPage)
    return render(
        request,
        "pages/map.html",
        {"movement": movement, "year": year, "movements": movements, "years": years},
    )


@require_safe
@public_page
def accessibility(request):
    return render(request, "pages/accessibility.html")


@require_safe
def favicon(request):
    response = FileResponse((ICONS / "favicon.ico").open("rb"), content_type="image/x-icon")
    response["Cache-Control"] = "public, max-age=604800"
    return response


@require_safe
def webmanifest(request):
    """The app manifest ("Thêm vào màn hình chính"): its icons are fingerprinted static files."""
    response = render(
        request,
        "site.webmanifest",
        {"icons": [(static(f"icons/icon-{size}.png"), size) for size in (192, 512)]},
        content_type="application/manifest+json",
    )
    response["Cache-Control"] = "public, max-age=86400"
    return response
