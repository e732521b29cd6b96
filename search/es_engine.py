"""The Elasticsearch engine: the same SearchQuery in, the same SearchResults out as the
database engine, so views and the API never know which one answered."""

import functools
import unicodedata
from itertools import pairwise

from django.conf import settings
from elasticsearch import Elasticsearch
from elasticsearch.dsl import A, Q, Search
from wagtail.models import Page

from core import resilience
from core.kinds import all_kinds
from search.engines import DatabaseEngine, Hit, SearchResults
from search.es_index import ALIAS
from search.highlight import excerpt, highlight
from search.query import SearchQuery
from search.words import standalone

HIGHLIGHT = {"pre_tags": ["<mark>"], "post_tags": ["</mark>"], "encoder": "html"}


@functools.cache
def _client(url: str, seconds: float) -> Elasticsearch:
    return Elasticsearch(url, request_timeout=seconds, max_retries=0)


def client() -> Elasticsearch:
    """One client (and connection pool) per process and server, with a short timeout: a server
    that accepts connections and never answers costs a search that long, once per outage."""
    return _client(settings.ELASTICSEARCH_URL, resilience.timeout("elasticsearch"))


def breaker() -> resilience.CircuitBreaker:
    return resilience.breaker(f"Elasticsearch ({settings.ELASTICSEARCH_URL})", probe=lambda: client().info())


def _filters(query: SearchQuery) -> dict:
    """Filter clauses by facet name, so each facet can leave its own out."""
    clauses = {}
    if query.kind:
        clauses["kind"] = Q("term", kind=query.kind)
    if query.movement is not None:
        clauses["movement"] = Q("term", movements=query.movement.slug)
    if query.locality is not None:
        root = query.locality.successor or query.locality
        clauses["locality"] = Q("term", localities=root.slug)
    if query.year:
        clauses["year"] = Q("term", year=query.year)
    return clauses


FACET_FIELDS = {"kind": "kind", "movement": "movements", "locality": "localities", "year": "year"}
_FRAGMENT = {"fragment_size": 220, "number_of_fragments": 1}


# Typo tolerance (search.suggest asks for it when a query finds little): names and long words
# only, as on the database engine: no edit under 4 letters, one from 4, two from 8; the first
# letter as typed; at most 20 indexed terms tried per word.
FUZZY = {"fuzziness": "AUTO:4,8", "prefix_length": 1, "max_expansions": 20}


def build_search(query: SearchQuery, es=None, fuzzy: bool = False) -> Search:
    text = unicodedata.normalize("NFC", query.text)
    fields = ["title^3", "lead^2", "body", "extra^0.5"]
    must = [Q("multi_match", query=text, fields=fields, operator="and", **(FUZZY if fuzzy else {}))]
    must += [Q("multi_match", query=" ".join(p), type="phrase", fields=fields) for p in query.phrases]
    should = [
        Q("multi_match", query=text, type="phrase", fields=["title^4", "lead^2", "body"], boost=2),
        Q("multi_match", query=text, fields=["title.exact^3", "lead.exact", "body.exact"], operator="and"),
    ]
    # The words typed as words of their own that stand as words of their own in the article, not
    # as syllables of a compound (search.words): "tốt" ranks "người tốt" above "tốt nghiệp".
    # Below the phrase; a syllable typed inside a compound ("biên giới") is left to the phrase.
    alone = list(dict.fromkeys(standalone(query.sequence.split())))
    if alone:
        should.append(Q("multi_match", query=" ".join(alone), fields=["whole_words"], boost=1))
    clauses = _filters(query)
    search = Search(using=es, index=ALIAS).query(Q("bool", must=must, should=should))
    if clauses:
        search = search.post_filter(Q("bool", filter=list(clauses.values())))
    for name, field in FACET_FIELDS.items():
        others = [c for n, c in clauses.items() if n != name]
        facet = A("filter", filter=Q("bool", filter=others)) if others else A("filter", filter=Q("match_all"))
        facet.bucket("values", "terms", field=field, size=50)
        search.aggs.bucket(name, facet)
    start = (query.page - 1) * query.page_size
    search = search.extra(track_total_hits=True)
    # Word-level highlights (search.highlight does the same for the database engine): when the
    # words typed stand side by side in a field, only those occurrences are marked ("người tốt",
    # not the "tốt" of "tốt nghiệp"); a field without them has no highlight here and is
    # highlighted in Python, every word. One syllable typed ("tốt") is highlighted in Python
    # only: Elasticsearch would mark it inside compounds too, search.highlight knows the word
    # list (search.words). A fuzzy search keeps Elasticsearch's marks (on the words it found).
    typed = query.sequence.split()
    pairs = list(dict.fromkeys(f"{a} {b}" for a, b in pairwise(typed) if a != b))
    if pairs or fuzzy:
        for name, options in [("title", {"number_of_fragments": 0}), ("lead", _FRAGMENT), ("body", _FRAGMENT)]:
            if pairs and not fuzzy:
                together = Q("bool", should=[Q("match_phrase", **{name: pair}) for pair in pairs])
                options = {**options, "highlight_query": together.to_dict()}
            search = search.highlight(name, **options)
        search = search.highlight_options(**HIGHLIGHT)
    return search.source(["kind", "title", "lead", "published_at"]).sort("_score", {"published_at": {"order": "desc"}})[
        start : start + query.page_size
    ]


