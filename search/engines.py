"""Search engines behind one interface: search(query) -> SearchResults.

DatabaseEngine works on SQLite (FTS5) and PostgreSQL (tsvector, 'simple') over text folded in
Python, so both databases match the same things."""

from dataclasses import dataclass, field
from itertools import pairwise

from django.db import connection
from django.db.models.expressions import Col
from wagtail.models import Page, Site

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
LABELS = {"movement": (Page, "title"), "locality": (Locality, "name")}  # facet -> (model, label column)


class DatabaseEngine:
    """Two statements per search, whatever the filters (docs/search.md). Raw SQL because the
    match is database-specific and the facet counts are a UNION over materialised sets.

    Counting stops at TOTAL_CAP + 1 matches, as Elasticsearch's `track_total_hits` does: up to
    TOTAL_CAP the total and the facets are exact; beyond it the total is TOTAL_CAP with
    `total_is_exact` False ("hơn 10.000 kết quả"), and each facet counts the matches among those
    TOTAL_CAP + 1 (in the index's order, not the ranking): lower bounds.

    SQLite: the page of hits ranked by bm25 over the FTS5 table (title weighs 4), then the total
    and facets. PostgreSQL: the narrow side table search_searchentry_pg (migrations 0004, 0008,
    0009); first the total, the facets and the ids of the best CANDIDATES (title contains every
    word, then newest) in one pass over each capped set of matches, each set one lookup in the
    GIN index of `match_vector` (words, phrases by their word pairs, filters as lexemes); then
    those candidates ranked with ts_rank (divided by the log of the length, so a short article
    about the words beats a long one mentioning them), which reads each candidate's whole
    tsvector. On both, the words typed side by side rank first."""

    name = "database"
    CANDIDATES = 200

    def search(self, query: SearchQuery) -> SearchResults:
        results = SearchResults(engine=self.name, query=query)
        if query.is_empty:
            return results
        pg = connection.vendor == "postgresql"
        tsquery, params = self._tsquery(query) if pg else self._fts_query(query)
        # No transaction: on SQLite every one takes the write lock (settings: IMMEDIATE), and
        # searches must not queue behind each other or behind the worker; on PostgreSQL each
        # statement carries its own setting (_rows).
        if pg:
            candidates = max(self.CANDIDATES, query.page * query.page_size)
            total, results.facets, ids = self._counts(query, None, [], pg, rank=(tsquery, params, candidates))
            entries = self._pg_hits(query, tsquery, params, ids, total > TOTAL_CAP) if ids else []
        else:
            entries = self._sqlite_hits(query, tsquery, params)
            total, results.facets, _ = self._counts(query, tsquery, params, pg)
        results.total, results.total_is_exact = min(total, TOTAL_CAP), total <= TOTAL_CAP
        words = query.words
        root_paths = Site.get_site_root_paths()  # once per search, not once per hit
        results.hits = [
            Hit(
                entry=e,
                url=self._url(e, root_paths),
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
    def _pg_match(cls, query: SearchQuery, skip: str = "", months: tuple[str, list] = ("", [])) -> tuple[str, list]:
        """The match as one tsquery on the side table `v`'s `match_vector` (migration 0009),
        answered from its GIN index alone (no position recheck, no vector unpacked): every word,
        every quoted phrase (and an abbreviation's multi-word form) as its adjacent pairs, and
        every active filter but `skip` as its lexeme (`k=story`, `y=2024`, `m=<id>`, `l=<id>`),
        so that a filtered set is one GIN lookup that visits only the rows it counts. For a
        phrase of three words or more, pairs found apart ("xoa nha" … "nha tam") also match:
        the ranked page re-checks the exact phrase (see _pg_hits), the total does not. A word of a
        quoted phrase is left to the phrase's pairs, which hold it: one posting list fewer to
        intersect per word ('nong_thon' & 'thon_moi', not also 'nong' & 'thon' & 'moi')."""
        in_phrases = {word for phrase in query.phrases for word in phrase}
        words = [w for w in query.words if w not in in_phrases]
        plain = [w for w in words if not alternatives(w)]
        parts, params = (["plainto_tsquery('simple', %s)"], [" ".join(plain)]) if plain else ([], [])
        for word in words:
            if word not in plain:
                forms, form_params = ["plainto_tsquery('simple', %s)"], [word]
                for form in alternatives(word):
                    if len(form) == 1:
                        forms.append("plainto_tsquery('simple', %s)")
                        form_params.append(form[0])
                    else:
                        forms.append("%s::tsquery")
                        form_params.append(cls._pairs(form))
                parts.append("(" + " || ".join(forms) + ")")
                params += form_params
        pairs = [cls._pairs(phrase) for phrase in query.phrases]
        lexemes = [f"'{lexeme}'" for name, lexeme in cls._filter_lexemes(query).items() if name != skip]
        if months[0]:  # a tsquery of `d=` lexemes (SQL, parameters), see _pg_hits
            parts.append(months[0])
            params += months[1]
        if pairs or lexemes:
            parts.append("%s::tsquery")
            params.append(" & ".join(pairs + lexemes))
        return "v.match_vector @@ (" + " && ".join(parts) + ")", params

    @staticmethod
    def _filter_lexemes(query: SearchQuery) -> dict[str, str]:
        """Each active filter as the lexeme migration 0009 puts in `match_vector`."""
        out = {}
        if query.kind:
            out["kind"] = "k=" + "".join(ch for ch in query.kind if ch.isalnum() or ch in "_-")
        if query.year:
            out["year"] = f"y={int(query.year)}"
        if query.movement is not None:
            out["movement"] = f"m={int(query.movement.pk)}"
        if query.locality is not None:
            out["locality"] = f"l={int(query.locality.successor_id or query.locality.pk)}"
        return out

    @staticmethod
    def _conditions(query: SearchQuery, alias: str) -> dict[str, tuple[str, list]]:
        """SQLite: an SQL condition per active filter, on a row `alias` with page_id, kind and
        year. (PostgreSQL has the filters in the match: _pg_match.)"""
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
        where, params = self._where(self._conditions(query, "e"))
        # Phrase boost: the words side by side, in the order typed, come first (a name such as
        # "Đinh Văn Hoà" beats the three words scattered over a long article).
        order, order_params = "", []
        if len(query.words) > 1:
            order = (
                "m.page_id IN (SELECT rowid FROM search_searchentry_fts "
                "WHERE search_searchentry_fts MATCH '\"' || %s || '\"') DESC, "
            )
            order_params = [query.sequence]
        matches = (
            "FROM (SELECT rowid AS page_id, -bm25(search_searchentry_fts, 4.0, 1.0) AS rank "
            f"FROM search_searchentry_fts WHERE search_searchentry_fts MATCH {match}) m "
            f"JOIN search_searchentry e ON e.page_id = m.page_id{where}"
        )
        params = match_params + params
        # Then the words typed that stand as words of their own ("tốt" of "người tốt", not of
        # "tốt nghiệp"): _whole_words, among the best CANDIDATES by the rest of the order, as on
        # PostgreSQL (for every match it cost 30-60 ms at 20,000 articles for common words).
        whole, whole_params = self._whole_words(query, "w")
        if not whole:
            sql = f"SELECT e.page_id {matches} ORDER BY {order}m.rank DESC, e.published_at DESC LIMIT %s OFFSET %s"
            return self._entries(sql, params + order_params + self._limits(query))
        together = order.removesuffix(" DESC, ") if order else "0"
        sql = (
            f"SELECT c.page_id FROM (SELECT e.page_id, e.published_at, m.rank, {together} AS together {matches} "
            f"ORDER BY together DESC, m.rank DESC, e.published_at DESC LIMIT %s) c "
            "JOIN search_searchentry w ON w.page_id = c.page_id "
            f"ORDER BY c.together DESC, {whole}c.rank DESC, c.published_at DESC LIMIT %s OFFSET %s"
        )
        candidates = max(self.CANDIDATES, query.page * query.page_size)
        return self._entries(sql, order_params + params + [candidates] + whole_params + self._limits(query))

    @staticmethod
    def _whole_words(query, alias) -> tuple[str, list]:
        """An ORDER BY term (with its comma, or "" if none) for how many of the words typed as
        words of their own stand as words of their own in the entry `alias` (its whole_words,
        search.words: folded syllables not inside a compound of the word list), so that "tốt"
        ranks an article about a "người tốt" above one where "tốt" is only in "tốt nghiệp". A
        syllable typed inside a compound ("biên giới") is left to the phrase boost and the rank.
        LIKE on the whole_words of the candidates only (200 on SQLite: 0.7 ms per word; an FTS5
        table of the whole words took 7 ms per common word to list its entries). Words are
        [a-z0-9]+ (search.query), so no escaping."""
        from search.words import standalone

        typed = dict.fromkeys(standalone(query.sequence.split()))
        if not typed:
            return "", []
        term = f"(CASE WHEN ' ' || {alias}.whole_words || ' ' LIKE %s THEN 1 ELSE 0 END)"
        params = [f"% {word} %" for word in typed]
        return "(" + " + ".join([term] * len(typed)) + ") DESC, ", params

    def _pg_hits(self, query, tsquery, ts_params, ids, capped) -> list[SearchEntry]:
        """Rank the candidates chosen by _counts (title matches first, then newest, among the
        counted matches) with ts_rank. Past the cap those are among the first TOTAL_CAP + 1
        matches in the index's order, not the newest: the newest matches are then added from a
        date window (the btree on published_at ANDed with the GIN match), wide enough to hold
        about twice the candidates when at least TOTAL_CAP + 1 of the articles match."""
        window, window_params = "", []
        if capped:
            # The window starts at the date of the `newest`-th newest article (the btree, backward),
            # `newest` from the table's size (pg_class.reltuples, kept by ANALYZE). Its months are
            # ANDed into the GIN lookup (the `d=` lexemes of migration 0009), so the index returns
            # only the window's matches instead of every match for the date to be checked on the
            # row (15 ms for `thi đua` at 100,000 articles). OFFSET 0: planned without the ORDER
            # BY, so the match is the GIN bitmap (a backward scan of the date index would check
            # the words on every row it passes).
            since = (
                "COALESCE((SELECT published_at FROM search_searchentry_pg ORDER BY published_at DESC OFFSET "
                "(SELECT (%s * GREATEST(reltuples, 0) / %s)::bigint FROM pg_class "
                "WHERE oid = 'search_searchentry_pg'::regclass) LIMIT 1), '-infinity')"
            )
            months = (
                f"search_months(GREATEST({since}, (SELECT min(published_at) FROM search_searchentry_pg)), "
                "(SELECT max(published_at) FROM search_searchentry_pg))"
            )
            size = [1.5 * len(ids), TOTAL_CAP + 1]
            recent, recent_params = self._pg_match(query, months=(months, size))
            window = (
                " UNION (SELECT w.page_id FROM (SELECT v.page_id, v.published_at FROM search_searchentry_pg v "
                f"WHERE {recent} AND v.published_at >= {since} OFFSET 0) w "
                "ORDER BY w.published_at DESC LIMIT %s)"
            )
            window_params = [*recent_params, *size, len(ids)]
        order, order_params = "", []
        if len(query.words) > 1:
            order, order_params = "c.vector @@ phraseto_tsquery('simple', %s) DESC, ", [query.sequence]
        # Then the words typed that stand as words of their own (search_searchentry's whole_words).
        whole, whole_params = self._whole_words(query, "e")
        join = " JOIN search_searchentry e ON e.page_id = c.page_id" if whole else ""
        # The match found phrases by their pairs; the page shows only exact phrases.
        exact = " WHERE c.vector @@ q" if query.phrases or any(alternatives(w) for w in query.words) else ""
        sql = (
            f"WITH ids AS (SELECT unnest(%s::bigint[]) AS page_id{window}), "
            f"c AS (SELECT v.page_id, v.published_at, v.vector FROM search_searchentry_pg v, "
            f"(SELECT {tsquery} AS q) tsq WHERE v.page_id = ANY(ARRAY(SELECT page_id FROM ids)) "
            "ORDER BY v.title_vector @@ q DESC, v.published_at DESC LIMIT %s) "
            f"SELECT c.page_id FROM c{join}, (SELECT {tsquery} AS q) tsq{exact} "
            f"ORDER BY {order}{whole}ts_rank(c.vector, q, 1) DESC, c.published_at DESC LIMIT %s OFFSET %s"
        )
        return self._entries(
            sql,
            [
                ids,
                *window_params,
                *ts_params,
                len(ids),
                *ts_params,
                *order_params,
                *whole_params,
                *self._limits(query),
            ],
        )

    @staticmethod
    def _limits(query) -> list[int]:
        return [query.page_size, (query.page - 1) * query.page_size]

    # The entry's fields a hit shows; the folded texts are the index's, not the page's: deferred.
    HIT_FIELDS = ("page_id", "kind", "title", "lead", "body", "published_at", "year")

    @classmethod
    def _entries(cls, sql, params) -> list[SearchEntry]:
        """The entries of the page ids `sql` returns, in its order, read in the same statement,
        with each page's url_path (for its URL without a query per page, _url)."""
        fields = [f.attname for f in SearchEntry._meta.concrete_fields if f.attname in cls.HIT_FIELDS]
        rows = cls._rows(
            f"SELECT {', '.join('e.' + name for name in fields)}, p.url_path FROM "
            f"(SELECT h.page_id, row_number() OVER () AS n FROM ({sql}) h) r "
            f"JOIN search_searchentry e ON e.page_id = r.page_id JOIN {Page._meta.db_table} p ON p.id = r.page_id "
            "ORDER BY r.n",
            params,
        )
        # The database's values as the ORM would give them (SQLite's dates as aware datetimes).
        columns = [Col("e", SearchEntry._meta.get_field(name)) for name in fields]
        converters = [
            (i, col, connection.ops.get_db_converters(col) + col.get_db_converters(connection))
            for i, col in enumerate(columns)
        ]
        entries = []
        for *values, url_path in rows:
            for i, col, functions in converters:
                for convert in functions:
                    values[i] = convert(values[i], col, connection)
            entry = SearchEntry.from_db(connection.alias, fields, values)
            entry.url_path = url_path
            entries.append(entry)
        return entries

    @staticmethod
    def _url(entry, root_paths) -> str:
        """The page's URL from its url_path, as Wagtail makes it (Page.get_url), with the sites'
        root paths read once per search instead of once per page."""
        page = Page.from_db(connection.alias, ["id", "url_path"], [entry.page_id, entry.url_path])
        page._wagtail_cached_site_root_paths = root_paths  # Wagtail's own per-object cache of them
        return page.get_url() or ""

    @staticmethod
    def _rows(sql, params) -> list[tuple]:
        """The rows of one statement. On PostgreSQL with sequential scans off, in the same round
        trip: for a common word the planner prefers a sequential scan that evaluates @@ on every
        row, unpacking each TOASTed tsvector (~300 ms at 100,000 articles), where the GIN bitmap
        answers exactly without touching them. `SET LOCAL` and the statement are one query
        string, so one implicit transaction: the setting ends with the statement (this needs
        Django's default client-side binding cursors, which send such a string as it is)."""
        with connection.cursor() as cursor:
            if connection.vendor != "postgresql":
                cursor.execute(sql, params)
                return cursor.fetchall()
            cursor.execute("SET LOCAL enable_seqscan = off; " + sql, params)
            cursor.cursor.nextset()
            return cursor.fetchall()

    def _counts(self, query, match, match_params, pg, rank=None) -> tuple[int, dict, list[int]]:
        """The number of matches (up to TOTAL_CAP + 1) and the facets, in one statement. Each
        facet counts the matches with the other filters applied (so choosing a year still shows
        how many per kind): one materialised set of matches per distinct set of filters, each
        stopping at TOTAL_CAP + 1 rows. With `rank` (PostgreSQL: tsquery, its params, how many),
        also the ids of that many candidates among the counted matches: every word in the title
        first, then newest."""
        if not pg:
            base = (
                f"SELECT e.page_id, e.kind, e.year FROM search_searchentry e WHERE e.page_id IN "
                f"(SELECT rowid FROM search_searchentry_fts WHERE search_searchentry_fts MATCH {match})"
            )
            linked = {
                name: lambda cte, name=name: f"{cte} m JOIN search_searchentry{name} l ON l.entry_id = m.page_id"
                for name in ("movement", "locality")
            }
        names = list(self._filter_lexemes(query)) if pg else list(self._conditions(query, "e"))
        ctes, params = [], []
        if names and not pg:
            # SQLite: the FTS5 matches once (each filtered set must see all of them, not the
            # first TOTAL_CAP), every set taken from them in memory.
            ctes.append(f"t AS MATERIALIZED ({base})")
            params += match_params
            base, match_params = "SELECT t.page_id, t.kind, t.year FROM t WHERE 1", []
        conditions = {} if pg else self._conditions(query, "t" if names else "e")
        subsets = ["", *names]  # "": every filter; a filter's name: every other filter
        # Which set each facet is counted over, and so what each set must hold.
        uses = {}
        for facet in ("kind", "year", "movement", "locality"):
            uses.setdefault(subsets.index(facet) if facet in subsets else 0, []).append(facet)
        for i, skip in enumerate(subsets):
            scalars = [f for f in uses.get(i, []) if f in ("kind", "year")]
            if pg:
                columns = ["v.page_id", *(f"v.{f}" for f in scalars)]
                columns += [f"v.{f}_ids" for f in uses.get(i, []) if f not in scalars]
                extra_params = []
                if rank and not skip:
                    columns += ["v.published_at", f"v.title_vector @@ ({rank[0]}) AS in_title"]
                    extra_params = rank[1]
                # Each set is one GIN lookup of the words and its filters' lexemes (_pg_match).
                where, where_params = self._pg_match(query, skip=skip)
                select = f"SELECT {', '.join(columns)} FROM search_searchentry_pg v WHERE {where}"
                params += extra_params + where_params
            else:
                where, where_params = self._where(conditions, skip=skip, keyword="AND")
                select = base + where
                params += match_params + where_params
            # Materialised when read more than once (m0: the candidates, the total and facets).
            several = i == 0 or len(uses.get(i, [])) - len(scalars) + bool(scalars) > 1
            ctes.append(f"m{i} AS {'MATERIALIZED ' if several else ''}({select} LIMIT {TOTAL_CAP + 1})")
        branches = []
        if rank:
            branches.append(
                "SELECT 'hit', CAST(c.page_id AS TEXT), 0, NULL, NULL FROM "
                "(SELECT m.page_id FROM m0 m ORDER BY m.in_title DESC, m.published_at DESC LIMIT %s) c"
            )
            params.append(rank[2])
        for i, facets in uses.items():
            # Kind and year grouped together (one pass; the total is their sum on m0), each id
            # array grouped as it is first (one hash of the array per row, not one per element
            # after unnest), then the few distinct arrays split into ids. Grouped by the values,
            # cast to text after.
            scalars = [f for f in facets if f in ("kind", "year")]
            if scalars:
                value = " || ' ' || ".join(f"CAST(m.{f} AS TEXT)" for f in scalars)
                group = ", ".join(f"m.{f}" for f in scalars)
                branches.append(
                    f"SELECT '{i}:{','.join(scalars)}', {value}, COUNT(*), NULL, NULL FROM m{i} m GROUP BY {group}"
                )
            for facet in facets:
                if facet in scalars:
                    continue
                if pg:
                    counted = (
                        f"SELECT u.id, CAST(SUM(g.n) AS BIGINT) AS n FROM (SELECT m.{facet}_ids AS ids, COUNT(*) AS n "
                        f"FROM m{i} m GROUP BY m.{facet}_ids) g, unnest(g.ids) u(id) GROUP BY u.id"
                    )
                else:
                    counted = (
                        f"SELECT l.{facet}_id AS id, COUNT(*) AS n FROM {linked[facet](f'm{i}')} GROUP BY l.{facet}_id"
                    )
                # The facet's names with its counts: a value whose page or place is gone is dropped.
                table, label = LABELS[facet]
                branches.append(
                    f"SELECT '{facet}', CAST(f.id AS TEXT), f.n, t.slug, t.{label} FROM ({counted}) f "
                    f"JOIN {table._meta.db_table} t ON t.id = f.id"
                )
        if not [f for f in uses.get(0, []) if f in ("kind", "year")]:
            branches.append("SELECT 'total', '', COUNT(*), NULL, NULL FROM m0 m")
        sql = "WITH " + ", ".join(ctes) + " " + " UNION ALL ".join(branches)
        counts = {"kind": {}, "year": {}, "movement": {}, "locality": {}}
        names = {}  # (facet, id) -> (slug, label)
        total, hits = 0, []
        for tag, value, n, slug, label in self._rows(sql, params):
            if tag == "hit":
                hits.append(int(value))
            elif tag == "total":
                total = n
            elif ":" in tag:  # '0:kind,year' → 'story 2024'
                cte, facets = tag.split(":")
                total += n if cte == "0" else 0
                for facet, key in zip(facets.split(","), value.split(" "), strict=True):
                    counts[facet][key] = counts[facet].get(key, 0) + n
            else:
                counts[tag][value] = n
                names[tag, value] = (slug, label)
        return total, self._label(counts, names), hits

    @staticmethod
    def _label(counts, names) -> dict:
        labels = {k.key: k.label for k in all_kinds()}

        def by_count(items):
            return sorted(items, key=lambda f: (-f["count"], f["label"]))

        def named(facet):
            return by_count(
                {"value": names[facet, v][0], "label": names[facet, v][1], "count": n} for v, n in counts[facet].items()
            )

        return {
            "kind": [{"value": k, "label": labels.get(k, k), "count": n} for k, n in counts["kind"].items()],
            "movement": named("movement"),
            "locality": named("locality"),
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
