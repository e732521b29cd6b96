""" "Nghe bài viết": the text a Vietnamese announcer would read (core.speech), from sentences of
the demo's stories and news, and /api/speech/<id>/ that the page fetches."""

from datetime import timedelta

import pytest
from django.utils import timezone

from core.abbreviations import ABBREVIATIONS, search_rules, spoken_forms
from core.speech import article_paragraphs, read_number, speakable
from tests.factories import make_news, make_story

NUMBERS = [
    (0, "không"),
    (10, "mười"),
    (11, "mười một"),
    (14, "mười bốn"),
    (15, "mười lăm"),
    (21, "hai mươi mốt"),
    (24, "hai mươi tư"),
    (35, "ba mươi lăm"),
    (105, "một trăm linh năm"),
    (110, "một trăm mười"),
    (1005, "một nghìn không trăm linh năm"),
    (1900, "một nghìn chín trăm"),
    (2010, "hai nghìn không trăm mười"),
    (2024, "hai nghìn không trăm hai mươi tư"),
    (92_000, "chín mươi hai nghìn"),
    (1_000_050, "một triệu không trăm năm mươi"),
    (5_200_000_000, "năm tỷ hai trăm triệu"),
]


@pytest.mark.parametrize(("number", "words"), NUMBERS)
def test_numbers_are_read_the_vietnamese_way(number, words):
    assert read_number(number) == words


