"""Word-level matching and highlights: Vietnamese words are often two syllables, so the syllables
typed together are marked together ("người tốt"), a syllable of theirs found elsewhere on its own
("tốt nghiệp") is not, and articles with the words side by side rank first. Held-out cases run
on the database engine always and on Elasticsearch when ELASTICSEARCH_URL names a real server, as
the relevance suite does; so does a typo that only the suggestion finds."""

import io

import pytest
from django.core.management import call_command

from search import vocabulary
from search.highlight import excerpt, highlight
from tests.factories import make_news, make_story
from tests.search.test_relevance import ENGINES


def test_words_typed_together_are_marked_together():
    text = "Người tốt, việc tốt: chị tốt nghiệp đại học"
    marked = "<mark>Người</mark> <mark>tốt</mark>, việc tốt: chị tốt nghiệp đại học"
    assert highlight(text, ["nguoi", "tot"]) == marked
    assert highlight(text, ["nguoi", "tot", "viec"]).count("<mark>") == 4  # người tốt, việc tốt


def test_apart_every_word_is_marked():
    assert highlight("Chị tốt nghiệp, giỏi và tốt bụng", ["nguoi", "tot"]).count("<mark>tốt</mark>") == 2
    assert highlight("Tốt nghiệp", ["tot"]) == "<mark>Tốt</mark> nghiệp"  # one word typed: marked


def test_the_excerpt_opens_at_the_words_together():
    text = "Anh tốt nghiệp năm 2009. " + "Công việc ở bản xa. " * 20 + "Anh là người tốt của bản."
    snippet = excerpt(text, ["nguoi", "tot"])
    assert "<mark>người</mark> <mark>tốt</mark>" in snippet and "tốt nghiệp" not in snippet


CORPUS = {
    "together": ("story", "Người tốt ở bản Mông", "Chuyện một người thầy giữa núi."),
    "apart": ("news", "Người thợ trẻ tốt nghiệp trường nghề", "Người thợ giỏi được khen."),
    "both": ("news", "Tuyên dương học sinh", "Người tốt được khen; em Lò Thị Mai tốt nghiệp loại giỏi."),
}


@pytest.fixture
def corpus(db):
    pages = {}
    for key, (kind, title, lead) in CORPUS.items():
        pages[key] = (make_story if kind == "story" else make_news)(title=title, lead=lead)
    vocabulary.forget()
    return pages


@pytest.fixture(params=ENGINES)
def engine(request, settings):
    from tests.search.test_relevance import ES_URL

    settings.ELASTICSEARCH_URL = ES_URL if request.param == "elasticsearch" else ""
    if request.param == "elasticsearch":
        call_command("search_index", "rebuild", stdout=io.StringIO())
    return request.param


def test_words_side_by_side_rank_first(client, corpus, engine):
    data = client.get("/api/search/", {"q": "nguoi tot", "page_size": 50}).json()
    ids = [r["id"] for r in data["results"]]
    assert data["engine"] == engine
    assert ids.index(corpus["together"].pk) < ids.index(corpus["apart"].pk)
    assert ids.index(corpus["both"].pk) < ids.index(corpus["apart"].pk)
    both = next(r for r in data["results"] if r["id"] == corpus["both"].pk)
    assert (
        "<mark>Người</mark> <mark>tốt</mark>" in both["highlight"]
        and "<mark>tốt</mark> nghiệp" not in both["highlight"]
    )


def test_a_typo_finds_through_the_suggestion(client, corpus, engine):
    page = client.get("/search/", {"q": "nguoi tot o ban mogn"}).content.decode()
    assert "Đang hiện kết quả cho" in page and "người tốt ở bản mông" in page.lower()
    assert corpus["together"].url in page
