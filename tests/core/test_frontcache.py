"""What the proxy may keep and when it is purged, in one process (tests/deployment/
test_front_cache.py runs a real Varnish): readers' pages and feeds are public with s-maxage,
everything else private; every change purges each site's root with PURGE; a proxy that is
down or hangs slows a publish by one short timeout at most and loses nothing."""

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.test import override_settings

from core.frontcache import content_changed
from exemplars.models import StoryPage
from tests.deployment.harness import HangingServer


class PurgeRecorder:
    """A loopback HTTP server that answers PURGE with 200 and remembers what was purged."""

    def __init__(self):
        purged = self.purged = []

        class Handler(BaseHTTPRequestHandler):
            def do_PURGE(self):
                purged.append((self.headers["Host"], self.path))
                self.send_response(200)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def front_cache(url):
    return override_settings(
        WAGTAILFRONTENDCACHE={"proxy": {"BACKEND": "core.frontcache.PurgeBackend", "LOCATION": url}}
    )


@pytest.fixture
def recorder():
    server = PurgeRecorder()
    yield server
    server.close()


def test_readers_pages_and_feeds_are_shareable_and_nothing_else(client, db):
    story = StoryPage.objects.live().public().first()
    for url in ["/", story.url, "/guong-sang/", "/feeds/all.rss", "/api/ninjs/"]:
        control = client.get(url)["Cache-Control"]
        assert "public" in control and "s-maxage=600" in control, url
    for url in [
        "/search/?q=thi+dua",
        "/api/search/?q=thi",
        f"/y-kien/{story.pk}/",
        "/khong-co/",
        "/admin/login/",
        "/health/",
    ]:
        control = client.get(url)["Cache-Control"]
        assert "public" not in control and ("private" in control or "no-cache" in control), url


def test_an_editor_never_gets_a_shareable_page(client, db, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("bt", "bt@example.com", "x"))
    assert "public" not in client.get("/")["Cache-Control"]


def test_publishing_unpublishing_and_a_caption_edit_purge_the_site(db, recorder, django_capture_on_commit_callbacks):
    story = StoryPage.objects.live().public().first()
    with front_cache(recorder.url):
        with django_capture_on_commit_callbacks(execute=True):
            story.unpublish()
        assert recorder.purged and all(path == "/" for _, path in recorder.purged)
        recorder.purged.clear()
        with django_capture_on_commit_callbacks(execute=True):
            story.save_revision().publish()
        assert recorder.purged
        recorder.purged.clear()
        image = StoryPage.objects.live().exclude(hero_image=None).first().hero_image
        with django_capture_on_commit_callbacks(execute=True):
            image.title = "Chú thích mới"
            image.save()
        assert recorder.purged


def test_no_proxy_configured_means_no_purge_and_no_error(db, recorder):
    content_changed()
    assert recorder.purged == []


@pytest.mark.parametrize("kind", ["hanging", "refused"])
def test_a_proxy_that_hangs_or_is_down_costs_a_publish_one_timeout_at_most(
    db, kind, caplog, django_capture_on_commit_callbacks
):
    hanging = HangingServer() if kind == "hanging" else None
    url = hanging.url if hanging else "http://127.0.0.1:9"  # the discard port: nothing listens
    story = StoryPage.objects.live().public().first()
    try:
        with front_cache(url):
            for _ in range(3):
                started = time.monotonic()
                with django_capture_on_commit_callbacks(execute=True):
                    story.save_revision().publish()
                assert time.monotonic() - started < 5
            assert StoryPage.objects.get(pk=story.pk).live
            assert "front cache not purged" in caplog.text
    finally:
        if hanging:
            hanging.close()
