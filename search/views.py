"""The search page: /search/?q= with highlights, facets as filters, pagination, the editors'
promoted results above them, and "Có phải bạn muốn tìm …" (search.suggest) when the query finds
little; answers cached per content version (search.answers), the suggestion with them (it depends
on the query and the published content only, never on the reader).

`exact=1` ("tìm chính xác") shows what the query itself found even when it found nothing and a
suggestion would have been shown in its place; it is cached as an answer of its own."""

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.template.loader import render_to_string

from search import answers, insights, suggest
from search.engines import get_engine
from search.query import SearchQuery


def search(request):
    query = SearchQuery.from_params(request.GET, strict=False)
    exact = request.GET.get("exact") == "1"

    def build():
        engine = get_engine()
        found = engine.search(query)
        hint = suggest.for_results(engine, query, found)
        showing = hint is not None and hint.showing and not exact
        shown = hint.found if showing else found
        promotions = insights.promotions_for(query.text) if query.text and query.page == 1 else []
        paginator = Paginator(range(shown.total), query.page_size)
        base = request.GET.copy()
        base.pop("page", None)
        base.pop("exact", None)
        context = {
            "query": query.text,
            "found": shown,
            "page_obj": paginator.get_page(query.page),
            "querystring": base.urlencode() + ("&exact=1" if exact else ""),
            "promotions": promotions,
            "suggestion": hint,
            "showing_suggestion": showing,
            "shown_query": hint.text if showing and not hint.approximate else query.text,
        }
        if hint is not None:
            others = [(k, v) for k, values in base.lists() if k != "q" for v in values]
            context["suggestion_querystring"] = urlencode([("q", hint.text), *others])
            context["exact_querystring"] = base.urlencode() + "&exact=1"
        keep = not found.stand_in and not (hint is not None and hint.found.stand_in)
        return render_to_string("pages/search.html", context, request), found.total, keep

    body, total = answers.answer(request, "html-exact" if exact else "html", query, build)
    insights.record_search(query, total)
    return HttpResponse(body)
