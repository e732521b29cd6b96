"""Search engines behind one interface: search(query) -> SearchResults.

DatabaseEngine works on SQLite (FTS5) and PostgreSQL (tsvector, 'simple') over text folded in
Python, so both databases match the same things."""

from dataclasses import dataclass, field

from django.db import connection
from wagtail.models import Page

from core.kinds import all_kinds
from core.models import Locality
from search.highlight import excerpt, highlight
from search.models import SearchEntry
from search.query import SearchQuery
from search.synonyms import alternatives


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
    """Two statements per search, whatever the filters: the page of hits (ranked), and the
    total with every facet's counts in one pass over the matches (a materialised CTE), so the
    full-text match runs twice, not six times. Raw SQL because the match is database-specific
    (FTS5 / tsvector) and the facet counts are a UNION over one CTE, which the ORM can't say."""

    name = "database"

    def search(self, query: SearchQuery) -> SearchResults:
        results = SearchResults(engine=self.name, query=query)
        if query.is_empty:
            return results
        entries = self._page_of_hits(query, *self._match(query, ranked=True))
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
        results.total, results.facets = self._counts(query, *self._match(query, ranked=False))
        return results

    @staticmethod
    def _match(query: SearchQuery, ranked: bool):
        """SELECT page_id (and rank, if ranked) of the entries containing every word and every
        quoted phrase; title matches weigh more (FTS5 bm25 column weights / tsvector weight A)."""
        if connection.vendor == "sqlite":
            terms = [
                "(" + " OR ".join('"' + " ".join(form) + '"' for form in [[w], *alternatives(w)]) + ")"
                for w in query.words
            ] + ['"' + " ".join(p) + '"' for p in query.phrases]
            rank = ", -bm25(search_searchentry_fts, 4.0, 1.0) AS rank" if ranked else ""
            return (
                f"SELECT rowid AS page_id{rank} FROM search_searchentry_fts WHERE search_searchentry_fts MATCH %s",
                [" AND ".join(terms)],
            )
        plain = [w for w in query.words if not alternatives(w)]
        parts, params = (["plainto_tsquery('simple', %s)"], [" ".join(plain)]) if plain else ([], [])
        for word in query.words:
            forms = [[word], *alternatives(word)] if word not in plain else []
            if forms:
                parts.append("(" + " || ".join(["phraseto_tsquery('simple', %s)"] * len(forms)) + ")")
                params += [" ".join(form) for form in forms]
        parts += ["phraseto_tsquery('simple', %s)"] * len(query.phrases)
        params += [" ".join(p) for p in query.phrases]
        tsquery = " && ".join(parts)
        rank = ", ts_rank(search_vector, q) AS rank" if ranked else ""
        return (
            f"SELECT page_id{rank} FROM search_searchentry, (SELECT {tsquery} AS q) tsq WHERE search_vector @@ q",
            params,
        )

    @staticmethod
    def _conditions(query: SearchQuery, alias: str = "e") -> dict[str, tuple[str, list]]:
        """SQL condition per active filter, on an entry row `alias`."""
        out = {}
        if query.kind:
            out["kind"] = (f"{alias}.kind = %s", [query.kind])
        if query.year:
            out["year"] = (f"{alias}.year = %s", [query.year])
        if query.movement is not None:
            out["movement"] = (
                f"EXISTS (SELECT 1 FROM search_searchentrymovement f WHERE f.entry_id = {alias}.page_id "
                "AND f.movement_id = %s)", [query.movement.pk])
        if query.locality is not None:
            out["locality"] = (
                f"EXISTS (SELECT 1 FROM search_searchentrylocality f WHERE f.entry_id = {alias}.page_id "
                "AND f.locality_id = %s)", [query.locality.successor_id or query.locality.pk])
        return out

    @staticmethod
    def _where(conditions: dict, skip: str = "") -> tuple[str, list]:
        parts = [(sql, params) for name, (sql, params) in conditions.items() if name != skip]
        if not parts:
            return "", []
        return " WHERE " + " AND ".join(sql for sql, _ in parts), [p for _, params in parts for p in params]

    def _page_of_hits(self, query, match_sql, match_params) -> list[SearchEntry]:
        where, params = self._where(self._conditions(query))
        # Phrase boost: articles with the words side by side, in the order typed, come first
        # (a name such as "Đinh Văn Hoà" beats the three words scattered over a long article).
        order, order_params = "", []
        if len(query.words) > 1:
            order_params = [" ".join(query.words)]
            if connection.vendor == "sqlite":
                order = ("m.page_id IN (SELECT rowid FROM search_searchentry_fts "
                         "WHERE search_searchentry_fts MATCH '\"' || %s || '\"') DESC, ")
            else:
                order = "e.search_vector @@ phraseto_tsquery('simple', %s) DESC, "
        sql = (
            f"SELECT e.page_id FROM ({match_sql}) m JOIN search_searchentry e ON e.page_id = m.page_id{where} "
            f"ORDER BY {order}m.rank DESC, e.published_at DESC LIMIT %s OFFSET %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, match_params + params + order_params
                           + [query.page_size, (query.page - 1) * query.page_size])
            ids = [row[0] for row in cursor.fetchall()]
        by_id = SearchEntry.objects.in_bulk(ids)
        return [by_id[i] for i in ids if i in by_id]

    def _counts(self, query, match_sql, match_params) -> tuple[int, dict]:
        """The total and the facets in one statement. Each facet counts the matches with the
        other filters applied (so choosing a year still shows how many per kind)."""
        conditions = self._conditions(query, alias="m")
        branches, params = [], []

        def branch(sql, skip):
            where, where_params = self._where(conditions, skip)
            if "GROUP BY" in sql:
                head, group = sql.split(" GROUP BY ")
                branches.append(f"{head}{where} GROUP BY {group}")
            else:
                branches.append(sql + where)
            params.extend(where_params)

        branch("SELECT 'total', '', COUNT(*) FROM m", skip="")
        branch("SELECT 'kind', m.kind, COUNT(*) FROM m GROUP BY m.kind", skip="kind")
        branch("SELECT 'year', CAST(m.year AS TEXT), COUNT(*) FROM m GROUP BY m.year", skip="year")
        branch("SELECT 'movement', CAST(l.movement_id AS TEXT), COUNT(*) FROM m "
               "JOIN search_searchentrymovement l ON l.entry_id = m.page_id GROUP BY l.movement_id", skip="movement")
        branch("SELECT 'locality', CAST(l.locality_id AS TEXT), COUNT(*) FROM m "
               "JOIN search_searchentrylocality l ON l.entry_id = m.page_id GROUP BY l.locality_id", skip="locality")
        sql = (
            f"WITH m AS MATERIALIZED (SELECT e.page_id, e.kind, e.year FROM search_searchentry e "
            f"WHERE e.page_id IN ({match_sql})) " + " UNION ALL ".join(branches)
        )
        counts = {"total": {}, "kind": {}, "year": {}, "movement": {}, "locality": {}}
        with connection.cursor() as cursor:
            cursor.execute(sql, match_params + params)
            for facet, value, n in cursor.fetchall():
                counts[facet][value] = n
        return counts["total"].get("", 0), self._label(counts)

    @staticmethod
    def _label(counts) -> dict:
        labels = {k.key: k.label for k in all_kinds()}
        movements = {str(p.pk): p for p in Page.objects.filter(pk__in=[int(v) for v in counts["movement"]])}
        localities = {str(loc.pk): loc for loc in Locality.objects.filter(pk__in=[int(v) for v in counts["locality"]])}

        def by_count(items):
            return sorted(items, key=lambda f: (-f["count"], f["label"]))

        return {
            "kind": [{"value": k, "label": labels.get(k, k), "count": n} for k, n in counts["kind"].items()],
            "movement": by_count({"value": movements[v].slug, "label": movements[v].title, "count": n}
                                 for v, n in counts["movement"].items() if v in movements),
            "locality": by_count({"value": localities[v].slug, "label": localities[v].name, "count": n}
                                 for v, n in counts["locality"].items() if v in localities),
            "year": sorted(({"value": y, "label": y, "count": n} for y, n in counts["year"].items()),
                           key=lambda f: f["value"], reverse=True),
        }


def get_engine():
    """Elasticsearch (with the database as fallback) when ELASTICSEARCH_URL is set."""
    from search.es_engine import engine_for_settings

    return engine_for_settings()
