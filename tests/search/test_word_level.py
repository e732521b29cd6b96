"""Word-level matching and highlights: Vietnamese words are often two syllables, so the syllables
typed together are marked together ("người tốt"), a syllable of theirs found elsewhere on its own
("tốt nghiệp") is not, and articles with the words side by side rank first. Held-out cases run
on the database engine always and on Elasticsearch when ELASTICSEARCH_URL names a real server, as
the relevance suite does; so does a typo that only the suggestion finds."""

import importlib
import io
import subprocess
import sys
import unicodedata
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from search import vocabulary
from search.highlight import excerpt, highlight
from search.models import SearchEntry
from search.words import indexed, segments, standalone, whole_words, word_list_path
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


# One syllable typed ("tốt"): where it stands as a word of its own ("người tốt") it is marked and
# ranks first; where it is a syllable of a compound of the word list ("tốt nghiệp") it is not
# marked, unless it is nowhere a word of its own in that text (search.words).


def test_the_word_list_finds_compounds():
    text = "Người tốt, việc tốt: chị tốt nghiệp đại học"
    assert [(text[a:b], inside) for a, b, inside in segments(text)] == [
        ("Người", False),
        ("tốt", False),
        ("việc", False),
        ("tốt", False),
        ("chị", False),
        ("tốt", True),
        ("nghiệp", True),
        ("đại", True),
        ("học", True),
    ]
    assert whole_words(text) == {"nguoi", "tot", "viec", "chi"}
    assert whole_words("Tốt nghiệp") == set()
    assert whole_words("TỐT NGHIỆP") == set()  # any case
    assert whole_words(unicodedata.normalize("NFD", "tốt nghiệp")) == set()  # decomposed input
    assert whole_words("hòa giải, hoà giải") == set()  # either tone placement


def test_a_compound_never_spans_punctuation_or_digits():
    assert whole_words("Anh ấy tốt. Nghiệp đoàn") == {"anh", "ay", "tot"}  # "nghiệp đoàn": a compound
    assert whole_words("tốt, nghiệp") == {"tot", "nghiep"}
    assert whole_words("tốt 2 nghiệp") == {"tot", "nghiep"}
    assert whole_words("tốt\nnghiệp") == {"tot", "nghiep"}


def test_names_and_unknown_syllables_are_left_alone():
    assert whole_words("Anh Đinh Văn Hoà giúp dân bản") == {"anh", "dinh", "van", "hoa", "giup", "dan", "ban"}
    assert whole_words("Lò Thị Mai ở Đắk Lắk") == {"lo", "thi", "mai", "o", "dak", "lak"}
    assert whole_words("xqzt tốt") == {"xqzt", "tot"}  # not Vietnamese: a word of its own
    assert whole_words("") == set() and indexed("", "") == ""


def test_d_with_stroke_folds_to_d():
    assert whole_words("Đường") == {"duong"}
    assert whole_words("đường sá") == set()  # a compound, đ and all
    assert indexed("Đinh Văn Tốt", "người tốt") == "dinh nguoi tot van"  # sorted, deduplicated


def test_the_word_list_is_read_without_importing_the_package():
    assert word_list_path().name == "Viet74K.txt" and word_list_path().is_file()
    code = (
        "import sys; from search.words import compounds; compounds(); "
        "sys.exit('underthesea imported' if 'underthesea' in sys.modules else 0)"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(__file__).parents[2])


def test_one_syllable_is_marked_where_it_is_a_word():
    text = "Chị tốt nghiệp đại học, về bản làm người tốt"
    assert highlight(text, ["tot"]) == "Chị tốt nghiệp đại học, về bản làm người <mark>tốt</mark>"
    assert highlight(text.upper(), ["tot"]).count("<mark>") == 1
    # Nowhere a word of its own here: marked everywhere, so the reader sees why it matched.
    assert highlight("Chị tốt nghiệp rồi tốt bụng", ["tot"]).count("<mark>tốt</mark>") == 2
    # Words typed together keep their rule; another word typed alone follows this one.
    both = highlight("Người tốt tốt nghiệp; bản Mông", ["nguoi", "tot", "ban"])
    assert both == "<mark>Người</mark> <mark>tốt</mark> tốt nghiệp; <mark>bản</mark> Mông"


def test_the_excerpt_opens_where_the_syllable_is_a_word():
    text = "Anh tốt nghiệp năm 2009. " + "Công việc ở bản xa. " * 20 + "Anh là người tốt của bản."
    snippet = excerpt(text, ["tot"])
    assert "người <mark>tốt</mark>" in snippet and "tốt nghiệp" not in snippet


def test_the_excerpt_opens_at_the_first_mark_of_the_whole_article(db):
    """The excerpt finds its first mark segmenting only the clauses that decide it; it must be
    the first mark the whole article's highlight gives, on every demo article and query."""
    from search.highlight import _first_start, _spans

    queries = [["tot"], ["nguoi", "tot"], ["thi", "dua"], ["dua"], ["moi"], ["nong", "thon", "moi"], ["dong"]]
    checked = 0
    for entry in SearchEntry.objects.all():
        text = " ".join(unicodedata.normalize("NFC", f"{entry.lead} {entry.body}").split())
        for words in queries:
            spans = _spans(text, words)
            assert _first_start(text, words) == (spans[0][0] if spans else None), (entry.title, words)
            checked += bool(spans)
    assert checked > 100  # the demo has articles with these words


