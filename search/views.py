"""The search page: /search/?q= with highlights, facets as filters, pagination, and the editors'
promoted results above them."""

from django.core.paginator import Paginator
from django.template.response import TemplateResponse

from search import insights
from search.engines import get_engine
from search.query import SearchQuery


def search(request):
    query = SearchQuery.from_params(request.GET, strict=False)
    found = get_engine().search(query)
    insights.record_search(query, found.total)
    promotions = insights.promotions_for(query.text) if query.text and query.page == 1 else []
    paginator = Paginator(range(found.total), query.page_size)
    page_obj = paginator.get_page(query.page)
    base = request.GET.copy()
    base.pop("page", None)
    return TemplateResponse(
        request,
        "pages/search.html",
        {
            "query": query.text,
            "found": found,
            "page_obj": page_obj,
            "querystring": base.urlencode(),
            "promotions": promotions,
        },
    )
