"""Lịch xuất bản in a real browser: the demo Biên tập viên opens it from the dashboard, reads a
scheduled story and one waiting for review on the right days of the week (Monday first), moves
between weeks and months, keeps one section, and opens a story's editor from its entry."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from .test_newsroom import _log_in, _query

pytestmark = pytest.mark.browser

VN = ZoneInfo("Asia/Ho_Chi_Minh")
SCHEDULED = "Lịch: lễ tuyên dương gương sáng đã lên lịch"
WAITING = "Lịch: nữ bác sĩ vùng biên chờ duyệt"

SETUP = """
from datetime import datetime
from django.contrib.auth import get_user_model
from tests.factories import make_story
reporter = get_user_model().objects.get(username="phongvien.demo")
scheduled = make_story({scheduled!r}, publish=False, published_at=datetime.fromisoformat({at!r}))
scheduled.full_clean()  # the go-live time from the date readers see (core.ArticlePage)
scheduled.save_revision().publish()
waiting = make_story({waiting!r}, publish=False, owner=reporter, published_at=datetime.fromisoformat({later!r}))
waiting.full_clean()
waiting.save()
waiting.save_revision(user=reporter)
waiting.get_workflow().start(waiting, reporter)
"""


def _shell(site, code):
    """Run Python in the served site's settings and database (`manage.py shell`)."""
    site.deployment.manage("shell", "-c", code, timeout=120)


def test_an_editor_plans_the_week_in_the_calendar(browser, site):
    today = datetime.now(VN).date()
    day = today + timedelta(days=2)
    at = datetime(day.year, day.month, day.day, 9, 0, tzinfo=VN)
    _shell(
        site,
        SETUP.format(
            scheduled=SCHEDULED, waiting=WAITING, at=at.isoformat(), later=(at + timedelta(hours=5)).isoformat()
        ),
    )
    (scheduled_id,) = _query(site, "SELECT id FROM wagtailcore_page WHERE title = ?", SCHEDULED)

    context, page = _log_in(browser, site, "bientap.demo")
    # The dashboard's panel lists the next days, and opens the calendar.
    panel = page.locator("#newsroom-upcoming-content, #newsroom-upcoming").first
    expect(panel).to_contain_text(SCHEDULED)
    expect(panel).to_contain_text(f"{day:%d/%m/%Y} 09:00")
    page.get_by_role("link", name="Mở lịch tuần này").click()
    page.wait_for_url("**/admin/lich-xuat-ban/?xem=tuan")

    # This week, Monday first, in Vietnamese.
    monday = today - timedelta(days=today.weekday())
    expect(page.locator(".newsroom-calendar__heading")).to_have_text(
        f"Tuần {monday:%d/%m/%Y} – {monday + timedelta(days=6):%d/%m/%Y}"
    )
    expect(page.locator(".newsroom-calendar__grid thead th")).to_have_text(
        ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật"]
    )
    if day > monday + timedelta(days=6):  # two days from a Saturday or Sunday: next week
        page.get_by_role("link", name="Tuần sau →").click()
    cell = page.locator(f'td[data-date="{day:%d/%m/%Y}"]')
    expect(cell).to_contain_text(
        f"{['Thứ Hai', 'Thứ Ba', 'Thứ Tư', 'Thứ Năm', 'Thứ Sáu', 'Thứ Bảy', 'Chủ Nhật'][day.weekday()]}, {day:%d/%m/%Y}"
    )
    entry = cell.locator(".newsroom-entry", has_text=SCHEDULED)
    expect(entry).to_contain_text("09:00")
    expect(entry.locator(".newsroom-status")).to_have_text("Đã lên lịch")
    waiting = cell.locator(".newsroom-entry", has_text=WAITING)
    expect(waiting.locator(".newsroom-status")).to_have_text("Chờ Biên tập viên duyệt (bước 1/2: Biên tập)")
    expect(waiting).to_contain_text("14:00")

    # The month holding that day, then back.
    page.get_by_role("link", name="Tháng", exact=True).click()
    expect(page.locator(".newsroom-calendar__heading")).to_have_text(f"Tháng {day.month}/{day.year}")
    assert page.locator(".newsroom-calendar__grid tbody tr").count() in (4, 5, 6)
    first_cell = page.locator(".newsroom-calendar__grid tbody td").first.get_attribute("data-date")
    assert datetime.strptime(first_cell, "%d/%m/%Y").date().weekday() == 0
    expect(page.locator(f'td[data-date="{day:%d/%m/%Y}"] .newsroom-entry', has_text=SCHEDULED)).to_be_visible()
    page.get_by_role("link", name="Tháng sau →").click()
    next_month = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    expect(page.locator(".newsroom-calendar__heading")).to_have_text(f"Tháng {next_month.month}/{next_month.year}")
    page.get_by_role("link", name="← Tháng trước").click()
    expect(page.locator(".newsroom-calendar__heading")).to_have_text(f"Tháng {day.month}/{day.year}")

    # One section at a time: the news section has none of these stories.
    page.get_by_label("Chuyên mục").select_option(
        label=_query(site, "SELECT title FROM wagtailcore_page WHERE slug = 'tin-phong-trao'")[0]
    )
    page.get_by_role("button", name="Lọc").click()
    expect(page.locator(".newsroom-entry", has_text=SCHEDULED)).to_have_count(0)
    page.get_by_label("Chuyên mục").select_option(
        label=_query(site, "SELECT title FROM wagtailcore_page WHERE slug = 'guong-sang'")[0]
    )
    page.get_by_role("button", name="Lọc").click()
    expect(page.locator(".newsroom-entry", has_text=SCHEDULED)).to_have_count(1)

    # An entry opens the story's editor.
    page.locator(".newsroom-entry", has_text=SCHEDULED).get_by_role("link").click()
    page.wait_for_url(f"**/admin/pages/{scheduled_id}/edit/")
    expect(page.locator("#id_title")).to_have_value(SCHEDULED)

    # And the calendar is in the admin menu.
    page.goto(site.url + "/admin/")
    page.locator("#wagtail-sidebar").get_by_role("link", name="Lịch xuất bản").click()
    page.wait_for_url("**/admin/lich-xuat-ban/")
    context.close()
