"""The Content-Security-Policy breaks nothing a reader or an editor uses: Chromium reports no
violation on the public pages, the forms, the API docs, or the admin's busiest screens."""

import sqlite3

import pytest

from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def watched(desktop):
    """A desktop page, and the CSP violations and script errors Chromium reports on it."""
    reports = []
    desktop.on(
        "console",
        lambda message: (
            reports.append(message.text)
            if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text
            else None
        ),
    )
    desktop.on("pageerror", lambda error: reports.append(f"script error: {error}"))
    return desktop, reports


def ids(site, sql):
    with sqlite3.connect(site.database) as db:
        return [row[0] for row in db.execute(sql).fetchall()]


def test_readers_pages_and_forms_run_under_the_policy(watched, site):
    page, reports = watched
    story_id = ids(
        site,
        "SELECT p.id FROM wagtailcore_page p JOIN exemplars_storypage s ON s.page_ptr_id = p.id WHERE p.live LIMIT 1",
    )[0]
    for path in [
        "/",
        "/guong-sang/",
        "/search/?q=thi+dua",
        f"/y-kien/{story_id}/",
        "/gioi-thieu-guong/",
        "/ban-tin/",
        "/api/docs",
        "/khong-co-trang-nay/",
        "/so-do-trang/",
        "/tuyen-bo-ho-tro-tiep-can/",
    ]:
        page.goto(site.url + path, wait_until="networkidle")
    page.goto(site.url + "/")
    page.locator("a[href^='/guong-sang/']").nth(1).click()
    page.wait_for_load_state("networkidle")
    story = page.url
    page.locator(".tags a").first.click()  # its topic
    page.wait_for_load_state("networkidle")
    page.goto(story + "in/", wait_until="networkidle")  # "In bài"
    page.goto(site.url + "/")
    search = page.locator("input[type=search]").first
    search.fill("nguoi tot")  # autocomplete fetches suggestions from the API
    page.wait_for_timeout(800)
    assert reports == []


def test_the_admin_runs_under_its_policy(watched, site):
    page, reports = watched
    story_id = ids(
        site,
        "SELECT p.id FROM wagtailcore_page p JOIN exemplars_storypage s ON s.page_ptr_id = p.id WHERE p.live LIMIT 1",
    )[0]
    sign_in(page, site)
    for path in [
        "/admin/",
        f"/admin/pages/{story_id}/edit/",
        "/admin/images/",
        "/admin/snippets/",
        "/admin/reports/site-history/",
        "/admin/pages/search/?q=thi",
    ]:
        page.goto(site.url + path, wait_until="networkidle")
    # The live preview frames the admin's own preview view.
    page.goto(f"{site.url}/admin/pages/{story_id}/edit/", wait_until="networkidle")
    page.locator("[data-side-panel-toggle='preview']").first.click()
    preview = page.frame_locator("iframe[data-w-preview-target='iframe'], .preview-panel iframe, iframe").first
    assert preview.locator("h1").first.inner_text(timeout=30_000).strip()  # the story, framed
    assert reports == []
