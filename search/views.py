"""Site search (HTML). A first version on Wagtail's database backend with Vietnamese
folding still to come (see the search issue); it already never shows unpublished pages."""

from django.core.paginator import Paginator
from django.template.response import TemplateResponse

from core.kinds import all_kinds

MAX_QUERY_LENGTH = 200


def search(request):
    query = " ".join(request.GET.get("q", "").replace("\x00", "").split())[:MAX_QUERY_LENGTH]
    results = []
    if query:
        for kind in all_kinds():
            results.extend(kind.model.objects.live().public().search(query)[:50])
        results.sort(key=lambda p: p.published_at, reverse=True)
    page_obj = Paginator(results, 10).get_page(request.GET.get("page"))
    return TemplateResponse(request, "pages/search.html", {"query": query, "page_obj": page_obj})
