"""WebSub: the hub is advertised, and pinged on publish through a background task that keeps
failed pings and retries them. The hub is a real HTTP server on the loopback interface."""

import pytest
from lxml import etree

from core import periodic
from feeds.models import PendingPing
from tests.factories import make_story
from tests.hub import Hub


@pytest.fixture
def hub(settings):
    running = Hub()
    settings.WEBSUB_HUB_URL = running.url
    yield running
    running.close()


def test_hub_is_advertised(client, hub, rich_story):
    response = client.get("/feeds/all.rss")
    assert f'<{hub.url}>; rel="hub"' in response["Link"] and 'rel="self"' in response["Link"]
    tree = etree.fromstring(response.content)
    assert tree.find("channel/{http://www.w3.org/2005/Atom}link[@rel='hub']").get("href") == hub.url
    atom = etree.fromstring(client.get("/feeds/all.atom").content)
    assert atom.find("{http://www.w3.org/2005/Atom}link[@rel='hub']").get("href") == hub.url
    assert client.get("/feeds/all.json").json()["hubs"] == [{"type": "WebSub", "url": hub.url}]


def test_no_hub_no_advertisement(client, rich_story, settings):
    settings.WEBSUB_HUB_URL = ""
    response = client.get("/feeds/all.rss")
    assert 'rel="hub"' not in response["Link"] and b'rel="hub"' not in response.content


def story_in_feeds(title, movement):
    """A story published in its movement's feed and in Bình Định's (so Gia Lai's too)."""
    from core.models import Locality

    story = make_story(title=title, publish=False)
    story.movements = [movement]
    story.localities = [Locality.objects.get(slug="binh-dinh")]
    story.save_revision().publish()
    return story


def test_publishing_pings_the_hub_for_every_feed_of_the_article(hub, movement, db):
    story = story_in_feeds("Bài mới báo cho hub", movement)

    root = story.get_site().root_url
    expected = {
        f"{root}/feeds/all.rss",
        f"{root}/feeds/all.atom",
        f"{root}/feeds/all.json",
        f"{root}/feeds/stories.rss",
        f"{root}/feeds/movements/{movement.slug}.rss",
        f"{root}/feeds/localities/binh-dinh.rss",
        f"{root}/feeds/localities/gia-lai.rss",
    }
    assert expected <= hub.topics()
    assert not PendingPing.objects.exists()

    hub.pings.clear()
    story.refresh_from_db()
    story.unpublish()
    assert f"{root}/feeds/stories.rss" in hub.topics()


def test_a_failed_ping_is_kept_and_retried(hub, db):
    hub.statuses = [503]
    story = make_story(title="Bài khi hub đang lỗi")
    waiting = list(PendingPing.objects.all())
    assert waiting and all(p.attempts == 1 and "503" in p.last_error for p in waiting)
    assert not hub.pings

    PendingPing.objects.update(next_attempt_at=story.last_published_at)  # the retry delay has passed
    job = next(j for j in periodic.all_jobs() if j.name == "websub_pings")
    assert periodic.run_job(job)
    assert not PendingPing.objects.exists()
    root = story.get_site().root_url
    assert f"{root}/feeds/all.rss" in hub.topics()


def test_an_unreachable_hub_is_retried_later(settings, db):
    settings.WEBSUB_HUB_URL = "http://127.0.0.1:9/"  # discard port: nothing listens
    make_story(title="Bài khi không kết nối được hub")
    assert PendingPing.objects.exists()
    assert all(p.attempts == 1 and p.next_attempt_at > p.queued_at for p in PendingPing.objects.all())


def test_an_article_that_leaves_a_feed_pings_that_feed(hub, movement, db):
    story = story_in_feeds("Bài rời khỏi bảng tin phong trào", movement)
    root = story.get_site().root_url
    hub.pings.clear()

    story.refresh_from_db()
    story.movements = []  # the editor removes the movement and the locality, and republishes
    story.localities = []
    story.save_revision().publish()
    assert {f"{root}/feeds/movements/{movement.slug}.rss", f"{root}/feeds/localities/gia-lai.rss"} <= hub.topics()


def test_deleting_a_live_article_pings_its_feeds(hub, db):
    story = make_story(title="Bài bị xoá")
    root = story.get_site().root_url
    hub.pings.clear()
    story.delete()
    assert {f"{root}/feeds/all.rss", f"{root}/feeds/stories.rss"} <= hub.topics()


def test_pings_wait_until_every_process_serves_the_change(settings, db):
    settings.WEBSUB_HUB_URL = "http://127.0.0.1:9/"
    settings.WEBSUB_PING_DELAY_SECONDS = None  # the default: the version check interval + 1 s
    settings.CONTENT_VERSION_CHECK_SECONDS = 1
    story = make_story(title="Bài chờ các tiến trình thấy")
    waiting = PendingPing.objects.all()
    assert waiting and all(
        p.attempts == 0 and (p.next_attempt_at - story.last_published_at).total_seconds() >= 1.9 for p in waiting
    )  # not sent yet: due two seconds after the publish


def test_making_an_article_private_and_public_again_pings_its_feeds(
    hub, movement, db, django_capture_on_commit_callbacks
):
    """A view restriction takes the article out of its feeds as an unpublish does; lifting it
    brings the article back: both times every feed it is in hears of it."""
    from wagtail.models import PageViewRestriction

    story = story_in_feeds("Bài sắp thành riêng tư", movement)
    root = story.get_site().root_url
    own_feed = f"{root}/feeds/movements/{movement.slug}.rss"

    hub.pings.clear()
    restriction = PageViewRestriction.objects.create(page=story, restriction_type=PageViewRestriction.LOGIN)
    assert {own_feed, f"{root}/feeds/localities/gia-lai.rss"} <= hub.topics()

    hub.pings.clear()
    with django_capture_on_commit_callbacks(execute=True):
        restriction.delete()
    assert own_feed in hub.topics()
