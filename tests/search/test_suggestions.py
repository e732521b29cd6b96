"""“Có phải bạn muốn tìm …” (search.suggest, search.vocabulary) on the database engine, with the
demo's articles: accents restored from our own word pairs, typos corrected, the suggestion's
results shown when the query found nothing, never a word that only drafts or private pages use,
and the suggestion cached with the answer."""

import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from search import insights, suggest, vocabulary
from tests.factories import make_story


@pytest.fixture(autouse=True)
def fresh_vocabulary():
    vocabulary.forget()
    yield
    vocabulary.forget()


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("nguoi tot viec tot", "người tốt việc tốt"),  # accents from the word pairs
        ("NGUOI TOT VIEC TOT", "người tốt việc tốt"),
        ("nguoi tot viec tto", "người tốt việc tốt"),  # a 3-letter word: two letters swapped
        ("hien mauu", "hiến máu"),  # a letter too many
        ("xoa nha tam", "xóa nhà tạm"),
        ("dak lak", "Đắk Lắk"),  # a locality, written as a name
    ],
)
def test_corrections_learned_from_our_articles(db, typed, expected):
    assert suggest.correct(typed) == expected


def test_nothing_to_correct(db):
    assert suggest.correct("người tốt việc tốt") is None  # typed as we write it
    assert suggest.correct("người tốt việc tôt") == "người tốt việc tốt"  # a wrong mark is a typo too
    assert suggest.correct("zzqx") is None  # nothing near it
    assert suggest.correct("") is None


def test_short_words_are_not_changed_into_others(db):
    # "toi" is a word of its own: it is never "corrected"; a 3-letter unknown word is changed
    # only by a swap that pairs with its neighbour.
    assert "tôi" in (suggest.correct("toi") or "tôi")
    assert suggest.correct("xyt") is None


def test_the_page_shows_the_suggestions_results_when_the_query_finds_nothing(client, db):
    page = client.get("/search/", {"q": "nguoi tot viec tto"}).content.decode()
    assert "Đang hiện kết quả cho" in page and "<strong>người tốt việc tốt</strong>" in page
    assert "Không tìm thấy bài nào" not in page and 'class="search-hit"' in page
    assert "exact=1" in page
    exact = client.get("/search/", {"q": "nguoi tot viec tto", "exact": "1"}).content.decode()
    assert "Không tìm thấy bài nào" in exact
    assert "Có phải bạn muốn tìm" in exact and "<strong>người tốt việc tốt</strong>" in exact
    assert "q=ng%C6%B0%E1%BB%9Di+t%E1%BB%91t+vi%E1%BB%87c+t%E1%BB%91t" in exact  # the link


def test_a_query_that_finds_enough_gets_no_suggestion(client, db):
    page = client.get("/search/", {"q": "hien mau"}).content.decode()
    assert "Có phải bạn muốn tìm" not in page and "Đang hiện kết quả" not in page


def test_filters_are_kept_in_the_suggestions_link(client, db):
    page = client.get("/search/", {"q": "hien mauu", "kind": "story", "exact": "1"}).content.decode()
    if "Có phải bạn muốn tìm" in page:  # the demo has stories about it
        assert "kind=story" in page.split("Có phải bạn muốn tìm", 1)[1].split("</p>", 1)[0]


def test_the_api_is_unchanged(client, db):
    data = client.get("/api/search/", {"q": "nguoi tot viec tto"}).json()
    assert data["total"] == 0 and data["results"] == [] and "suggestion" not in data  # DESIGN.md 5


def test_words_of_drafts_and_private_pages_are_never_suggested(client, db):
    make_story(title="Người giữ rừng Xơmyrăng", publish=False, lead="Bản nháp về Xơmyrăng.")
    private = make_story(title="Cô giáo Quyvơnha ở bản", lead="Chuyện Quyvơnha.")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.PASSWORD, password="x")
    vocabulary.forget()
    assert suggest.correct("xomyrang") is None and suggest.correct("xomyrangg") is None
    assert suggest.correct("quyvonha") is None and suggest.correct("quyvonhaa") is None
    page = client.get("/search/", {"q": "quyvonhaa"}).content.decode()
    assert "Quyvơnha" not in page


def test_a_publish_refreshes_the_vocabulary(client, db):
    assert suggest.correct("ksorbuu") is None
    make_story(title="Già làng Ksorbuơ giữ rừng", lead="Già làng Ksorbuơ.")
    assert suggest.correct("ksorbuu") == "Ksorbuơ"
    page = client.get("/search/", {"q": "ksorbuu"}).content.decode()
    assert "Đang hiện kết quả cho" in page and "Ksorbuơ" in page


def test_the_suggestion_is_part_of_the_cached_answer(client, db):
    first = client.get("/search/", {"q": "nguoi tot viec tto"}).content
    with CaptureQueriesContext(connection) as queries:
        again = client.get("/search/", {"q": "nguoi tot viec tto"}).content
    assert again == first and len(queries) <= 1
    insights.flush()


def test_cost_of_a_search_with_a_suggestion(client, db, capsys):
    """Measured on the demo (printed with -s): the vocabulary once per content version, then a
    suggestion per uncached search."""
    started = time.perf_counter()
    vocabulary.current()
    built = time.perf_counter() - started
    timings = {}
    for typed in ["nguoi tot viec tto", "hien mauu", "xoa nha tam", "thi dua"]:
        started = time.perf_counter()
        suggest.correct(typed)
        timings[typed] = (time.perf_counter() - started) * 1000
    with capsys.disabled():
        print(
            f"\nvocabulary built in {built * 1000:.1f} ms; correct(): "
            + ", ".join(f"{t!r} {ms:.2f} ms" for t, ms in timings.items())
        )
    assert max(timings.values()) < 50
