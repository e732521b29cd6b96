"""Search engines behind one interface: search(query) -> SearchResults.

DatabaseEngine works on SQLite (FTS5) and PostgreSQL (tsvector, 'simple') over text folded in
Python, so both databases match the same things."""

from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Count
from wagtail.models import Page

from core.kinds import all_kinds
from core.models import Locality
from search.highlight import excerpt, highlight
from search.models import SearchEntry
from search.query import SearchQuery


@dataclass
class Hit:
    entry: SearchEntry
    url: str
    title_html: str
    highlight_html: str


@dataclass
class SearchResults:
    engine: str
    query: SearchQuery
    total: int = 0
    hits: list[Hit] = field(default_factory=list)
    facets: dict = field(default_factory=dict)  # name -> [{"value", "label", "count"}]


class DatabaseEngine:
    name = "database"

    def search(self, query: SearchQuery) -> SearchResults:
        results = SearchResults(engine=self.name, query=query)
        if query.is_empty:
            return results
        matches = self._matching(query)
        filtered = self._filter(matches, query)
        results.total = filtered.count()
        start = (query.page - 1) * query.page_size
        entries = list(filtered.order_by("-rank", "-published_at")[start : start + query.page_size])
        words = query.words
        urls = {p.pk: p.url for p in Page.objects.filter(pk__in=[e.page_id for e in entries])}
        results.hits = [
            Hit(
                entry=e,
                url=urls.get(e.page_id, ""),
                title_html=highlight(e.title, words),
                highlight_html=excerpt(f"{e.lead} {e.body}", words),
            )
            for e in entries
        ]
        results.facets = self._facets(matches, query)
        return results

    def _matching(self, query: SearchQuery):
        """Entries containing every word (and every quoted phrase), with a relevance score
        where title matches weigh more."""
        entries = SearchEntry.objects.all()
        if connection.vendor == "sqlite":
            terms = [f'"{w}"' for w in query.words] + ['"' + " ".join(p) + '"' for p in query.phrases]
            return entries.extra(
                tables=["search_searchentry_fts"],
                where=["search_searchentry_fts.rowid = search_searchentry.page_id", "search_searchentry_fts MATCH %s"],
                params=[" AND ".join(terms)],
                select={"rank": "-bm25(search_searchentry_fts, 4.0, 1.0)"},
            )
        vector = (
            "setweight(to_tsvector('simple', folded_title), 'A') || setweight(to_tsvector('simple', folded_text), 'B')"
        )
        tsquery = " && ".join(
            ["plainto_tsquery('simple', %s)"] + ["phraseto_tsquery('simple', %s)"] * len(query.phrases)
        )
        params = [" ".join(query.words)] + [" ".join(p) for p in query.phrases]
        return entries.extra(
            where=[f"({vector}) @@ ({tsquery})"],
            params=params,
            select={"rank": f"ts_rank({vector}, {tsquery})"},
            select_params=params,
        )

    @staticmethod
    def _filter(entries, query: SearchQuery, skip: str = ""):
        if query.kind and skip != "kind":
            entries = entries.filter(kind=query.kind)
        if query.movement is not None and skip != "movement":
            entries = entries.filter(movements__movement=query.movement)
        if query.locality is not None and skip != "locality":
            root = query.locality.successor_id or query.locality.pk
            entries = entries.filter(localities__locality_id=root)
        if query.year and skip != "year":
            entries = entries.filter(year=query.year)
        return entries

    def _facets(self, matches, query: SearchQuery) -> dict:
        """Counts per value, each over the results with the other filters applied."""
        labels = {k.key: k.label for k in all_kinds()}
        kinds = self._filter(matches, query, "kind").values("kind").annotate(n=Count("pk", distinct=True))
        years = self._filter(matches, query, "year").values("year").annotate(n=Count("pk", distinct=True))
        movements = (
            self._filter(matches, query, "movement")
            .values("movements__movement", "movements__movement__slug", "movements__movement__title")
            .exclude(movements__movement=None)
            .annotate(n=Count("pk", distinct=True))
        )
        localities = (
            self._filter(matches, query, "locality")
            .values("localities__locality")
            .exclude(localities__locality=None)
            .annotate(n=Count("pk", distinct=True))
        )
        by_id = {loc.pk: loc for loc in Locality.objects.filter(pk__in=[r["localities__locality"] for r in localities])}
        return {
            "kind": [{"value": r["kind"], "label": labels.get(r["kind"], r["kind"]), "count": r["n"]} for r in kinds],
            "movement": sorted(
                ({"value": r["movements__movement__slug"], "label": r["movements__movement__title"], "count": r["n"]}
                 for r in movements),
                key=lambda f: -f["count"],
            ),
            "locality": sorted(
                ({"value": by_id[r["localities__locality"]].slug, "label": by_id[r["localities__locality"]].name,
                  "count": r["n"]} for r in localities),
                key=lambda f: -f["count"],
            ),
            "year": sorted(({"value": str(r["year"]), "label": str(r["year"]), "count": r["n"]} for r in years),
                           key=lambda f: f["value"], reverse=True),
        }


def get_engine():
    """Elasticsearch (with the database as fallback) when ELASTICSEARCH_URL is set."""
    from search.es_engine import engine_for_settings

    return engine_for_settings()
