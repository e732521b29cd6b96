"""Search engines behind one interface: search(query) -> SearchResults.

DatabaseEngine works on SQLite (FTS5) and PostgreSQL (tsvector, 'simple') over text folded in
Python, so both databases match the same things."""

from contextlib import nullcontext
from dataclasses import dataclass, field
from itertools import pairwise

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
    total_is_exact: bool = True  # False: at least `total` (TOTAL_CAP) matches, counting stopped there
    hits: list[Hit] = field(default_factory=list)
    facets: dict = field(default_factory=dict)  # name -> [{"value", "label", "count"}]
    stand_in: bool = False  # the database answered for a failing Elasticsearch: not to be cached


TOTAL_CAP = 10_000  # exact totals up to here; beyond, "hơn 10.000" (Elasticsearch's track_total_hits)


class DatabaseEngine:
    """Two statements per search, whatever the filters (docs/search.md). Raw SQL because the
    match is database-specific and the facet counts are a UNION over materialised sets.

    Counting stops at TOTAL_CAP + 1 matches, as Elasticsearch's `track_total_hits` does: up to
    TOTAL_CAP the total and the facets are exact; beyond it the total is TOTAL_CAP with
    `total_is_exact` False ("hơn 10.000 kết quả"), and each facet counts the matches among those
    TOTAL_CAP + 1 (in the index's order, not the ranking): lower bounds.

    SQLite: the page of hits ranked by bm25 over the FTS5 table (title weighs 4), then the total
    and facets. PostgreSQL: the narrow side table search_searchentry_pg (migrations 0004, 0008);
    first the total, the facets and the ids of the best CANDIDATES (title contains every word,
    then newest) in one pass over the capped matches, answered from the GIN indexes alone
    (phrases by their word pairs); then those candidates ranked with ts_rank (divided by the
    log of the length, so a short article about the words beats a long one mentioning them),
    which reads each candidate's whole tsvector. On both, the words typed side by side rank
    first."""

    name = "database"
    CANDIDATES = 200

    def search(self, query: SearchQuery) -> SearchResults:
        results = SearchResults(engine=self.name, query=query)
        if query.is_empty:
            return results
        pg = connection.vendor == "postgresql"
        tsquery, params = self._tsquery(query) if pg else self._fts_query(query)
        match, match_params = self._pg_match(query) if pg else (None, None)
        # On SQLite no transaction: every one takes the write lock (settings: IMMEDIATE), and
        # searches must not queue behind each other or behind the worker.
        with transaction.atomic() if pg else nullcontext():
            if pg:
                # For a common word the planner prefers a sequential scan that evaluates @@ on
                # every row, unpacking each TOASTed tsvector (~300 ms at 100,000 articles); the
                # GIN bitmap answers exactly without touching them (~20 ms). Only for this search.
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL enable_seqscan = off")
            if pg:
                candidates = max(self.CANDIDATES, query.page * query.page_size)
                total, results.facets, ids = self._counts(
                    query, match, match_params, pg, rank=(tsquery, params, candidates)
                )
                entries = (
                    self._pg_hits(query, tsquery, params, match, match_params, ids, total > TOTAL_CAP) if ids else []
                )
            else:
                entries = self._sqlite_hits(query, tsquery, params)
                total, results.facets, _ = self._counts(query, tsquery, params, pg)
        results.total, results.total_is_exact = min(total, TOTAL_CAP), total <= TOTAL_CAP
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
    def _pairs(words: list[str]) -> str:
        """A tsquery (literal) for the adjacent pairs of a phrase, as migration 0008 indexes them
        in pair_vector: "xoa nha tam" → 'xoa_nha' & 'nha_tam'. Words are [a-z0-9]+ only."""
        return " & ".join(f"'{a}_{b}'" for a, b in pairwise(words))

    @classmethod
    def _pg_match(cls, query: SearchQuery) -> tuple[str, list]:
        """The match as a condition on the side table `v`, answered from its GIN indexes alone
        (no position recheck, no vector unpacked): every word in `vector`, every quoted phrase
        (and an abbreviation's multi-word form) as its adjacent pairs in `pair_vector`. For a
        phrase of three words or more, pairs found apart ("xoa nha" … "nha tam") also match:
        the ranked page re-checks the exact phrase (see _pg_hits), the total does not."""
        plain = [w for w in query.words if not alternatives(w)]
        parts, params = (["v.vector @@ plainto_tsquery('simple', %s)"], [" ".join(plain)]) if plain else ([], [])
        for word in query.words:
            if word not in plain:
                forms, form_params = ["v.vector @@ plainto_tsquery('simple', %s)"], [word]
                for form in alternatives(word):
                    if len(form) == 1:
                        forms.append("v.vector @@ plainto_tsquery('simple', %s)")
                        form_params.append(form[0])
                    else:
                        forms.append("v.pair_vector @@ %s::tsquery")
                        form_params.append(cls._pairs(form))
                parts.append("(" + " OR ".join(forms) + ")")
                params += form_params
        for phrase in query.phrases:
            parts.append("v.pair_vector @@ %s::tsquery")
            params.append(cls._pairs(phrase))
        return " AND ".join(parts), params

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
                # Not `@>`, which the arrays' GIN indexes answer: the planner would take such an
                # index alone and check the words on each of its rows, unpacking the row's
                # out-of-line vector (~70 ms for a movement); the words' GIN bitmap and this
                # check on the row's inline ids take ~10 ms.
                out[name] = (f"%s = ANY({alias}.{name}_ids)", [value])
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

    def _pg_hits(self, query, tsquery, ts_params, match, match_params, ids, capped) -> list[SearchEntry]:
        """Rank the candidates chosen by _counts (title matches first, then newest, among the
        counted matches) with ts_rank. Past the cap those are among the first TOTAL_CAP + 1
        matches in the index's order, not the newest: the newest matches are then added from a
        date window (the btree on published_at ANDed with the GIN match), wide enough to hold
        about twice the candidates when at least TOTAL_CAP + 1 of the articles match."""
        where, params = self._where(self._conditions(query, "v", pg=True), keyword="AND")
        window, window_params = "", []
        if capped:
            with connection.cursor() as cursor:
                cursor.execute("SELECT reltuples FROM pg_class WHERE oid = 'search_searchentry_pg'::regclass")
                size = max(cursor.fetchone()[0], 0)
            newest = int(1.5 * len(ids) * size / (TOTAL_CAP + 1)) + 1
            # OFFSET 0: planned without the ORDER BY, so the match is the GIN bitmap (a backward
            # scan of the date index would unpack every vector it passes).
            window = (
                " UNION (SELECT w.page_id FROM (SELECT v.page_id, v.published_at FROM search_searchentry_pg v "
                f"WHERE {match}{where} AND v.published_at >= COALESCE((SELECT published_at FROM "
                "search_searchentry_pg ORDER BY published_at DESC OFFSET %s LIMIT 1), '-infinity') OFFSET 0) w "
                "ORDER BY w.published_at DESC LIMIT %s)"
            )
            window_params = [*match_params, *params, newest, len(ids)]
        order, order_params = "", []
        if len(query.words) > 1:
            order, order_params = "c.vector @@ phraseto_tsquery('simple', %s) DESC, ", [query.sequence]
        # The match found phrases by their pairs; the page shows only exact phrases.
        exact = " WHERE c.vector @@ q" if query.phrases or any(alternatives(w) for w in query.words) else ""
        sql = (
            f"WITH ids AS (SELECT unnest(%s::bigint[]) AS page_id{window}), "
            f"c AS (SELECT v.page_id, v.published_at, v.vector FROM search_searchentry_pg v, "
            f"(SELECT {tsquery} AS q) tsq WHERE v.page_id = ANY(ARRAY(SELECT page_id FROM ids)) "
            "ORDER BY v.title_vector @@ q DESC, v.published_at DESC LIMIT %s) "
            f"SELECT c.page_id FROM c, (SELECT {tsquery} AS q) tsq{exact} "
            f"ORDER BY {order}ts_rank(c.vector, q, 1) DESC, c.published_at DESC LIMIT %s OFFSET %s"
        )
        return self._entries(
            sql,
            [ids, *window_params, *ts_params, len(ids), *ts_params, *order_params, *self._limits(query)],
        )

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

    def _counts(self, query, match, match_params, pg, rank=None) -> tuple[int, dict, list[int]]:
        """The number of matches (up to TOTAL_CAP + 1) and the facets, in one statement. Each
        facet counts the matches with the other filters applied (so choosing a year still shows
        how many per kind): one materialised set of matches per distinct set of filters, each
        stopping at TOTAL_CAP + 1 rows. With `rank` (PostgreSQL: tsquery, its params, how many),
        also the ids of that many candidates among the counted matches: every word in the title
        first, then newest."""
        if pg:
            base = (
                "SELECT v.page_id, v.kind, v.year, v.movement_ids, v.locality_ids "
                f"FROM search_searchentry_pg v WHERE {match}"
            )
            # unnest() in the select list (a ProjectSet) is ~20% faster than a LATERAL join.
            linked = {
                name: lambda cte, name=name: f"(SELECT unnest(m.{name}_ids) AS {name}_id FROM {cte} m) l"
                for name in ("movement", "locality")
            }
        else:
            base = (
                f"SELECT e.page_id, e.kind, e.year FROM search_searchentry e WHERE e.page_id IN "
                f"(SELECT rowid FROM search_searchentry_fts WHERE search_searchentry_fts MATCH {match})"
            )
            linked = {
                name: lambda cte, name=name: f"{cte} m JOIN search_searchentry{name} l ON l.entry_id = m.page_id"
                for name in ("movement", "locality")
            }
        alias = "v" if pg else "e"
        conditions = self._conditions(query, alias, pg)
        ctes, params = [], []
        if conditions and not pg:
            # SQLite: the FTS5 matches once (each filtered set must see all of them, not the
            # first TOTAL_CAP), every set taken from them in memory. On PostgreSQL reading the
            # matches again from the bitmap is cheaper than scanning a materialised copy.
            ctes.append(f"t AS MATERIALIZED ({base})")
            params += match_params
            alias, match_params = "t", []
            base = "SELECT t.page_id, t.kind, t.year FROM t WHERE 1"
            conditions = self._conditions(query, alias, pg)
        subsets = ["", *conditions]  # "": every filter; a filter's name: every other filter
        for i, skip in enumerate(subsets):
            where, where_params = self._where(conditions, skip=skip, keyword="AND")
            select, select_params = base, []
            if rank and not skip:
                select = base.replace(
                    " FROM ", f", {alias}.published_at, {alias}.title_vector @@ ({rank[0]}) AS in_title FROM ", 1
                )
                select_params = rank[1]
            ctes.append(f"m{i} AS MATERIALIZED ({select}{where} LIMIT {TOTAL_CAP + 1})")
            params += select_params + match_params + where_params
        branches = []
        if rank:
            branches.append(
                "SELECT 'hit', CAST(c.page_id AS TEXT), 0 FROM "
                "(SELECT m.page_id FROM m0 m ORDER BY m.in_title DESC, m.published_at DESC LIMIT %s) c"
            )
            params.append(rank[2])
        for facet, key in [
            ("total", ""),
            ("kind", "m.kind"),
            ("year", "m.year"),
            ("movement", "l.movement_id"),
            ("locality", "l.locality_id"),
        ]:
            cte = f"m{subsets.index(facet)}" if facet in conditions else "m0"
            source = linked[facet](cte) if facet in linked else f"{cte} m"
            # Grouped by the value itself (an integer hashes faster than its text), cast after.
            value, group = ("''", "") if facet == "total" else (f"CAST({key} AS TEXT)", f" GROUP BY {key}")
            branches.append(f"SELECT '{facet}', {value}, COUNT(*) FROM {source}{group}")
        sql = "WITH " + ", ".join(ctes) + " " + " UNION ALL ".join(branches)
        counts = {"total": {}, "kind": {}, "year": {}, "movement": {}, "locality": {}, "hit": {}}
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            for facet, value, n in cursor.fetchall():
                counts[facet][value] = n
        return counts["total"].get("", 0), self._label(counts), [int(i) for i in counts["hit"]]

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
