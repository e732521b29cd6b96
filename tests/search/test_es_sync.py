"""Nothing published is lost while Elasticsearch is down: index changes wait in PendingSync and
the worker's periodic job sends them when it is back (against the loopback server)."""

import contextlib
import io
from datetime import timedelta

from django.core.management import call_command
from django.utils import timezone

from core import outbox
from search import sync
from search.es_index import ALIAS
from search.models import PendingSync
from tests.factories import make_story
from tests.search.fake_elasticsearch import FakeElasticsearch

DOWN = "http://127.0.0.1:9"  # nothing listens on the discard port: connection refused


def a_minute_passes():
    PendingSync.objects.update(next_attempt_at=timezone.now() - timedelta(seconds=1))


def test_changes_made_while_elasticsearch_is_down_are_sent_when_it_returns(db, settings):
    settings.ELASTICSEARCH_URL = DOWN
    story = make_story(title="Anh thợ điện leo cột giữa bão")
    gone = make_story(title="Bài sẽ gỡ khi máy chủ tìm kiếm đang tắt")
    gone.unpublish()

    waiting = {row.page_id: row for row in PendingSync.objects.all()}
    assert set(waiting) == {story.pk, gone.pk}
    assert all(row.attempts >= 1 and "ConnectionError" in row.last_error for row in waiting.values())
    assert all(row.next_attempt_at > timezone.now() for row in waiting.values())

    with FakeElasticsearch() as fake:
        settings.ELASTICSEARCH_URL = fake.url
        call_command("run_worker", "--once", stdout=io.StringIO())
        assert fake.requests == [], "a retry waits for its time"
        a_minute_passes()
        call_command("run_worker", "--once", stdout=io.StringIO())

    paths = [(method, path) for method, path, _ in fake.requests]
    assert ("PUT", f"/{ALIAS}/_doc/{story.pk}") in paths or ("POST", f"/{ALIAS}/_doc/{story.pk}") in paths
    assert ("DELETE", f"/{ALIAS}/_doc/{gone.pk}") in paths
    assert not PendingSync.objects.exists()


def test_the_delay_grows_and_nothing_is_dropped(db, settings):
    settings.ELASTICSEARCH_URL = DOWN
    story = make_story(title="Cô y tá vượt lũ đỡ đẻ")
    for _ in range(12):
        a_minute_passes()
        sync.run()
    row = PendingSync.objects.get(page_id=story.pk)
    assert row.attempts >= 12
    assert row.next_attempt_at - timezone.now() <= outbox.MAX_DELAY
    assert outbox.delay(1) == timedelta(minutes=1) and outbox.delay(3) == timedelta(minutes=4)
    assert outbox.delay(20) == outbox.MAX_DELAY


def test_status_shows_what_waits(db, settings):
    settings.ELASTICSEARCH_URL = DOWN
    make_story(title="Người gác đèn biển Hòn Dấu")
    out = io.StringIO()
    with contextlib.suppress(SystemExit):  # status exits non-zero when Elasticsearch can't be reached
        call_command("search_index", "status", stdout=out)
    assert "Chờ gửi sang Elasticsearch: 1 bài" in out.getvalue()


def test_no_rows_without_elasticsearch(db, settings):
    settings.ELASTICSEARCH_URL = ""
    make_story(title="Bác nông dân hiến đất làm đường")
    assert not PendingSync.objects.exists()
