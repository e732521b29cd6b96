"""The newsroom in a real browser: the demo Phóng viên writes a story with a photo and submits
it; the Biên tập viên approves the first step, the Lãnh đạo duyệt the second; readers see it."""

import io
import sqlite3
import time

import pytest
from PIL import Image
from playwright.sync_api import expect

from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser

TITLE = "Chàng trai Ê Đê dạy bơi miễn phí cho trẻ em buôn làng"


def _query(site, sql, *params):
    with sqlite3.connect(site.database) as db:
        return db.execute(sql, params).fetchone()


def _wait_for(site, sql, *params, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        row = _query(site, sql, *params)
        if row and all(row):
            return row
        time.sleep(0.3)
    raise AssertionError(f"not reached within {timeout} s: {sql} {params}")


def _log_in(browser, site, username):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.set_default_navigation_timeout(90_000)
    sign_in(page, site, username)
    return context, page


def _approve_on_dashboard(browser, site, username, page_id):
    context, page = _log_in(browser, site, username)
    row = page.locator("#awaiting-review-section tr", has_text=TITLE)
    row.locator(".w-dropdown__toggle").click()  # the row's "…" menu
    approve = row.locator(f'button[data-workflow-action-url*="/{page_id}/approve/"]:not([data-launch-modal])')
    approve.click()
    page.wait_for_load_state("networkidle")
    context.close()


def test_reporter_writes_a_story_with_a_photo_and_the_leader_publishes_it(browser, site, tmp_path):
    photo = tmp_path / "day-boi.jpg"
    buffer = io.BytesIO()
    Image.new("RGB", (640, 400), (30, 120, 200)).save(buffer, "JPEG")
    photo.write_bytes(buffer.getvalue())
    (index_id,) = _query(site, "SELECT id FROM wagtailcore_page WHERE slug = 'guong-sang'")

    # Phóng viên: a new story with a photo uploaded from the editor, submitted for review.
    context, page = _log_in(browser, site, "phongvien.demo")
    page.goto(f"{site.url}/admin/pages/add/exemplars/storypage/{index_id}/")
    page.locator("#id_title").fill(TITLE)
    page.locator("#id_title").blur()
    page.locator("#id_lead").fill("Mỗi chiều hè, anh Y Phơn dạy bơi cho hàng chục em nhỏ bên dòng suối.")
    page.locator("#id_exemplar_name").fill("Y Phơn Niê")
    page.locator("#id_hero_image-chooser .unchosen [data-chooser-action-choose]").click()
    modal = page.locator(".modal-dialog")
    modal.locator('a[href="#tab-upload"], [role="tab"][aria-controls="tab-upload"]').first.click()
    modal.locator("#id_image-chooser-upload-file").set_input_files(str(photo))
    modal.locator("#id_image-chooser-upload-title").fill("Lớp học bơi bên suối")
    modal.locator('#tab-upload form button[type="submit"]').click()
    expect(page.locator("#id_hero_image-chooser .chooser__title")).to_have_text("Lớp học bơi bên suối")
    assert page.locator('button[name="action-publish"]').count() == 0  # a reporter cannot publish
    page.locator('button[name="action-submit"]').dispatch_event("click")  # in the footer's menu
    page.wait_for_url(lambda url: "/add/" not in url)
    context.close()

    page_id, _photo = _wait_for(  # the story exists, with the uploaded photo as its hero image
        site,
        "SELECT p.id, s.hero_image_id FROM wagtailcore_page p "
        "JOIN exemplars_storypage s ON s.page_ptr_id = p.id WHERE p.title = ?",
        TITLE,
    )
    assert _query(site, "SELECT live FROM wagtailcore_page WHERE id = ?", page_id) == (0,)

    # Biên tập viên approves step 1, Lãnh đạo duyệt step 2: published.
    _approve_on_dashboard(browser, site, "bientap.demo", page_id)
    _wait_for(
        site,
        "SELECT t.name = 'Duyệt xuất bản' FROM wagtailcore_workflowstate w "
        "JOIN wagtailcore_taskstate ts ON ts.id = w.current_task_state_id "
        "JOIN wagtailcore_task t ON t.id = ts.task_id WHERE w.object_id = ? AND w.status = 'in_progress'",
        str(page_id),
    )
    assert _query(site, "SELECT live FROM wagtailcore_page WHERE id = ?", page_id) == (0,)
    _approve_on_dashboard(browser, site, "lanhdao.demo", page_id)
    _wait_for(site, "SELECT live FROM wagtailcore_page WHERE id = ?", page_id)

    # Readers see it, with its photo.
    (url_path,) = _query(site, "SELECT url_path FROM wagtailcore_page WHERE id = ?", page_id)
    reader = browser.new_context(locale="vi-VN").new_page()
    response = reader.goto(site.url + "/" + url_path.split("/", 2)[2])
    assert response.status == 200
    expect(reader.locator("h1")).to_have_text(TITLE)
    expect(reader.locator(".article img").first).to_be_visible()
    reader.context.close()
