"""Đọc nhiều: the beacon counts reads per article and day through real HTTP, with nothing about
the reader; the block lists the most read articles readers may see, and drops one the moment it
is unpublished (core.readership)."""

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.template import Context, Template
from django.utils import timezone
from wagtail.models import PageViewRestriction

from core import readership
from core.models import ReadCount
from tests.factories import make_news, make_story


def beacon_url(page):
    return f"/api/views/{page.pk}/"


@pytest.fixture
def reads(db):
    """No counts but this test's: the demo's seeded ones and any left in memory go."""
    ReadCount.objects.all().delete()
    readership.discard_pending()
    yield
    readership.discard_pending()


def counted(page):
    return dict(ReadCount.objects.filter(page=page).values_list("day", "views"))


def read(client, page, times=1):
    for _ in range(times):
        response = client.post(beacon_url(page))
        assert response.status_code == 204
    return response


def block(**arguments):
    names = " ".join(f"{name}={name}" for name in arguments)
    return Template("{% load gs_tags %}{% most_read " + names + " %}").render(Context(arguments))


# --- counting ---------------------------------------------------------------------------------


def test_each_post_counts_one_read_on_todays_row(client, reads):
    story = make_story()
    read(client, story, times=3)
    assert readership.flush() == 3
    assert counted(story) == {timezone.localdate(): 3}
    read(client, story)
    readership.flush()
    assert counted(story) == {timezone.localdate(): 4}  # the same row, one more


def test_reads_are_counted_per_day_in_vietnam_time(client, reads):
    story = make_story(published_at=datetime(2026, 1, 1, tzinfo=UTC))
    # 16:59 UTC on 1 March is 23:59 in Hà Nội; 23:30 UTC is 06:30 on 2 March there.
    with time_machine.travel(datetime(2026, 3, 1, 16, 59, tzinfo=UTC), tick=False):
        read(client, story)
        readership.flush()
    with time_machine.travel(datetime(2026, 3, 1, 23, 30, tzinfo=UTC), tick=False):
        read(client, story, times=2)
        readership.flush()
    assert counted(story) == {date(2026, 3, 1): 1, date(2026, 3, 2): 2}


def test_the_beacon_sets_no_cookie_and_no_cache_keeps_it(client, reads):
    story = make_story()
    client.cookies["csrftoken"] = "x" * 32  # what a reader who opened a form carries
    response = read(client, story)
    assert not response.cookies and "Set-Cookie" not in response.headers
    assert "Cookie" not in response.get("Vary", "")
    assert response["Cache-Control"] == "no-store"
    assert response.content == b""


def test_nothing_about_the_reader_is_stored(client, reads):
    assert {f.name for f in ReadCount._meta.get_fields()} == {"id", "page", "day", "views"}
    story = make_story()
    client.post(beacon_url(story), REMOTE_ADDR="203.0.113.9", HTTP_USER_AGENT="Zalo/1.0", HTTP_REFERER="https://x/")
    readership.flush()
    assert "203.0.113.9" not in str(list(ReadCount.objects.values())) and "Zalo" not in str(
        list(ReadCount.objects.values())
    )


def test_only_post_counts(client, reads):
    story = make_story()
    for method in (client.get, client.head, client.put, client.delete):
        response = method(beacon_url(story))
        assert response.status_code == 405 and response["Allow"] == "POST"
    assert readership.pending() == 0


def test_a_post_from_another_site_is_not_counted(client, reads):
    story = make_story()
    assert client.post(beacon_url(story), HTTP_SEC_FETCH_SITE="cross-site").status_code == 204
    assert readership.pending() == 0
    client.post(beacon_url(story), HTTP_SEC_FETCH_SITE="same-origin")
    assert readership.pending() == 1


def test_pages_readers_may_not_see_are_not_counted(client, reads, sections):
    draft = make_story("Bản nháp", publish=False)
    scheduled = make_story("Bài cấm đăng", published_at=timezone.now() + timedelta(days=1))
    expired = make_story("Bài hết hạn", expire_at=timezone.now() + timedelta(minutes=1))
    with time_machine.travel(timezone.now() + timedelta(minutes=2)):
        call_command("publish_scheduled", verbosity=0)  # the worker's job: expires it
    private = make_story("Bài riêng tư")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.PASSWORD, password="x")
    for page in (draft, scheduled, expired, private, sections["story"]):
        assert client.post(beacon_url(page)).status_code == 404, page.title
    assert client.post("/api/views/987654321/").status_code == 404
    assert readership.pending() == 0


def test_an_unpublished_article_stops_counting_at_once(client, reads):
    story = make_story()
    read(client, story)
    story.unpublish()
    assert client.post(beacon_url(story)).status_code == 404
    assert readership.flush() == 1


def test_a_counted_read_costs_no_query_once_the_article_is_known(client, reads, django_assert_max_num_queries):
    story = make_story()
    read(client, story)
    with django_assert_max_num_queries(1):  # at most the content version, once a second
        read(client, story, times=5)


