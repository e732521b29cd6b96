"""GET /api/search/ (DESIGN.md contract 5) and GET /api/search/autocomplete/, with an OpenAPI
description at /api/docs."""

from django.http import HttpResponse
from django.utils import timezone
from ninja import NinjaAPI, Schema, Status

from search import answers, autocomplete, insights
from search.engines import get_engine
from search.query import QueryError, SearchQuery

api = NinjaAPI(title="Gương Sáng API", version="1", urls_namespace="api")


class Result(Schema):
    id: int
    kind: str
    title: str
    url: str
    lead: str
    published_at: str
    highlight: str


class FacetValue(Schema):
    value: str
    label: str
    count: int


class SearchResponse(Schema):
    query: str
    engine: str
    total: int
    page: int
    page_size: int
    results: list[Result]
    facets: dict[str, list[FacetValue]]


class Error(Schema):
    error: str


@api.get("/search/", response={200: SearchResponse, 400: Error}, summary="Tìm bài (không dấu cũng được)")
def search(
    request,
    q: str = "",
    kind: str = "",
    movement: str = "",
    locality: str = "",
    year: str = "",
    page: str = "",
    page_size: str = "",
):
    try:
        query = SearchQuery.from_params(request.GET, strict=True)
    except QueryError as exc:
        return Status(400, {"error": str(exc)})

    def build():
        found = get_engine().search(query)
        data = {
            "query": query.text,
            "engine": found.engine,
            "total": found.total,
            "page": query.page,
            "page_size": query.page_size,
            "results": [
                {
                    "id": hit.entry.page_id,
                    "kind": hit.entry.kind,
                    "title": hit.entry.title,
                    "url": request.build_absolute_uri(hit.url),
                    "lead": hit.entry.lead,
                    "published_at": timezone.localtime(hit.entry.published_at).isoformat(),
                    "highlight": hit.highlight_html,
                }
                for hit in found.hits
            ],
            "facets": found.facets,
        }
        # Validated against the schema once, when built; a cached answer is served as it is.
        return SearchResponse(**data).model_dump_json().encode(), found.total, not found.stand_in

    body, total = answers.answer(request, "json", query, build)
    insights.record_search(query, total)
    return HttpResponse(body, content_type="application/json; charset=utf-8")


class Suggestion(Schema):
    label: str
    kind: str
    url: str


class AutocompleteResponse(Schema):
    query: str
    suggestions: list[Suggestion]


@api.get(
    "/search/autocomplete/",
    response={200: AutocompleteResponse},
    summary="Gợi ý khi gõ: tiêu đề bài, phong trào, gương điển hình",
)
def search_autocomplete(request, q: str = ""):
    """At most 8 suggestions, matched accent-insensitively by the beginning of any word
    ("nguoi t" → "Người tốt…", "dak" → "Đắk Lắk"). Fewer than 2 characters: an empty list;
    only the first 100 characters count."""
    text = autocomplete.clean_query(q)
    suggestions = autocomplete.suggest(text)
    urls = autocomplete.page_urls(suggestions)
    return Status(
        200,
        {
            "query": text,
            "suggestions": [
                {"label": s.label, "kind": s.kind, "url": request.build_absolute_uri(urls[s.page_id])}
                for s in suggestions
                if urls.get(s.page_id)
            ],
        },
    )
