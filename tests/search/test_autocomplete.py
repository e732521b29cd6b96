"""Suggestions while typing: GET /api/search/autocomplete/?q= as the search boxes call it."""

import re
import time
import unicodedata

import pytest
from wagtail.models import PageViewRestriction

from core.text import fold
from movements.models import MovementIndexPage, MovementPage
from search.models import SearchQueryStat
from tests.factories import make_news, make_story

URL = "/api/search/autocomplete/"


def suggest(client, q):
    response = client.get(URL, {"q": q})
    assert response.status_code == 200, response.content
    data = response.json()
    assert set(data) == {"query", "suggestions"}
    assert len(data["suggestions"]) <= 8
    return data["suggestions"]


def labels(suggestions, kind=None):
    return [s["label"] for s in suggestions if kind is None or s["kind"] == kind]


@pytest.fixture
def stories(db):
    return {
        "nguoi_tot": make_story(title="Người tốt giữa đại ngàn Zơ Râm", exemplar_name="Y Khoa Niê"),
        "dak_lak": make_news(title="Thanh niên Đắk Lắk Quyvơ hiến máu"),
        "draft": make_story(title="Người tốt Zơ Râm bản nháp", exemplar_name="Y Nháp Xơmin", publish=False),
    }


@pytest.mark.parametrize(
    "typed", ["nguoi tot zo", "NGƯỜI TỐT ZƠ", "người tố zơ r", "ram zo", unicodedata.normalize("NFD", "người tốt zơ")]
)
def test_accentless_prefix_of_any_word_suggests_the_title(client, stories, typed):
    found = suggest(client, typed)
    assert stories["nguoi_tot"].title in labels(found)
    assert stories["draft"].title not in labels(found)


def test_every_typed_word_starts_a_word_of_each_suggestion(client, stories):
    found = suggest(client, "nguoi t")
    assert found
    for s in found:
        words = re.findall(r"[a-z0-9]+", fold(s["label"]))
        assert any(w.startswith("nguoi") for w in words) and any(w.startswith("t") for w in words), s
    assert all(s["label"].lower().startswith("người t") for s in found[:1])  # beginnings first


def test_d_finds_dj(client, stories):
    found = suggest(client, "dak lak quyvo")
    assert labels(found) == [stories["dak_lak"].title]
    hit = found[0]
    assert hit["kind"] == "news"
    assert hit["url"].startswith("http://testserver/") and hit["url"].endswith(stories["dak_lak"].url)
    assert suggest(client, "đắk lắk quyv")[0]["label"] == stories["dak_lak"].title


def test_movements_are_suggested_by_name_and_by_other_names(client, db):
    found = suggest(client, "lao dong sang")
    assert "Lao động giỏi, lao động sáng tạo" in labels(found, "movement")
    movement = MovementPage.objects.get(title="Lao động giỏi, lao động sáng tạo")
    hit = next(s for s in found if s["kind"] == "movement")
    assert hit["url"].endswith(movement.url)
    # "chung tay" is how outlets misquote "chung sức": found, but shown by its real name
    found = suggest(client, "ca nuoc chung tay")
    assert labels(found, "movement") == ["Cả nước chung sức xây dựng nông thôn mới"]


def test_exemplar_names_are_suggested(client, stories):
    found = suggest(client, "y khoa")
    assert "Y Khoa Niê" in labels(found, "exemplar")
    hit = next(s for s in found if s["kind"] == "exemplar")
    assert hit["url"].endswith(stories["nguoi_tot"].url)


def test_drafts_private_and_unpublished_pages_are_never_suggested(client, stories):
    assert not suggest(client, "ban nhap zo ram")
    assert not suggest(client, "y nhap xomin")
    index = MovementIndexPage.objects.get()
    draft = MovementPage(title="Phong trào Quyvơ nháp", live=False)
    index.add_child(instance=draft)
    draft.save_revision()
    private = MovementPage(title="Phong trào Quyvơ riêng tư")
    index.add_child(instance=private)
    private.save_revision().publish()
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.PASSWORD, password="x")
    assert not labels(suggest(client, "phong trao quyvo"), "movement")
    stories["dak_lak"].unpublish()
    assert not suggest(client, "dak lak quyvo")


@pytest.mark.parametrize(
    "q",
    [
        "",
        " ",
        "a",
        "đ",
        "x" * 10_000,
        '"*',
        "NEAR(a b)",
        "AND OR",
        "'; DROP TABLE x; --",
        "😀😀",
        "lao%",
        "a_b",
        "-",
        "t*",
    ],
)
def test_bad_input_never_fails(client, db, q):
    found = suggest(client, q)
    if len(q.strip()) < 2:
        assert found == []


def test_autocomplete_is_not_recorded_in_statistics(client, db):
    suggest(client, "lao dong")
    from search import insights

    insights.flush()
    assert not SearchQueryStat.objects.exists()


def test_autocomplete_is_fast(client, db):
    suggest(client, "ng")  # warm the name table
    start = time.perf_counter()
    for q in ["ng", "nguoi t", "lao dong", "dak", "xoa nha"]:
        suggest(client, q)
    assert (time.perf_counter() - start) / 5 < 0.25