def test_counts_wait_in_memory_until_flushed_and_add_up(client, reads):
    """The process keeps what it counted until a flush writes it; a flush adds to the day's row
    (counted by other processes too) rather than replacing it."""
    story, news = make_story(), make_news()
    ReadCount.objects.create(page=story, day=timezone.localdate(), views=40)  # another process's
    read(client, story, times=2)
    read(client, news)
    assert counted(story) == {timezone.localdate(): 40}
    assert readership.pending() == 3
    assert readership.flush() == 3
    assert readership.pending() == 0 and readership.flush() == 0
    assert counted(story) == {timezone.localdate(): 42} and counted(news) == {timezone.localdate(): 1}


def test_reads_of_a_page_deleted_before_the_flush_are_dropped_alone(client, reads):
    kept, deleted = make_story("Còn"), make_story("Bị xóa")
    read(client, kept)
    read(client, deleted)
    deleted.delete()
    assert readership.flush() == 2
    assert counted(kept) == {timezone.localdate(): 1}
    assert not ReadCount.objects.exclude(page=kept).exists()


# --- the block ----------------------------------------------------------------------------------


def seed(page, *views_by_days_ago):
    today = timezone.localdate()
    for days_ago, views in enumerate(views_by_days_ago):
        if views:
            ReadCount.objects.create(page=page, day=today - timedelta(days=days_ago), views=views)


def titles(found):
    return [article["title"] for article in found]


def test_most_read_over_the_last_7_days_ties_to_the_newest(reads):
    now = timezone.now()
    old = make_story("Cũ mà đọc nhiều", published_at=now - timedelta(days=30))
    tie_old = make_news("Bằng lượt, đăng trước", published_at=now - timedelta(days=3))
    tie_new = make_story("Bằng lượt, đăng sau", published_at=now - timedelta(days=2))
    faded = make_story("Từng đọc nhiều", published_at=now - timedelta(days=40))
    seed(old, 5, 5, 5, 0, 0, 0, 10)  # 25, the last on the 7th day back
    seed(tie_old, 10)
    seed(tie_new, 4, 6)
    seed(faded, 0, 0, 0, 0, 0, 0, 0, 500)  # 8 days ago: outside the window
    found = readership.most_read(limit=5)
    assert titles(found) == [old.title, tie_new.title, tie_old.title]
    assert [a["views"] for a in found] == [25, 10, 10]
    assert found[0]["url"] == old.url
    assert titles(readership.most_read(limit=2)) == [old.title, tie_new.title]


def test_the_block_renders_a_numbered_list_of_links(reads):
    first, second = make_story("Đọc nhiều nhất"), make_news("Đọc nhiều nhì")
    seed(first, 9)
    seed(second, 3)
    html = block()
    assert "Đọc nhiều</h2>" in html and "<ol" in html
    assert html.index(first.title) < html.index(second.title)
    assert f'href="{first.url}"' in html
    assert block(exclude=first).count("<li") == 1


def test_nothing_read_yet_renders_nothing(reads):
    make_story()
    assert block().strip() == ""  # no empty heading


def test_a_section_lists_its_own_articles(reads, sections):
    story, news = make_story("Gương"), make_news("Tin")
    seed(story, 5)
    seed(news, 9)
    assert titles(readership.most_read(sections["story"])) == ["Gương"]
    assert titles(readership.most_read(sections["news"])) == ["Tin"]
    assert titles(readership.most_read(story)) == ["Gương"]  # beside an article: its section
    assert titles(readership.most_read()) == ["Tin", "Gương"]
    assert titles(readership.most_read(sections["movement"])) == ["Tin", "Gương"]


def test_an_unpublished_article_leaves_the_block_at_once(reads):
    gone, stays = make_story("Sẽ gỡ"), make_story("Còn lại")
    seed(gone, 50)
    seed(stays, 5)
    assert titles(readership.most_read()) == ["Sẽ gỡ", "Còn lại"]  # and now cached
    gone.unpublish()
    assert titles(readership.most_read()) == ["Còn lại"]
    assert "Sẽ gỡ" not in block()


def test_articles_readers_may_not_see_are_never_listed(reads):
    shown = make_story("Hiện")
    private = make_story("Riêng tư")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.PASSWORD, password="x")
    scheduled = make_story("Lên lịch", published_at=timezone.now() + timedelta(hours=2))
    draft = make_story("Nháp", publish=False)
    for page in (shown, private, scheduled, draft):
        seed(page, 10)
    assert titles(readership.most_read()) == ["Hiện"]


def test_the_block_costs_no_query_while_cached(reads, django_assert_num_queries):
    seed(make_story(), 3)
    block()
    with django_assert_num_queries(0):
        block()


# --- the demo ---------------------------------------------------------------------------------


def test_the_demo_seeds_plausible_counts_once_a_day(reads):
    written = readership.seed_demo_counts()
    assert written > 0
    assert readership.seed_demo_counts() == 0  # again the same day: nothing
    assert len(readership.most_read(limit=5)) == 5
    assert not ReadCount.objects.filter(day__gt=timezone.localdate()).exists()
