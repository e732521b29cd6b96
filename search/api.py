"""GET /api/search/ (DESIGN.md contract 5), with an OpenAPI description at /api/docs."""

from django.utils import timezone
from ninja import NinjaAPI, Schema, Status

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
def search(request, q: str = "", kind: str = "", movement: str = "", locality: str = "", year: str = "",
           page: str = "", page_size: str = ""):
    try:
        query = SearchQuery.from_params(request.GET, strict=True)
    except QueryError as exc:
        return Status(400, {"error": str(exc)})
    found = get_engine().search(query)
    return Status(200, {
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
    })
