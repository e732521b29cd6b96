"""Vietnamese search on the database engine (SQLite here, PostgreSQL with DATABASE_URL),
through the JSON API as a client would call it."""

import unicodedata

import pytest

from exemplars.models import StoryPage
from search.models import SearchEntry
from tests.factories import make_news, make_story


@pytest.fixture
def stories(db):
    return {
        "nguoi_tot": make_story(title="Người tốt, việc tốt ở xã biên giới", lead="Chuyện về anh Đinh Văn Hoà."),
        "dien_hinh": make_story(title="Gương điển hình tiên tiến trong lao động", lead="Thợ hàn Đắk Lắk."),
        "hoa_old": make_story(title="Hòa bình trên bản làng", lead="Thủy lợi về tới bản."),
        "draft": make_story(title="Người tốt bản nháp chưa duyệt", publish=False),
    }


def api(client, **params):
    response = client.get("/api/search/", params)
    return response.status_code, response.json()


def titles(data):
    return [r["title"] for r in data["results"]]


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("nguoi tot viec tot", "nguoi_tot"),  # without diacritics
        ("NGƯỜI TỐT", "nguoi_tot"),  # any case
        (unicodedata.normalize("NFD", "người tốt việc tốt"), "nguoi_tot"),  # decomposed input
        ("dien hinh", "dien_hinh"),  # đ typed as d
        ("điển hình", "dien_hinh"),
        ("hoà bình", "hoa_old"),  # new-style tone placement finds old-style text
        ("thuỷ lợi", "hoa_old"),
        ("đinh văn hòa", "nguoi_tot"),  # and the other way round
    ],
)
def test_vietnamese_queries_find_the_article(client, stories, typed, expected):
    status, data = api(client, q=typed)
    assert status == 200 and data["engine"] == "database"
    assert stories[expected].title in titles(data)


def test_phrase_query_needs_the_words_in_order(client, stories):
    _, data = api(client, q='"tien tien guong"')
    assert stories["dien_hinh"].title not in titles(data)
    _, data = api(client, q='"guong dien hinh"')
    assert stories["dien_hinh"].title in titles(data)


def test_a_phrase_with_other_words_needs_both_and_counts_only_those(client, db):
    """On PostgreSQL the words of a quoted phrase are matched by its word pairs alone (one
    posting list fewer per word): the words typed outside it stay required, and three words
    apart are not the phrase."""
    make_story(title="Bà Lò Thị Xuyến dạy chữ ở xóm Chài", lead="Lớp học ban đêm.")
    make_story(title="Xóm Chài đón bà Lò Thị Xuyến về thăm", lead="Câu chuyện cũ.")
    make_story(title="Lò gạch thị trấn Xuyến Chài", lead="Không phải người ấy.")
    cases = {
        '"lo thi xuyen"': 2,
        '"lo thi xuyen" day chu': 1,
        '"lo thi xuyen" "ve tham"': 1,
        "lo thi xuyen": 3,
    }
    for typed, expected in cases.items():
        _, data = api(client, q=typed)
        assert data["total"] == expected, (typed, titles(data))
        assert len(data["results"]) == expected, typed


def test_highlight_marks_the_accented_original(client, stories):
    _, data = api(client, q="dien hinh")
    hit = next(r for r in data["results"] if r["title"] == stories["dien_hinh"].title)
    assert hit["url"].startswith("http://testserver/") and hit["url"].endswith(stories["dien_hinh"].url)
    assert hit["published_at"].endswith("+07:00")
    html = client.get("/search/", {"q": "dien hinh"}).content.decode()
    assert "<mark>điển</mark> <mark>hình</mark>" in html


def test_drafts_never_appear_in_results_or_counts(client, stories):
    _, data = api(client, q="nguoi tot")
    assert stories["draft"].title not in titles(data)
    assert not SearchEntry.objects.filter(page=stories["draft"]).exists()


def test_unpublish_and_delete_remove_from_search(client, stories):
    stories["nguoi_tot"].unpublish()
    _, data = api(client, q="nguoi tot viec tot bien gioi")
    assert stories["nguoi_tot"].title not in titles(data)
    title = stories["dien_hinh"].title
    stories["dien_hinh"].delete()
    _, data = api(client, q="guong dien hinh tien tien lao dong")
    assert title not in titles(data)


