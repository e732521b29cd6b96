"""Filters and facets agree with the articles themselves, for every combination of filters and
whatever wrote the index: on PostgreSQL each filter value is a lexeme of the side table's
`match_vector` (migration 0009), written by the entry's trigger and swapped by the link tables'
trigger, and a filtered set is one GIN lookup."""

from datetime import datetime
from itertools import combinations

import pytest
from django.utils import timezone

from core.models import Locality
from movements.models import MovementPage
from search.engines import DatabaseEngine
from search.models import SearchEntry, SearchEntryMovement
from search.query import SearchQuery
from tests.factories import make_news, make_story


def loc(slug):
    return Locality.objects.get(slug=slug)


def when(year):
    return timezone.make_aware(datetime(year, 5, 19, 9, 0))


@pytest.fixture
def corpus(db):
    first, second = MovementPage.objects.live().public().order_by("path")[:2]
    pages = [
        make_story("Quxfil ở bản", published_at=when(2023), movements=[first], localities=[loc("lai-chau")]),
        make_story(
            "Quxfil thứ hai",
            exemplar_name="Lò Văn Hai",
            published_at=when(2024),
            movements=[first, second],
            localities=[loc("lai-chau"), loc("kon-tum")],  # Kon Tum: stored as Quảng Ngãi
        ),
        make_news("Quxfil tin", published_at=when(2024), movements=[second], localities=[loc("quang-ngai")]),
        make_news("Quxfil không phong trào", published_at=when(2025)),
        make_story("Quxfil nháp", publish=False, movements=[first], localities=[loc("lai-chau")]),
    ]
    return {"first": first, "second": second, "pages": pages}


def search(**params):
    return DatabaseEngine().search(SearchQuery.from_params({"q": "quxfil", **params}))


def counted(found):
    return {name: {f["value"]: f["count"] for f in values} for name, values in found.facets.items()}


def expected(filters):
    """Total and facets counted here from the index's rows: each facet with the other filters."""

    def matching(skip=""):
        entries = SearchEntry.objects.filter(title__startswith="Quxfil")
        active = {k: v for k, v in filters.items() if k != skip}
        if "kind" in active:
            entries = entries.filter(kind=active["kind"])
        if "year" in active:
            entries = entries.filter(year=int(active["year"]))
        if "movement" in active:
            entries = entries.filter(movements__movement__slug=active["movement"])
        if "locality" in active:
            locality = loc(active["locality"])
            entries = entries.filter(localities__locality_id=locality.successor_id or locality.pk)
        return list(entries.distinct())

    def tally(values):
        out = {}
        for value in values:
            out[value] = out.get(value, 0) + 1
        return out

    slugs = {m.pk: m.slug for m in MovementPage.objects.all()}
    return len(matching()), {
        "kind": tally(e.kind for e in matching("kind")),
        "year": tally(str(e.year) for e in matching("year")),
        "movement": tally(slugs[m.movement_id] for e in matching("movement") for m in e.movements.all()),
        "locality": tally(loc.locality.slug for e in matching("locality") for loc in e.localities.all()),
    }


def test_every_combination_of_filters_counts_what_the_rows_hold(corpus):
    values = {"kind": "story", "year": "2024", "movement": corpus["first"].slug, "locality": "lai-chau"}
    for n in range(len(values) + 1):
        for names in combinations(values, n):
            filters = {name: values[name] for name in names}
            found = search(**filters)
            total, facets = expected(filters)
            assert (found.total, counted(found)) == (total, facets), filters
            assert len(found.hits) == total, filters
    # A historic locality finds what is stored under its successor.
    found = search(locality="kon-tum")
    assert {hit.entry.title for hit in found.hits} == {"Quxfil thứ hai", "Quxfil tin"}
    assert counted(search(kind="news", year="2025"))["kind"] == {"news": 1}


def test_filters_follow_changes_to_the_links(corpus):
    first, second = corpus["first"], corpus["second"]
    story = corpus["pages"][0]
    # An editor's change, through index_page (link rows rewritten with the entry).
    story.movements.set([second])
    story.save_revision().publish()
    assert "Quxfil ở bản" in {h.entry.title for h in search(movement=second.slug).hits}
    assert "Quxfil ở bản" not in {h.entry.title for h in search(movement=first.slug).hits}
    # A link row written or removed on its own (the link tables' trigger on PostgreSQL).
    SearchEntryMovement.objects.filter(entry_id=story.pk).delete()
    assert "Quxfil ở bản" not in {h.entry.title for h in search(movement=second.slug).hits}
    SearchEntryMovement.objects.create(entry_id=story.pk, movement_id=first.pk)
    found = search(movement=first.slug, year="2023")
    assert [h.entry.title for h in found.hits] == ["Quxfil ở bản"]
    assert (found.total, counted(found)) == (1, expected({"movement": first.slug, "year": "2023"})[1])
    # Unpublished: gone from results and from every count.
    story.unpublish()
    found = search(movement=first.slug)
    assert "Quxfil ở bản" not in {h.entry.title for h in found.hits}
    assert counted(search())["year"].get("2023", 0) == 0
