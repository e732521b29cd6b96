"""Counting stops at TOTAL_CAP + 1 matches (Elasticsearch's track_total_hits): exact totals and
facets up to the cap, "hơn …" beyond it. The cap is lowered to 2 so that three articles pass it."""

import pytest

from search import engines
from search.query import SearchQuery
from tests.factories import make_news, make_story


@pytest.fixture
def three(db):
    return [
        make_story(title="Người tốt ở bản Quxcap", lead="Chuyện thứ nhất."),
        make_story(title="Người tốt xóm chài Quxcap", lead="Chuyện thứ hai."),
        make_news(title="Quxcap: người tốt được khen thưởng", lead="Tin thứ ba."),
    ]


def search(**params):
    return engines.DatabaseEngine().search(SearchQuery.from_params(params))


def test_totals_are_exact_up_to_the_cap(three, monkeypatch):
    monkeypatch.setattr(engines, "TOTAL_CAP", 3)
    found = search(q="quxcap")
    assert (found.total, found.total_is_exact) == (3, True)
    assert {f["value"]: f["count"] for f in found.facets["kind"]} == {"story": 2, "news": 1}


def test_beyond_the_cap_the_total_is_a_lower_bound(three, monkeypatch, client):
    monkeypatch.setattr(engines, "TOTAL_CAP", 2)
    found = search(q="quxcap")
    assert (found.total, found.total_is_exact) == (2, False)
    assert sum(f["count"] for f in found.facets["kind"]) == 3  # counted among the first cap + 1
    assert len(found.hits) == 3  # the ranked page is not capped
    # A filter below the cap is exact again, and its facets still count the other kinds.
    found = search(q="quxcap", kind="news")
    assert (found.total, found.total_is_exact) == (1, True)
    assert "hơn 2 kết quả" in client.get("/search/", {"q": "quxcap"}).content.decode()
    assert client.get("/api/search/", {"q": "quxcap"}).json()["total"] == 2  # an integer, as DESIGN.md says