def test_filters_facets_and_pagination(client, db):
    for n in range(3):
        make_news(title=f"Hội nghị thi đua số {n}")
    _, data = api(client, q="thi dua", kind="news", page_size="2")
    assert data["total"] >= 3 and len(data["results"]) == 2 and data["page_size"] == 2
    assert all(r["kind"] == "news" for r in data["results"])
    kinds = {f["value"]: f["count"] for f in data["facets"]["kind"]}
    assert kinds["news"] == data["total"] and kinds.get("story", 0) > 0  # other kinds still counted
    _, page2 = api(client, q="thi dua", kind="news", page_size="2", page="2")
    assert not set(titles(page2)) & set(titles(data))
    story = StoryPage.objects.live().filter(localities__isnull=False).first()
    locality = story.localities.first()
    _, data = api(client, q=story.title, locality=locality.slug)
    assert story.title in titles(data)


@pytest.mark.parametrize(
    "params",
    [
        {"q": "x", "page": "-1"},
        {"q": "x", "page": "abc"},
        {"q": "x", "page_size": "10000"},
        {"q": "x", "kind": "blog"},
        {"q": "x", "movement": "khong-co"},
        {"q": "x", "locality": "khong-co"},
        {"q": "x", "year": "20x4"},
    ],
)
def test_bad_parameters_get_400_with_a_message(client, db, params):
    status, data = api(client, **params)
    assert status == 400 and data["error"]


@pytest.mark.parametrize(
    "q",
    [
        "",
        "   ",
        "x" * 10_000,
        "😀 người tốt",
        '"',
        "*",
        "NEAR(a b)",
        "AND OR NOT",
        "((thi dua",
        "'; DROP TABLE x; --",
        'thi* dua^ "unbalanced',
    ],
)
def test_odd_queries_never_fail(client, db, q):
    status, data = api(client, q=q)
    assert status == 200 and isinstance(data["results"], list)
    response = client.get("/search/", {"q": q})
    assert response.status_code == 200


def test_search_index_command_rebuilds_and_reports(db, stories):
    import io

    from django.core.management import call_command

    SearchEntry.objects.all().delete()  # e.g. an index lost or built before a migration
    out = io.StringIO()
    with pytest.raises(SystemExit):
        call_command("search_index", "status", stdout=out)
    assert "LỆCH" in out.getvalue()
    call_command("search_index", "rebuild", stdout=out)
    out = io.StringIO()
    call_command("search_index", "status", stdout=out)
    assert "LỆCH" not in out.getvalue() and "khớp" in out.getvalue()


def test_a_search_is_two_statements_with_named_facets_and_working_links(client, db):
    """The facets' names and the hits' page URLs come with a search's two statements (one round
    trip each, also on PostgreSQL where each carries its own setting), not in a query per facet
    list or per page of hits; and they are the right ones."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from wagtail.models import Page, Site

    from core.models import Locality
    from movements.models import MovementPage
    from search.engines import DatabaseEngine
    from search.query import SearchQuery

    query = SearchQuery.from_params({"q": "thi dua", "page_size": "20"})
    Site.get_site_root_paths()  # kept in Django's cache by Wagtail, as after any page served
    with CaptureQueriesContext(connection) as ctx:
        results = DatabaseEngine().search(query)
    assert len(ctx.captured_queries) == 2, [q["sql"][:80] for q in ctx.captured_queries]
    assert results.facets["movement"] and results.facets["locality"] and len(results.hits) == 20
    for facet in results.facets["movement"]:
        assert MovementPage.objects.get(slug=facet["value"]).title == facet["label"]
    for facet in results.facets["locality"]:
        assert Locality.objects.get(slug=facet["value"]).name == facet["label"]
    for hit in results.hits:
        assert hit.url == Page.objects.get(pk=hit.entry.page_id).url
        assert hit.entry.published_at.tzinfo is not None
    assert client.get(results.hits[0].url).status_code == 200
