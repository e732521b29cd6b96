"""The newsroom's messages in a real browser (issue 15, item 3), next to the calendar's test: a
Lãnh đạo duyệt publishes a story in one tab and reads "Đã xuất bản '…'"; the same story still
open in another tab, where typing starts an autosave, says who published it, when, and to
reload, instead of a silent 400."""

import pytest
from playwright.sync_api import expect

from .test_newsroom import _log_in, _query

pytestmark = pytest.mark.browser


def test_publish_says_so_and_a_stale_tab_says_why_it_stopped_saving(browser, site):
    (page_id, title) = _query(
        site,
        "SELECT p.id, p.title FROM wagtailcore_page p JOIN exemplars_storypage s ON s.page_ptr_id = p.id "
        "WHERE p.live = 1 ORDER BY p.id LIMIT 1",
    )
    context, stale = _log_in(browser, site, "lanhdao.demo")
    failed = []
    stale.on("response", lambda r: failed.append(r.status) if r.request.method == "POST" and r.status >= 400 else None)
    stale.goto(f"{site.url}/admin/pages/{page_id}/edit/")

    # Another tab publishes the story.
    other = context.new_page()
    other.goto(f"{site.url}/admin/pages/{page_id}/edit/")
    other.locator('button[name="action-publish"]').dispatch_event("click")  # in the footer's menu
    other.wait_for_url(lambda url: "/edit/" not in url)
    expect(other.locator(".messages")).to_contain_text(f"Đã xuất bản '{title}'.")

    # Typing in the first tab: its autosave is refused, and the editor reads why.
    stale.locator("#id_lead").click()
    stale.keyboard.type(" Thêm một câu.")
    stale.locator("#id_title").click()
    warning = stale.locator(".footer__save-warning")
    expect(warning).to_contain_text("Bạn (ở một thẻ hay cửa sổ khác) đã xuất bản bài này lúc", timeout=15_000)
    expect(warning).to_contain_text("tải lại trang để sửa tiếp trên bản mới nhất")
    assert failed == [400]  # the autosave, as Wagtail's script expects it: paused, not retried
    context.close()
