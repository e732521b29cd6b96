"""A reader comments and nominates in real Chromium: the page's own JavaScript solves the
proof-of-work challenge (crypto.subtle) and warns before posting text without diacritics."""

import io
import sqlite3

import pytest
from PIL import Image
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def rows(site, sql):
    with sqlite3.connect(site.database) as db:
        return db.execute(sql).fetchall()


def test_reader_comments_on_a_story(phone, site, site_url):
    page = phone
    page.goto(site_url + "/guong-sang/")
    page.locator("article.card .card__title a").first.click()
    title = page.locator("h1").inner_text()
    page.get_by_role("link", name="Gửi ý kiến của bạn").click()
    expect(page.get_by_text("Vui lòng gõ tiếng Việt có dấu").first).to_be_visible()

    page.get_by_label("Tên của bạn").fill("Phạm Thu Trang")
    page.get_by_label("Ý kiến của bạn").fill("cau chuyen rat cam dong, cam on tac gia")
    page.get_by_role("button", name="Gửi ý kiến").click()
    warning = page.locator("[data-diacritics-warning]")
    expect(warning).to_be_visible()  # stopped in the browser: nothing was sent
    assert "/da-gui/" not in page.url

    page.get_by_label("Ý kiến của bạn").fill("Câu chuyện rất cảm động, cảm ơn tác giả.")
    page.get_by_role("button", name="Gửi ý kiến").click()
    expect(page.get_by_text("Ý kiến của bạn sẽ được biên tập trước khi đăng")).to_be_visible(timeout=60_000)
    assert rows(site, "SELECT author_name, body, status FROM participation_comment") == [
        ("Phạm Thu Trang", "Câu chuyện rất cảm động, cảm ơn tác giả.", "pending")
    ]
    page.get_by_role("link", name=f"Trở lại bài “{title}”").click()
    expect(page.locator(".comments")).not_to_contain_text("Câu chuyện rất cảm động")


def test_reader_nominates_with_a_photo(phone, site, site_url, tmp_path):
    photo = tmp_path / "anh.jpg"
    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), (30, 120, 60)).save(buffer, "JPEG")
    photo.write_bytes(buffer.getvalue())

    page = phone
    page.goto(site_url + "/")
    page.get_by_role("link", name="Giới thiệu gương người tốt, việc tốt").click()
    expect(page.get_by_text("Nghị định 13/2023/NĐ-CP")).to_be_visible()
    page.get_by_label("Họ tên người (hoặc tên tập thể) được giới thiệu").fill("Ông Hoàng Văn Sáu")
    page.get_by_label("Họ đã làm việc tốt gì?").fill("Ông sửa xe miễn phí cho học sinh nghèo suốt mười năm.")
    page.get_by_label("Tỉnh, thành phố").select_option(label="Cần Thơ")
    page.get_by_label("Ảnh (không bắt buộc)").set_input_files(str(photo))
    page.get_by_label("Họ tên của bạn").fill("Lý Thị Hạnh")
    page.get_by_label("Số điện thoại").fill("0987 654 321")
    page.get_by_label("Tôi đồng ý").check()
    page.get_by_role("button", name="Gửi giới thiệu").click()
    expect(page.get_by_role("heading", name="Cảm ơn bạn đã giới thiệu")).to_be_visible(timeout=60_000)
    assert rows(site, "SELECT exemplar_name, nominator_phone, status, photo_width FROM exemplars_nomination") == [
        ("Ông Hoàng Văn Sáu", "0987 654 321", "pending", 640)
    ]