class ElasticsearchEngine:
    name = "elasticsearch"
    fuzzy = True  # search(query, fuzzy=True) tolerates typos (search.suggest)

    def __init__(self, es=None):
        self.es = es or client()

    def search(self, query: SearchQuery, fuzzy: bool = False) -> SearchResults:
        results = SearchResults(engine=self.name, query=query)
        if query.is_empty:
            return results
        response = build_search(query, self.es, fuzzy=fuzzy).execute()
        results.total = response.hits.total.value
        ids = [int(hit.meta.id) for hit in response.hits]
        pages = {p.pk: p for p in Page.objects.filter(pk__in=ids)}
        from search.models import SearchEntry

        entries = {e.page_id: e for e in SearchEntry.objects.filter(page_id__in=ids)}
        for hit in response.hits:
            page_id = int(hit.meta.id)
            entry = entries.get(page_id)
            if entry is None or page_id not in pages:  # unpublished since: never show it
                continue
            marks = getattr(hit.meta, "highlight", None)
            title_html = marks.title[0] if marks and "title" in marks else highlight(entry.title, query.words)
            body = (marks.body if marks and "body" in marks else None) or (
                marks.lead if marks and "lead" in marks else None
            )
            results.hits.append(
                Hit(
                    entry=entry,
                    url=pages[page_id].url,
                    title_html=title_html,
                    highlight_html=body[0] if body else excerpt(f"{entry.lead} {entry.body}", query.words),
                )
            )
        results.facets = self._facets(response.aggregations)
        return results

    @staticmethod
    def _facets(aggregations) -> dict:
        from core.models import Locality
        from movements.models import MovementPage

        labels = {
            "kind": {k.key: k.label for k in all_kinds()},
            "movement": dict(MovementPage.objects.live().public().values_list("slug", "title")),
            "locality": dict(Locality.objects.values_list("slug", "name")),
        }
        facets = {}
        for name in FACET_FIELDS:
            buckets = aggregations[name]["values"]["buckets"]
            facets[name] = [
                {
                    "value": str(b["key"]),
                    "label": labels.get(name, {}).get(b["key"], str(b["key"])),
                    "count": b["doc_count"],
                }
                for b in buckets
            ]
        return facets


class FallbackEngine:
    """Elasticsearch first; on any failure (transport error, timeout, bad response) the database
    answers. While Elasticsearch is failing the database answers at once, without asking it
    (core.resilience: one log line when it fails, one when it is back)."""

    fuzzy = True

    def __init__(self, primary, fallback, breaker):
        self.primary, self.fallback, self.breaker = primary, fallback, breaker

    def search(self, query: SearchQuery, fuzzy: bool = False) -> SearchResults:
        try:
            return self.breaker.call(self.primary.search, query, fuzzy=fuzzy)
        except resilience.ServiceUnavailable:
            results = self.fallback.search(query)
            results.stand_in = True
            return results


def engine_for_settings():
    if getattr(settings, "ELASTICSEARCH_URL", ""):
        return FallbackEngine(ElasticsearchEngine(), DatabaseEngine(), breaker())
    return DatabaseEngine()


def health_check() -> dict:
    """For /health/ (core.health): the engine that answers, and whether Elasticsearch does."""
    if not getattr(settings, "ELASTICSEARCH_URL", ""):
        return {"status": "ok", "engine": "database"}
    try:
        breaker().call(lambda: client().info())
    except resilience.ServiceUnavailable as error:
        return {"status": "error", "engine": "elasticsearch", "fallback": "database", "error": str(error)}
    return {"status": "ok", "engine": "elasticsearch"}
