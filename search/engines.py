"""Search engines behind one interface: search(query) -> SearchResults.

DatabaseEngine works on SQLite (FTS5) and PostgreSQL (tsvector, 'simple') over text folded in
Python, so both databases match the same things."""

from contextlib import nullcontext
from dataclasses import dataclass, field

from django.db import connection, transaction
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
    stand_in: bool = False  # the database answered for a failing Elasticsearch: not to be cached


class DatabaseEngine:
    """Two statements per search, whatever the filters: the page of hits (ranked), and the
    total with every facet's counts in one pass over the matches (a materialised CTE). Raw SQL
    because the match is database-specific and the facet counts are a UNION over one CTE.

    SQLite: the FTS5 table, ranked by bm25 (title weighs 4). PostgreSQL: the narrow side table
    search_searchentry_pg (migration 0004); the matches are ordered cheaply (title contains
    every word, then newest) and only the best CANDIDATES are ranked with ts_rank (divided by the log of the length, so a
    short article about the words beats a long one mentioning them), which reads
    each article's whole tsvector. On both, the words typed side by side rank first."""

    name = "database"
    CANDIDATES = 200

    def search(self, query: SearchQuery) -> SearchResults:
        results = SearchResults(engine=self.name, query=query)
        if query.is_empty:
            return results
        pg = connection.vendor == "postgresql"
        tsquery, params = self._tsquery(query) if pg else self._fts_query(query)
        # On SQLite no transaction: every one takes the write lock (settings: IMMEDIATE), and
        # searches must not queue behind each other or behind the worker.
        with transaction.atomic() if pg else nullcontext():
            if pg:
                # For a common word the planner prefers a sequential scan that evaluates @@ on
                # every row, unpacking each TOASTed tsvector (~300 ms at 100,000 articles); the
                # GIN bitmap answers exactly without touching them (~20 ms). Only for this search.
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL enable_seqscan = off")
            entries = self._pg_hits(query, tsquery, params) if pg else self._sqlite_hits(query, tsquery, params)
            results.total, results.facets = self._counts(query, tsquery, params, pg)
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
        return results

    @staticmethod
    def _fts_query(query: SearchQuery):
        """An FTS5 MATCH expression: every word (or one of its abbreviation's forms) and every
        quoted phrase."""
        terms = [
            "(" + " OR ".join('"' + " ".join(form) + '"' for form in [[w], *alternatives(w)]) + ")" for w in query.words
        ] + ['"' + " ".join(p) + '"' for p in query.phrases]
        return "%s", [" AND ".join(terms)]

    @staticmethod
    def _tsquery(query: SearchQuery):
        """The same as a PostgreSQL tsquery expression over the 'simple' configuration."""
        plain = [w for w in query.words if not alternatives(w)]
        parts, params = (["plainto_tsquery('simple', %s)"], [" ".join(plain)]) if plain else ([], [])
        for word in query.words:
            if word not in plain:
                forms = [[word], *alternatives(word)]
                parts.append("(" + " || ".join(["phraseto_tsquery('simple', %s)"] * len(forms)) + ")")
                params += [" ".join(form) for form in forms]
        parts += ["phraseto_tsquery('simple', %s)"] * len(query.phrases)
        params += [" ".join(p) for p in query.phrases]
        return " && ".join(parts), params

    @staticmethod
    def _conditions(query: SearchQuery, alias: str, pg: bool) -> dict[str, tuple[str, list]]:
        """SQL condition per active filter, on a row `alias` with page_id, kind and year (and,
        on PostgreSQL, the movement and locality id arrays)."""
        out = {}
        if query.kind:
            out["kind"] = (f"{alias}.kind = %s", [query.kind])
        if query.year:
            out["year"] = (f"{alias}.year = %s", [query.year])
        links = {}
        if query.movement is not None:
            links["movement"] = query.movement.pk
        if query.locality is not None:
            links["locality"] = query.locality.successor_id or query.locality.pk
        for name, value in links.items():
            if pg:
                out[name] = (f"{alias}.{name}_ids @> ARRAY[%s]::bigint[]", [value])
            else:
                out[name] = (
                    f"EXISTS (SELECT 1 FROM search_searchentry{name} f WHERE f.entry_id = {alias}.page_id "
                    f"AND f.{name}_id = %s)",
                    [value],
                )
        return out

    @staticmethod
    def _where(conditions: dict, skip: str = "", keyword: str = "WHERE") -> tuple[str, list]:
        parts = [(sql, params) for name, (sql, params) in conditions.items() if name != skip]
        if not parts:
            return "", []
        return f" {keyword} " + " AND ".join(sql for sql, _ in parts), [p for _, params in parts for p in params]

    def _sqlite_hits(self, query, match, match_params) -> list[SearchEntry]:
        where, params = self._where(self._conditions(query, "e", pg=False))
        # Phrase boost: the words side by side, in the order typed, come first (a name such as
        # "Đinh Văn Hoà" beats the three words scattered over a long article).
        order, order_params = "", []
        if len(query.words) > 1:
            order = (
                "m.page_id IN (SELECT rowid FROM search_searchentry_fts "
                "WHERE search_searchentry_fts MATCH '\"' || %s || '\"') DESC, "
            )
            order_params = [query.sequence]
        sql = (
            "SELECT e.page_id FROM (SELECT rowid AS page_id, -bm25(search_searchentry_fts, 4.0, 1.0) AS rank "
            f"FROM search_searchentry_fts WHERE search_searchentry_fts MATCH {match}) m "
            f"JOIN search_searchentry e ON e.page_id = m.page_id{where} "
            f"ORDER BY {order}m.rank DESC, e.published_at DESC LIMIT %s OFFSET %s"
        )
        return self._entries(sql, match_params + params + order_params + self._limits(query))

    def _pg_hits(self, query, tsquery, ts_params) -> list[SearchEntry]:
        where, params = self._where(self._conditions(query, "v", pg=True), keyword="AND")
        order, order_params = "", []
        if len(query.words) > 1:
            order, order_params = "c.vector @@ phraseto_tsquery('simple', %s) DESC, ", [query.sequence]
        offset = (query.page - 1) * query.page_size
        sql = (
            f"WITH c AS (SELECT v.page_id, v.published_at, v.vector FROM search_searchentry_pg v, "
            f"(SELECT {tsquery} AS q) tsq WHERE v.vector @@ q{where} "
            "ORDER BY v.title_vector @@ q DESC, v.published_at DESC LIMIT %s) "
            f"SELECT c.page_id FROM c, (SELECT {tsquery} AS q) tsq "
            f"ORDER BY {order}ts_rank(c.vector, q, 1) DESC, c.published_at DESC LIMIT %s OFFSET %s"
        )
        candidates = max(self.CANDIDATES, offset + query.page_size)
        return self._entries(sql, ts_params + params + [candidates] + ts_params + order_params + self._limits(query))

    @staticmethod
    def _limits(query) -> list[int]:
        return [query.page_size, (query.page - 1) * query.page_size]

    @staticmethod
    def _entries(sql, params) -> list[SearchEntry]:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            ids = [row[0] for row in cursor.fetchall()]
        by_id = SearchEntry.objects.in_bulk(ids)
        return [by_id[i] for i in ids if i in by_id]

    def _counts(self, query, match, match_params, pg) -> tuple[int, dict]:
        """The total and the facets in one statement. Each facet counts the matches with the
        other filters applied (so choosing a year still shows how many per kind)."""
        conditions = self._conditions(query, "m", pg)
        if pg:
            matches = (
                f"SELECT v.page_id, v.kind, v.year, v.movement_ids, v.locality_ids "
                f"FROM search_searchentry_pg v, (SELECT {match} AS q) tsq WHERE v.vector @@ q"
            )
            # unnest() in the select list (a ProjectSet) is ~20% faster than a LATERAL join.
            linked = {
                name: lambda where, name=name: f"(SELECT unnest(m.{name}_ids) AS {name}_id FROM m{where}) l"
                for name in ("movement", "locality")
            }
        else:
            matches = (
                f"SELECT e.page_id, e.kind, e.year FROM search_searchentry e WHERE e.page_id IN "
                f"(SELECT rowid FROM search_searchentry_fts WHERE search_searchentry_fts MATCH {match})"
            )
            linked = {
                name: lambda where, name=name: f"m JOIN search_searchentry{name} l ON l.entry_id = m.page_id{where}"
                for name in ("movement", "locality")
            }
        branches, params = [], []
        for facet, value in [
            ("total", "''"),
            ("kind", "m.kind"),
            ("year", "CAST(m.year AS TEXT)"),
            ("movement", "CAST(l.movement_id AS TEXT)"),
            ("locality", "CAST(l.locality_id AS TEXT)"),
        ]:
            where, where_params = self._where(conditions, skip=facet)
            source = linked[facet](where) if facet in linked else f"m{where}"
            group = "" if facet == "total" else f" GROUP BY {value}"
            branches.append(f"SELECT '{facet}', {value}, COUNT(*) FROM {source}{group}")
            params += where_params
        sql = f"WITH m AS MATERIALIZED ({matches}) " + " UNION ALL ".join(branches)
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
            "movement": by_count(
                {"value": movements[v].slug, "label": movements[v].title, "count": n}
                for v, n in counts["movement"].items()
                if v in movements
            ),
            "locality": by_count(
                {"value": localities[v].slug, "label": localities[v].name, "count": n}
                for v, n in counts["locality"].items()
                if v in localities
            ),
            "year": sorted(
                ({"value": y, "label": y, "count": n} for y, n in counts["year"].items()),
                key=lambda f: f["value"],
                reverse=True,
            ),
        }


def get_engine():
    """Elasticsearch (with the database as fallback) when ELASTICSEARCH_URL is set."""
    from search.es_engine import engine_for_settings

    return engine_for_settings()