ONE_SYLLABLE = {
    # Before search.words "tốt nghiệp" ranked first: "tốt" twice, in a shorter text, newer.
    "word": ("story", "Lò Văn Sinh, người tốt giữa đại ngàn", "Chuyện anh thợ rừng giữ bản.", 3),
    "compound": ("news", "Em Páo tốt nghiệp thủ khoa", "Em tốt nghiệp thủ khoa ngành y.", 1),
}


@pytest.fixture
def one_syllable(db):
    pages = {}
    for key, (kind, title, lead, days) in ONE_SYLLABLE.items():
        make = make_story if kind == "story" else make_news
        pages[key] = make(title=title, lead=lead, published_at=timezone.now() - timedelta(days=days))
    vocabulary.forget()
    return pages


@pytest.mark.parametrize("typed", ["tốt", "tot", "TỐT"])
def test_one_syllable_ranks_the_whole_word_first(client, one_syllable, engine, typed):
    data = client.get("/api/search/", {"q": typed, "page_size": 50}).json()
    assert data["engine"] == engine
    ids = [r["id"] for r in data["results"]]
    assert ids.index(one_syllable["word"].pk) < ids.index(one_syllable["compound"].pk)
    # Nowhere a word of its own in that lead: "tốt" of "tốt nghiệp" is marked, or nothing would be.
    compound = next(r for r in data["results"] if r["id"] == one_syllable["compound"].pk)
    assert "<mark>tốt</mark> nghiệp" in compound["highlight"]
    page = client.get("/search/", {"q": typed}).content.decode()
    assert "người <mark>tốt</mark> giữa đại ngàn" in page
    assert page.index(one_syllable["word"].url) < page.index(one_syllable["compound"].url)


def test_the_index_keeps_the_whole_words(one_syllable):
    word = SearchEntry.objects.get(page_id=one_syllable["word"].pk)
    compound = SearchEntry.objects.get(page_id=one_syllable["compound"].pk)
    assert "tot" in word.whole_words.split() and "tot" not in compound.whole_words.split()
    assert word.whole_words == indexed(word.title, word.lead, word.body)


def test_a_query_counts_only_the_syllables_typed_as_words():
    assert standalone(["nguoi", "tot", "xa", "bien", "gioi"]) == ["nguoi", "tot", "xa"]  # "biên giới": one word
    assert standalone(["tot"]) == ["tot"] and standalone(["tot", "nghiep"]) == []


def test_migration_0010_fills_existing_entries(one_syllable):
    fill = importlib.import_module("search.migrations.0010_whole_words").fill
    SearchEntry.objects.update(whole_words="")
    fill(apps, SimpleNamespace(connection=connection))  # all RunPython reads of its schema editor
    for entry in SearchEntry.objects.all():
        assert entry.whole_words == indexed(entry.title, entry.lead, entry.body)
    assert "tot" not in SearchEntry.objects.get(page_id=one_syllable["compound"].pk).whole_words.split()
    assert "tot" in SearchEntry.objects.get(page_id=one_syllable["word"].pk).whole_words.split()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's side table only")
def test_writing_whole_words_leaves_the_postgresql_side_table_alone(one_syllable):
    def version():
        with connection.cursor() as cursor:
            cursor.execute("SELECT xmin::text FROM search_searchentry_pg WHERE page_id = %s", [one_syllable["word"].pk])
            return cursor.fetchone()[0]

    before = version()
    SearchEntry.objects.filter(page_id=one_syllable["word"].pk).update(whole_words="tot")
    assert version() == before
    SearchEntry.objects.filter(page_id=one_syllable["word"].pk).update(folded_title="nguoi tot")
    assert version() != before


def test_one_syllable_on_elasticsearch_is_marked_where_it_is_a_word(client, db, settings):
    """Elasticsearch's highlighter would mark "tốt" inside "tốt nghiệp" too: for one syllable
    typed, the request asks for no highlights and the page marks it by the word list."""
    from tests.search.fake_elasticsearch import FakeElasticsearch
    from tests.search.test_elasticsearch import canned_response

    story = make_story(title="Người tốt ở bản Páo", lead="Anh là người tốt của bản; con anh vừa tốt nghiệp.")
    response = canned_response([SearchEntry.objects.get(page_id=story.pk)])
    for hit in response["hits"]["hits"]:
        del hit["highlight"]  # none was asked for
    with FakeElasticsearch() as fake:
        settings.ELASTICSEARCH_URL = fake.url
        fake.search_response = response
        data = client.get("/api/search/", {"q": "tốt"}).json()
        ((_method, _path, body),) = [r for r in fake.requests if r[1].endswith("_search")]
    assert data["engine"] == "elasticsearch" and "highlight" not in body
    marked = data["results"][0]["highlight"]
    assert "người <mark>tốt</mark> của bản" in marked and "vừa tốt nghiệp" in marked
