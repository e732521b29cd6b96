"""Editors' insight: what readers search for (counted per day, nothing about who searched), the
admin report, and the editors' promoted results on /search/."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.test import override_settings
from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query, SearchPromotion

from search import insights
from search.models import SearchQueryStat
from tests.factories import make_story

REPORT = "/admin/tim-kiem-ban-doc/"


@pytest.fixture
def editor_client(client, db):
    user = get_user_model().objects.create_superuser("bientap", "bt@example.com", "x")
    client.force_login(user)
    return client


def test_same_query_twice_is_one_row_counted_twice(client, db):
    client.get("/search/", {"q": "hiến máu"})
    client.get("/api/search/", {"q": "hiến máu"})
    assert not SearchQueryStat.objects.exists()  # counted in memory: no write in the request
    assert insights.flush() == 2
    row = SearchQueryStat.objects.get()
    assert (row.day, row.query, row.searches) == (timezone.localdate(), "hien mau", 2)
    assert row.last_result_count > 0


def test_different_accents_case_and_forms_fold_to_one_row(client, db):
    for q in ["Hoà bình", "hòa bình", "HOA BINH", "  hoa   binh "]:
        client.get("/search/", {"q": q})
    insights.flush()
    assert list(SearchQueryStat.objects.values_list("query", "searches")) == [("hoa binh", 4)]


def test_empty_queries_later_pages_bad_requests_and_autocomplete_are_not_recorded(client, db):
    client.get("/search/", {"q": ""})
    client.get("/search/", {"q": "   "})
    client.get("/search/")
    client.get("/api/search/", {"q": "thi dua", "page": "2"})
    client.get("/api/search/", {"q": "thi dua", "kind": "blog"})  # 400
    client.get("/api/search/autocomplete/", {"q": "thi dua"})
    assert insights.flush() == 0
    assert not SearchQueryStat.objects.exists()


def test_nothing_about_the_reader_is_stored(client, db):
    fields = {f.name for f in SearchQueryStat._meta.get_fields()}
    assert fields == {"id", "day", "query", "searches", "last_result_count"}
    assert not fields & {"ip", "ip_address", "user_agent", "user", "session", "referer"}
    client.get("/search/", {"q": "hiến máu"}, REMOTE_ADDR="203.0.113.9", HTTP_USER_AGENT="Zalo/1.0")
    insights.flush()
    row = SearchQueryStat.objects.values().get()
    assert "203.0.113.9" not in str(row) and "Zalo" not in str(row)


def test_long_queries_are_truncated_to_200(client, db):
    client.get("/search/", {"q": "thi đua " * 100})
    insights.flush()
    assert len(SearchQueryStat.objects.get().query) <= 200


def test_old_rows_are_deleted_when_recording(client, db):
    today = timezone.localdate()
    SearchQueryStat.objects.create(day=today - timedelta(days=400), query="cu", searches=3)
    SearchQueryStat.objects.create(day=today - timedelta(days=20), query="moi", searches=3)
    with override_settings(SEARCH_STATS_DAYS=30):
        client.get("/search/", {"q": "thi dua"})
        insights.flush()
    assert set(SearchQueryStat.objects.values_list("query", flat=True)) == {"moi", "thi dua"}


def test_zero_result_queries_are_listed(client, db):
    client.get("/search/", {"q": "qwxzy không có"})
    client.get("/search/", {"q": "qwxzy khong co"})
    client.get("/search/", {"q": "hiến máu"})
    insights.flush()
    empty = insights.without_results()
    assert [(r["query"], r["total"], r["results"]) for r in empty] == [("qwxzy khong co", 2, 0)]
    top = insights.most_searched()
    assert top[0]["query"] == "qwxzy khong co" and {r["query"] for r in top} == {"qwxzy khong co", "hien mau"}


def test_report_older_than_30_days_is_left_out(db):
    SearchQueryStat.objects.create(day=timezone.localdate() - timedelta(days=45), query="xua", searches=9)
    assert insights.most_searched() == [] and insights.without_results() == []


def test_admin_report_renders_for_an_editor(editor_client):
    editor_client.get("/search/", {"q": "qwxzy không có"})
    editor_client.get("/search/", {"q": "hiến máu"})
    insights.flush()
    response = editor_client.get(REPORT)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Tìm kiếm của bạn đọc" in html and "Tìm mà không thấy kết quả" in html
    assert "qwxzy khong co" in html and "hien mau" in html
    assert "/search/?q=qwxzy%20khong%20co" in html
    assert "/admin/tim-kiem-ban-doc/goi-y/?q=qwxzy%20khong%20co" in html
    home = editor_client.get("/admin/").content.decode()
    assert "search-insights" in home and REPORT in home  # in the Reports menu


def test_admin_report_is_refused_to_anonymous_readers(client, db):
    response = client.get(REPORT)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    response = client.get("/admin/tim-kiem-ban-doc/goi-y/", {"q": "x"})
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert not Query.objects.exists()


def test_promote_link_opens_the_promotion_of_that_query(editor_client):
    response = editor_client.get("/admin/tim-kiem-ban-doc/goi-y/", {"q": "qwxzy khong co"})
    query = Query.objects.get(query_string="qwxzy khong co")
    assert response.status_code == 302 and response["Location"].endswith(f"/admin/searchpicks/{query.pk}/")
    assert editor_client.get(response["Location"]).status_code == 200


def _promote(query_string, page, order=0):
    return SearchPromotion.objects.create(
        query=Query.get(query_string), page=page, sort_order=order, description="Bài nên đọc trước."
    )


def test_promoted_pages_show_above_results_on_the_search_page(client, db):
    promoted = make_story(title="Câu chuyện Quyvơ được biên tập viên chọn")
    _promote("Hiến Máu", promoted)  # editors type with accents; readers without
    html = client.get("/search/", {"q": "hien mau"}).content.decode()
    assert "Gợi ý của biên tập viên" in html and promoted.title in html
    assert html.index("Gợi ý của biên tập viên") < html.index("kết quả cho")
    assert "Bài nên đọc trước." in html
    # even when the search itself finds nothing
    _promote("qwxzy", promoted)
    html = client.get("/search/", {"q": "qwxzy"}).content.decode()
    assert promoted.title in html and "Không tìm thấy bài nào" in html


def test_promoted_drafts_and_unpublished_pages_do_not_show(client, db):
    draft = make_story(title="Bản nháp Quyvơ được chọn nhầm", publish=False)
    withdrawn = make_story(title="Bài Quyvơ đã gỡ")
    _promote("hien mau", draft)
    _promote("hien mau", withdrawn, 1)
    withdrawn.unpublish()
    html = client.get("/search/", {"q": "hiến máu"}).content.decode()
    assert draft.title not in html and withdrawn.title not in html
    assert "Gợi ý của biên tập viên" not in html


def test_api_shape_is_unchanged_by_promotions(client, db):
    _promote("hien mau", make_story(title="Câu chuyện Quyvơ được chọn"))
    data = client.get("/api/search/", {"q": "hien mau"}).json()
    assert set(data) == {"query", "engine", "total", "page", "page_size", "results", "facets"}
