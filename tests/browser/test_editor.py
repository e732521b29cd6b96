"""An editor in the admin: the slug the page gets from a Vietnamese headline."""

import sqlite3

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser


def test_admin_slug_is_ascii_with_d_for_dj(desktop, site):
    with sqlite3.connect(site.database) as db:
        (index_id,) = db.execute("SELECT id FROM wagtailcore_page WHERE slug = 'guong-sang'").fetchone()
    page = desktop
    sign_in(page, site)

    page.goto(f"{site.url}/admin/pages/add/exemplars/storypage/{index_id}/")
    page.locator("#id_title").fill("Đoàn thanh niên Đắk Lắk hiến máu cứu người trong lũ")
    page.locator("#id_title").blur()
    # Wagtail's own transliteration would give "djoan-thanh-nien-djak-lak-hien-mau-cuu-nguoi-trong-lu".
    expect(page.locator("#id_slug")).to_have_value("doan-thanh-nien-dak-lak-hien-mau-cuu-nguoi-trong-lu")


def test_keyboard_user_can_skip_to_content(browser, site_url):
    context = browser.new_context(viewport={"width": 1024, "height": 800})
    page = context.new_page()
    page.goto(site_url + "/guong-sang/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Bỏ qua, đến nội dung chính")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("main#noi-dung")).to_be_focused()
    context.close()