SENTENCES = [
    (  # thousands dot
        "Từ năm 2015 đến nay, tổ đã khám cho hơn 18.000 lượt người.",
        "Từ năm hai nghìn không trăm mười lăm đến nay, tổ đã khám cho hơn mười tám nghìn lượt người.",
    ),
    (  # decimal comma and percent
        "Trung tâm tiếp nhận hơn 21.400 hồ sơ, 99,6% được giải quyết đúng hoặc trước hạn.",
        "Trung tâm tiếp nhận hơn hai mươi mốt nghìn bốn trăm hồ sơ, chín mươi chín phẩy sáu phần trăm "
        "được giải quyết đúng hoặc trước hạn.",
    ),
    (
        "Tỷ lệ khen thưởng người lao động trực tiếp chiếm 22,1%.",
        "Tỷ lệ khen thưởng người lao động trực tiếp chiếm hai mươi hai phẩy một phần trăm.",
    ),
    (  # a date after "Ngày": "ngày" once; an abbreviation from the shared list
        "Ngày 20/2/2024, UBND tỉnh tổ chức hội nghị tổng kết.",
        "Ngày hai mươi tháng hai năm hai nghìn không trăm hai mươi tư, Ủy ban nhân dân tỉnh tổ chức hội nghị tổng kết.",
    ),
    (  # a date after the time of day gets its "ngày"; days up to ten are "mùng"
        "Chiều 30/3, HĐND tỉnh khai mạc kỳ họp; sáng 02/01/2024 Sở Nội vụ tập huấn.",
        "Chiều ngày ba mươi tháng ba, Hội đồng nhân dân tỉnh khai mạc kỳ họp; sáng ngày mùng hai tháng một năm "
        "hai nghìn không trăm hai mươi tư Sở Nội vụ tập huấn.",
    ),
    (  # April is "tháng tư"
        "Hội nghị diễn ra ngày 15/4/2025 tại TP.HCM.",
        "Hội nghị diễn ra ngày mười lăm tháng tư năm hai nghìn không trăm hai mươi lăm tại Thành phố Hồ Chí Minh.",
    ),
    (
        "Sáng 20/05/2024, Ủy ban MTTQ Việt Nam tỉnh phối hợp với UBND tỉnh tổ chức lễ phát động.",
        "Sáng ngày hai mươi tháng năm năm hai nghìn không trăm hai mươi tư, Ủy ban Mặt trận Tổ quốc Việt Nam "
        "tỉnh phối hợp với Ủy ban nhân dân tỉnh tổ chức lễ phát động.",
    ),
    (  # month/year, after "tháng" and without it
        "Tháng 11/2025, ông được UBND tỉnh Đắk Lắk tặng Bằng khen; cuộc thi kéo dài từ 10/2024.",
        "Tháng mười một năm hai nghìn không trăm hai mươi lăm, ông được Ủy ban nhân dân tỉnh Đắk Lắk tặng Bằng "
        "khen; cuộc thi kéo dài từ tháng mười năm hai nghìn không trăm hai mươi tư.",
    ),
    (  # a period of years
        "Phong trào “Nghệ An chung sức xây dựng nông thôn mới hiện đại giai đoạn 2026-2030”.",
        "Phong trào “Nghệ An chung sức xây dựng nông thôn mới hiện đại giai đoạn hai nghìn không trăm hai mươi "
        "sáu đến hai nghìn không trăm ba mươi”.",
    ),
    (  # a range of dates
        "Lễ kỷ niệm 76 năm Ngày Chủ tịch Hồ Chí Minh ra Lời kêu gọi thi đua ái quốc (11/06/1948 - 11/06/2024).",
        "Lễ kỷ niệm bảy mươi sáu năm Ngày Chủ tịch Hồ Chí Minh ra Lời kêu gọi thi đua ái quốc (ngày mười một "
        "tháng sáu năm một nghìn chín trăm bốn mươi tám đến ngày mười một tháng sáu năm hai nghìn không trăm "
        "hai mươi tư).",
    ),
    (  # document numbers: not dates, not fractions; codes spelled
        "Luật số 06/2022/QH15 và Nghị định 98/2023/NĐ-CP chính thức được áp dụng.",
        "Luật số sáu năm hai nghìn không trăm hai mươi hai, quy hát mười lăm và Nghị định chín mươi tám năm hai "
        "nghìn không trăm hai mươi ba, en đê, xê pê chính thức được áp dụng.",
    ),
    (
        "Thực hiện Chỉ thị 34-CT/TW và Thông báo 59/TB-VPCP, tỉnh rà soát các phong trào.",
        "Thực hiện Chỉ thị ba mươi tư, xê tê, tê vê kép và Thông báo năm mươi chín, tê bê, vê pê xê pê, tỉnh rà "
        "soát các phong trào.",
    ),
    (  # Roman numerals where they are numbers
        "Trong quý I/2024, tỉnh sẽ ban hành quy chế mới; luật được Quốc hội khóa XV thông qua.",
        "Trong quý một năm hai nghìn không trăm hai mươi tư, tỉnh sẽ ban hành quy chế mới; luật được Quốc hội "
        "khóa mười lăm thông qua.",
    ),
    (  # units
        "Ông hiến gần 1.200 m² đất, góp công làm con đường bê tông dài 3,2 km.",
        "Ông hiến gần một nghìn hai trăm mét vuông đất, góp công làm con đường bê tông dài ba phẩy hai ki lô mét.",
    ),
    (
        "Hợp tác xã liên kết sản xuất gần 300 ha lúa, sen; mỗi hộ thu khoảng 165 triệu đồng một năm.",
        "Hợp tác xã liên kết sản xuất gần ba trăm héc ta lúa, sen; mỗi hộ thu khoảng một trăm sáu mươi lăm triệu "
        "đồng một năm.",
    ),
    (
        "Thu nhập bình quân đạt 7,5 tr.đ mỗi tháng, giá cá khô 250.000đ, tổng kinh phí 5,2 tỷ đồng.",
        "Thu nhập bình quân đạt bảy phẩy năm triệu đồng mỗi tháng, giá cá khô hai trăm năm mươi nghìn đồng, "
        "tổng kinh phí năm phẩy hai tỷ đồng.",
    ),
    (  # ranges with a unit
        "Lúa chịu mặn ở mức 4 - 6‰, thu nhập của nông dân tăng 15 - 20%.",
        "Lúa chịu mặn ở mức bốn đến sáu phần nghìn, thu nhập của nông dân tăng mười lăm đến hai mươi phần trăm.",
    ),
    (  # times
        "Lễ phát động bắt đầu lúc 7h30, hội nghị kết thúc lúc 11h.",
        "Lễ phát động bắt đầu lúc bảy giờ ba mươi, hội nghị kết thúc lúc mười một giờ.",
    ),
    (  # abbreviations added with this feature (also found by search)
        "Năm 2017, chị thành lập Công ty TNHH Thực phẩm Biển Xanh Hà Tiên và một HTX nuôi cá.",
        "Năm hai nghìn không trăm mười bảy, chị thành lập Công ty trách nhiệm hữu hạn Thực phẩm Biển Xanh Hà "
        "Tiên và một hợp tác xã nuôi cá.",
    ),
    (  # ordinals
        "Đây là lần thứ 4 anh được tặng Bằng khen, lần thứ 1 là năm 2019.",
        "Đây là lần thứ tư anh được tặng Bằng khen, lần thứ nhất là năm hai nghìn không trăm mười chín.",
    ),
]


@pytest.mark.parametrize(("written", "spoken"), SENTENCES, ids=[s[0][:40] for s in SENTENCES])
def test_sentences_are_read_as_an_announcer_reads_them(written, spoken):
    assert speakable(written) == spoken


def test_words_are_left_alone():
    sentence = "Mô hình lúa - tôm giúp nông dân “Vì người nghèo – Không để ai bị bỏ lại phía sau”."
    assert speakable(sentence) == sentence


