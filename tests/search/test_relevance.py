"""One relevance suite for both engines: the database engine always, Elasticsearch when
ELASTICSEARCH_URL names a real server (otherwise those cases skip, saying why). Each case is
what a reader types and what they must see: first, or at least on the first page."""

import io
import os
import unicodedata

import pytest
from django.core.management import call_command

from tests.factories import make_news, make_story

ES_URL = os.environ.get("ELASTICSEARCH_URL", "")
ENGINES = [
    "database",
    pytest.param(
        "elasticsearch",
        marks=pytest.mark.skipif(
            not ES_URL,
            reason="ELASTICSEARCH_URL not set: no real Elasticsearch here; start one with "
            "`docker compose up elasticsearch` and set ELASTICSEARCH_URL=http://127.0.0.1:9200",
        ),
    ),
]

CORPUS = {
    "nguoi_tot": ("story", "Người tốt, việc tốt ở xã biên giới", "Chuyện về anh Đinh Văn Hoà giúp dân bản."),
    "dien_hinh": ("story", "Gương điển hình tiên tiến trong lao động", "Thợ hàn ở Đắk Lắk."),
    "hoa_giai": ("story", "Tổ hòa giải ở cơ sở giữ yên xóm", "Những buổi tối ngồi nghe bà con."),
    "vuon_hoa": ("story", "Vườn hoa của bà giáo về hưu", "Khoảng sân thành vườn hoa cho trẻ."),
    "cau_khi_title": ("story", "Thay cầu khỉ bằng cầu bê tông", "Chuyện một thôn miền Tây."),
    "cau_khi_body": (
        "news",
        "Tổng kết một năm làm đường giao thông nông thôn",
        "Nhiều xã đã thay cầu khỉ và mở rộng đường liên thôn.",
    ),
    "xoa_nha": ("news", "Xóa nhà tạm, nhà dột nát cho hộ nghèo", "Hoàn thành trước thời hạn."),
    "xoa_scattered": ("news", "Nhà văn hóa mới", "Xóa bỏ hủ tục, dựng nhà văn hóa thay chỗ tạm bợ."),
    "ubnd": ("news", "Ủy ban nhân dân tỉnh khen thưởng tập thể", "Trao bằng khen cho mười tập thể."),
}

# (typed, the article that must come first or None, articles that must be on the first page,
#  articles that must not appear, engines that promise it)
CASES = [
    ("nguoi tot viec tot", "nguoi_tot", [], [], "both"),
    ("NGƯỜI TỐT XÃ BIÊN GIỚI", "nguoi_tot", [], [], "both"),  # any case
    (unicodedata.normalize("NFD", "người tốt việc tốt"), "nguoi_tot", [], [], "both"),
    ("dien hinh tien tien", "dien_hinh", [], [], "both"),
    ("thợ hàn Đắk Lắk", "dien_hinh", [], [], "both"),
    ("hoà giải", "hoa_giai", [], ["vuon_hoa"], "both"),
    ("dinh van hoa", "nguoi_tot", [], [], "both"),
    ("cau khi", "cau_khi_title", ["cau_khi_body"], [], "both"),  # a title match ranks above the body
    ('"xoa nha tam"', "xoa_nha", [], ["xoa_scattered"], "both"),  # a phrase needs its words in order
    ("xoa nha tam", "xoa_nha", ["xoa_scattered"], [], "both"),
    ("UBND mười tập thể", "ubnd", [], [], "both"),  # abbreviations match their full form
    ("hòa", "hoa_giai", ["vuon_hoa"], [], "elasticsearch"),  # typed accents rank the exact word first
]


@pytest.fixture
def corpus(db):
    pages = {}
    for key, (kind, title, lead) in CORPUS.items():
        make = make_story if kind == "story" else make_news
        pages[key] = make(title=title, lead=lead)
    return pages


@pytest.fixture(params=ENGINES)
def engine(request, settings):
    settings.ELASTICSEARCH_URL = ES_URL if request.param == "elasticsearch" else ""
    return request.param


@pytest.mark.parametrize("typed, first, on_page, absent, engines", CASES, ids=[c[0] for c in CASES])
def test_relevance(client, corpus, engine, typed, first, on_page, absent, engines):
    if engines not in ("both", engine):
        pytest.skip(f"{engine} does not promise this case ({engines} only)")
    if engine == "elasticsearch":
        call_command("search_index", "rebuild", stdout=io.StringIO())
    data = client.get("/api/search/", {"q": typed, "page_size": 20}).json()
    assert data["engine"] == engine
    ids = [r["id"] for r in data["results"]]
    assert ids and ids[0] == corpus[first].pk, f"{typed!r}: first was {data['results'][:1]}"
    for key in on_page:
        assert corpus[key].pk in ids, f"{typed!r} should also find {key}"
    for key in absent:
        assert corpus[key].pk not in ids, f"{typed!r} should not find {key}"
