import unicodedata

import pytest

from core.text import clean_text, find_control_chars, fold, vi_slugify, vi_sort_key


@pytest.mark.parametrize(
    "typed, stored",
    [
        ("nguoi tot viec tot", "Người tốt, việc tốt"),
        ("THI DUA", "thi đua"),
        ("hoa binh", "Hòa Bình"),
        ("Hoà Bình", "Hòa Bình"),  # tone placement
        ("dak lak", "Đắk Lắk"),
        (unicodedata.normalize("NFD", "Nguyễn Thị Huệ"), "Nguyễn Thị Huệ"),  # decomposed input
    ],
)
def test_fold_matches_what_people_type(typed, stored):
    assert fold(typed).replace(",", "") == fold(stored).replace(",", "")


@pytest.mark.parametrize(
    "title, slug",
    [
        ("Xoá nhà tạm, nhà dột nát", "xoa-nha-tam-nha-dot-nat"),
        ("Đắk Lắk: Cụm thi đua ký giao ước năm 2023", "dak-lak-cum-thi-dua-ky-giao-uoc-nam-2023"),
        ("Điển hình tiên tiến", "dien-hinh-tien-tien"),
        ("Hòa Bình", "hoa-binh"),
    ],
)
def test_slugs_are_ascii_with_d_for_dj(title, slug):
    assert vi_slugify(title) == slug


def test_long_slugs_are_cut_at_a_word():
    slug = vi_slugify("Người tốt việc tốt " * 20, max_length=40)
    assert len(slug) <= 40 and not slug.endswith("-")


def test_vietnamese_alphabet_order_not_code_point_order():
    names = ["Yến", "Đào", "Dương", "Ân", "Anh", "Ê", "Em", "Hạnh", "Hà", "Ha"]
    assert sorted(names, key=vi_sort_key) == ["Anh", "Ân", "Dương", "Đào", "Em", "Ê", "Ha", "Hà", "Hạnh", "Yến"]


def test_control_characters_are_found_and_cleaned():
    assert find_control_chars("a\x07b\x00") == ["U+0000", "U+0007"]
    assert find_control_chars("dòng một\ndòng hai\tcột") == []
    assert clean_text("Ha\u0300 No\u0302\u0323i\u00a0\x0b") == "Hà Nội "
