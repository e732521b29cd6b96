"""The search page: /search/?q= with highlights, facets as filters, pagination, and the editors'
promoted results above them; answers cached per content version (search.answers)."""

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.template.loader import render_to_string

from search import answers, insights
from search.engines import get_engine
from search.query import SearchQuery


def search(request):
    query = SearchQuery.from_params(request.GET, strict=False)

    def build():
        found = get_engine().search(query)
        promotions = insights.promotions_for(query.text) if query.text and query.page == 1 else []
        paginator = Paginator(range(found.total), query.page_size)
        base = request.GET.copy()
        base.pop("page", None)
        context = {
            "query": query.text,
            "found": found,
            "page_obj": paginator.get_page(query.page),
            "querystring": base.urlencode(),
            "promotions": promotions,
        }
        return render_to_string("pages/search.html", context, request), found.total, not found.stand_in

    body, total = answers.answer(request, "html", query, build)
    insights.record_search(query, total)
    return HttpResponse(body)