def test_one_list_for_search_and_speech():
    """Every short form the reader hears expanded is one search also matches."""
    rules = search_rules()
    assert len(rules) == len(ABBREVIATIONS)
    assert rules[0] == "ubnd, uy ban nhan dan"
    assert "tp hcm, tphcm, tp ho chi minh, thanh pho ho chi minh, sai gon" in rules
    assert spoken_forms()["HĐND"] == "Hội đồng nhân dân"
    assert "Sài Gòn" not in spoken_forms()  # another name, never read in place of the city's


# --- an article as paragraphs --------------------------------------------------------------


@pytest.fixture
def story(db):
    return make_story(
        title="Nữ giám đốc tạo việc làm cho hơn 150 phụ nữ",
        lead="Thu nhập bình quân đạt 7,5 triệu đồng mỗi tháng.",
        body=[
            ("paragraph", "<h2>Từ cơ sở nhỏ</h2><p>Năm 2017, chị thành lập Công ty TNHH.</p><p>Chị có 2 con.</p>"),
            ("quote", {"text": "Tôi chỉ làm việc của mình.", "attribution": "Chị Hân"}),
            ("embed", None),
            ("paragraph", "<ul><li>Hai sản phẩm OCOP 4 sao</li></ul>"),
        ],
    )


def test_an_article_is_title_lead_then_its_paragraphs(story):
    assert article_paragraphs(story) == [
        "Nữ giám đốc tạo việc làm cho hơn một trăm năm mươi phụ nữ",
        "Thu nhập bình quân đạt bảy phẩy năm triệu đồng mỗi tháng.",
        "Từ cơ sở nhỏ",
        "Năm hai nghìn không trăm mười bảy, chị thành lập Công ty trách nhiệm hữu hạn.",
        "Chị có hai con.",
        "Tôi chỉ làm việc của mình. (Chị Hân)",
        "Hai sản phẩm OCOP bốn sao",
    ]


# --- /api/speech/<id>/ -------------------------------------------------------------------


def test_the_page_fetches_what_to_read(client, story):
    response = client.get(f"/api/speech/{story.pk}/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    data = response.json()
    assert data["title"] == story.title
    assert data["lang"] == "vi-VN"
    assert data["paragraphs"] == article_paragraphs(story)
    assert data["audio"] is None  # no server engine configured
    assert "public" in response["Cache-Control"]


def test_the_answer_is_cached_until_the_article_changes(client, story, django_assert_num_queries):
    client.get(f"/api/speech/{story.pk}/")
    with django_assert_num_queries(0):
        assert client.get(f"/api/speech/{story.pk}/").status_code == 200
    story.lead = "Sapo mới sau đính chính."
    story.save_revision().publish()
    assert client.get(f"/api/speech/{story.pk}/").json()["paragraphs"][1] == "Sapo mới sau đính chính."


def test_news_is_read_too(client, db):
    news = make_news(lead="Ngày 26/12/2024, UBND tỉnh tổng kết.")
    assert client.get(f"/api/speech/{news.pk}/").json()["paragraphs"][1] == (
        "Ngày hai mươi sáu tháng mười hai năm hai nghìn không trăm hai mươi tư, Ủy ban nhân dân tỉnh tổng kết."
    )


def test_what_readers_cannot_see_is_not_read(client, db):
    from wagtail.models import PageViewRestriction

    draft = make_story(title="Bản nháp", publish=False)
    embargoed = make_story(title="Chưa đến giờ", published_at=timezone.now() + timedelta(days=1))
    private = make_story(title="Riêng tư")
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")
    unpublished = make_story(title="Đã gỡ")
    unpublished.unpublish()
    for page in (draft, embargoed, private, unpublished):
        response = client.get(f"/api/speech/{page.pk}/")
        assert response.status_code == 404, page.title
        assert response.json()["error"]


def test_a_page_that_is_no_article_or_no_page_is_a_404(client, sections):
    for page_id in (sections["story"].pk, 999999, 10**12):
        assert client.get(f"/api/speech/{page_id}/").status_code == 404
    assert client.get("/api/speech/abc/").status_code == 404
    assert client.post(f"/api/speech/{sections['story'].pk}/").status_code == 405


def test_the_article_page_offers_the_button_hidden_until_its_script_runs(client, story):
    html = client.get(story.url).content.decode()
    assert f'data-speech-url="/api/speech/{story.pk}/"' in html
    assert "Nghe bài viết</button>" in html
    assert '<section class="listen" data-listen' in html and " hidden>" in html
    assert "js/listen.js" in html
    assert "<audio" not in html  # no server engine configured
