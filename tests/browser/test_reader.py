"""A reader on a phone: home page → featured story → "In bài"; section filter; 404."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser
SCREENSHOT = Path(__file__).resolve().parents[2] / "test-artifacts" / "story.png"
# "Thứ Tư, 21/02/2024 08:30", as Vietnamese newspapers date an article.
VI_DATETIME = re.compile(r"^(Thứ (Hai|Ba|Tư|Năm|Sáu|Bảy)|Chủ Nhật), \d{2}/\d{2}/\d{4} \d{2}:\d{2}$")


def test_reader_opens_a_featured_story_and_prints_it(phone, site_url):
    page = phone
    assert page.goto(site_url + "/").status == 200
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page.locator(".site-header .brand")).to_contain_text("Gương Sáng")
    featured = page.get_by_role("region", name="Gương sáng tiêu điểm")
    expect(featured.get_by_role("heading", name="Gương sáng tiêu điểm")).to_be_visible()

    link = featured.locator("article.card .card__title a").first
    title = link.inner_text().strip()
    href = link.get_attribute("href")
    link.click()
    page.wait_for_url(re.compile(re.escape(href) + "$"))

    # The story: title, hero photo with caption and credit under it, Vietnamese date.
    expect(page.locator("h1")).to_have_text(title)
    hero = page.locator("figure.figure--hero")
    img, figcaption = hero.locator("img"), hero.locator("figcaption")
    expect(figcaption).to_be_visible()
    caption = hero.locator(".figure__caption").inner_text().strip()
    credit = hero.locator(".figure__credit").inner_text().strip()
    assert caption
    assert credit.startswith("(Ảnh:"), credit
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=img.element_handle())
    img_box, caption_box = img.bounding_box(), figcaption.bounding_box()
    assert caption_box["y"] >= img_box["y"] + img_box["height"] - 1, "caption is not under the photo"
    expect(page.locator(".article__header time")).to_have_text(VI_DATETIME)

    # Breadcrumbs lead back to the section the story lives in.
    section_path = "/" + href.strip("/").split("/")[0] + "/"
    expect(page.locator(f'.breadcrumbs a[href="{section_path}"]')).to_have_count(1)

    SCREENSHOT.parent.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOT, full_page=True)

    # Printing the page itself hides the site chrome.
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    page.emulate_media(media="screen")

    # "In bài": the article alone, not for search engines.
    page.locator(".share").get_by_role("link", name="In bài").click()
    page.wait_for_url("**/in/")
    expect(page.locator("h1")).to_have_text(title)
    expect(page.locator("figcaption .figure__caption")).to_have_text(caption)
    expect(page.locator("figcaption .figure__credit")).to_have_text(credit)
    expect(page.locator(".site-header")).to_have_count(0)
    expect(page.locator('meta[name="robots"]')).to_have_attribute("content", "noindex")


def test_section_filter_and_not_found(phone, site_url):
    page = phone
    assert page.goto(site_url + "/guong-sang/").status == 200
    page.locator("summary", has_text="Lọc").click()  # the filters open from "Lọc"
    option = page.locator('select[name="locality"] option:not([value=""])').first
    locality = option.get_attribute("value")
    page.locator('select[name="locality"]').select_option(locality)
    with page.expect_response(lambda r: "locality=" in r.url and r.request.is_navigation_request()) as info:
        page.locator("form.filters").get_by_role("button", name="Lọc", exact=True).click()
    assert info.value.status == 200
    page.wait_for_url(re.compile(rf"\?(.*&)?locality={re.escape(locality)}(&|$)"))
    expect(page.locator("main article.card, main .empty").first).to_be_visible()
    assert page.goto(site_url + "/khong-co-trang-nay/").status == 404


def test_not_found_page_is_vietnamese(phone, site_url):
    assert phone.goto(site_url + "/khong-co-trang-nay/").status == 404
    expect(phone.get_by_role("heading", level=1)).to_have_text("Không tìm thấy trang", timeout=2000)
