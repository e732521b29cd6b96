"""Đọc nhiều on a phone: opening a story counts one read in the served site's database (the
runserver process writes its counts every READERSHIP_FLUSH_SECONDS), also when the page comes
from the page cache; a reload in the same tab does not count again (core.readership)."""

import re
import sqlite3
import time
from contextlib import closing
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils.html import escape

pytestmark = pytest.mark.browser
WAIT_SECONDS = 20  # the server writes what it counted every 5 s


def query(site, sql, *params):
    with closing(sqlite3.connect(site.database, timeout=20)) as db, db:
        return db.execute(sql, params).fetchall()


def a_story(site):
    """(page id, path, lead) of a live demo story."""
    (pk, url_path, lead), *_ = query(
        site,
        "SELECT p.id, p.url_path, s.lead FROM wagtailcore_page p JOIN exemplars_storypage s ON s.page_ptr_id = p.id "
        "WHERE p.live ORDER BY p.id DESC",
    )
    return pk, "/" + "/".join(url_path.strip("/").split("/")[1:]) + "/", lead


def reads_today(site, pk):
    today = datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")).date().isoformat()
    rows = query(site, "SELECT views FROM core_readcount WHERE page_id = ? AND day = ?", pk, today)
    return rows[0][0] if rows else 0


def wait_for_reads(site, pk, expected):
    deadline = time.monotonic() + WAIT_SECONDS
    while (found := reads_today(site, pk)) < expected and time.monotonic() < deadline:
        time.sleep(0.25)
    return found


def settled_reads(site, pk):
    """Today's reads once the server has written what earlier tests' tabs counted (a count
    changes at most once per flush interval)."""
    found = reads_today(site, pk)
    while True:
        time.sleep(5.5)
        again = reads_today(site, pk)
        if again == found:
            return found
        found = again


def test_a_story_read_on_a_phone_is_counted_once_per_tab_also_from_the_page_cache(phone, browser, site):
    pk, path, lead = a_story(site)
    before = settled_reads(site, pk)

    with phone.expect_response(re.compile(rf"/api/views/{pk}/$")) as beacon:
        assert phone.goto(site.url + path).status == 200
    assert beacon.value.status == 204
    assert "set-cookie" not in beacon.value.headers
    assert wait_for_reads(site, pk, before + 1) == before + 1

    # Reloading the same tab does not count again (the tab's session remembers the read).
    phone.reload()
    phone.wait_for_load_state("load")
    time.sleep(6.5)  # longer than the server's flush interval
    assert reads_today(site, pk) == before + 1

    # Another reader, another tab: the page is now served from the page cache (a change made
    # behind Django's back, which replaces no content version, does not show), and is counted.
    query(site, "UPDATE exemplars_storypage SET lead = ? WHERE page_ptr_id = ?", "Sapo đổi ngầm", pk)
    try:
        other = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, locale="vi-VN")
        reader = other.new_page()
        reader.goto(site.url + path)
        assert escape(lead) in reader.content() and "Sapo đổi ngầm" not in reader.content()
        assert wait_for_reads(site, pk, before + 2) == before + 2
        other.close()
    finally:
        query(site, "UPDATE exemplars_storypage SET lead = ? WHERE page_ptr_id = ?", lead, pk)
