"""Search answers cached like pages (search.answers): a repeated query is answered without
searching again, a publish or an unpublish changes the answer at once, the editors' promoted
results too, and every search is still counted in the statistics."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.contrib.search_promotions.models import Query, SearchPromotion

from search import insights
from search.models import SearchQueryStat
from tests.factories import make_story


def queries_for(client, url, params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200
    return response, len(queries)


@pytest.mark.parametrize("url", ["/search/", "/api/search/"])
def test_a_repeated_query_is_answered_from_the_cache_and_still_counted(client, db, url):
    first, searched = queries_for(client, url, {"q": "hiến máu"})
    again, cached = queries_for(client, url, {"q": "hiến máu"})
    assert again.content == first.content
    assert searched >= 3 and cached <= 1  # at most the content version's check
    other, _ = queries_for(client, url, {"q": "hiến máu", "page": "2"})  # another page: its own answer
    assert other.content != first.content
    insights.flush()
    assert SearchQueryStat.objects.get().searches == 2  # the cached answer counted too (page 2 never is)


def test_a_publish_and_an_unpublish_change_the_answer_at_once(client, db):
    params = {"q": "Quyvơ"}
    assert "Không tìm thấy bài nào" in client.get("/search/", params).content.decode()
    story = make_story(title="Người thầy Quyvơ giữ lửa trên cao nguyên")
    assert story.url in client.get("/search/", params).content.decode()
    assert client.get("/api/search/", params).json()["total"] == 1
    story.unpublish()
    assert story.url not in client.get("/search/", params).content.decode()
    assert client.get("/api/search/", params).json()["total"] == 0


def test_a_new_promoted_result_shows_at_once(client, db):
    promoted = make_story(title="Câu chuyện Quyvơ được chọn")
    before = client.get("/search/", {"q": "hien mau"}).content.decode()
    assert "Gợi ý của biên tập viên" not in before
    SearchPromotion.objects.create(query=Query.get("hien mau"), page=promoted, sort_order=0)
    assert "Gợi ý của biên tập viên" in client.get("/search/", {"q": "hien mau"}).content.decode()


def test_editors_signed_in_get_a_fresh_answer(admin_client, db):
    queries_for(admin_client, "/search/", {"q": "hiến máu"})
    _, again = queries_for(admin_client, "/search/", {"q": "hiến máu"})
    assert again >= 3
