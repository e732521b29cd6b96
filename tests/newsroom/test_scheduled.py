"""Scheduled publishing with a frozen clock: an embargoed story appears nowhere until the
worker's `publish_scheduled` job runs after its go-live time; then it appears everywhere."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from core.periodic import all_jobs, run_job
from exemplars.models import StoryPage
from newsroom.roles import LANH_DAO_DUYET

from .conftest import create_story

VN = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime(2027, 1, 15, 9, 0, tzinfo=VN)
GO_LIVE = NOW + timedelta(hours=1)
TITLE = "Lễ tuyên dương thanh niên Zephyrania tiêu biểu"
PUBLIC_PLACES = [  # where a reader or a partner could find a published story
    "/guong-sang/",
    "/",
    "/search/?q=Zephyrania",
    "/api/search/?q=Zephyrania",
    "/sitemap.xml",
    "/sitemap-news.xml",
    "/feeds/all.rss",
    "/feeds/all.atom",
    "/feeds/all.json",
    "/feeds/stories.rss",
    "/api/ninjs/",
]


def _found_in(reader, path, page):
    response = reader.get(path)
    assert response.status_code == 200, path
    return page.slug in response.content.decode()  # its URL (the search pages echo the query words)


def _publish_scheduled_job():
    return next(job for job in all_jobs() if job.name == "publish_scheduled")


@pytest.mark.django_db
def test_embargoed_story_appears_nowhere_until_its_go_live_time(make_user, client_for):
    reader = Client()
    with time_machine.travel(NOW, tick=False):
        leader = client_for(make_user(LANH_DAO_DUYET))
        for path in PUBLIC_PLACES:  # cached now, as readers would have them
            reader.get(path)
        page = create_story(
            leader,
            TITLE,
            **{
                "published_at": GO_LIVE.strftime("%d/%m/%Y %H:%M"),
                "go_live_at": GO_LIVE.strftime("%d/%m/%Y %H:%M"),
                "action-publish": "1",
            },
        )
        page = StoryPage.objects.get(pk=page.pk)
        assert not page.live and page.scheduled_revision is not None
        assert reader.get(page.url).status_code == 404
        for path in PUBLIC_PLACES:
            assert not _found_in(reader, path, page), f"embargoed story leaked on {path}"
        # Editors see it waiting.
        assert "1</span> bài đã lên lịch xuất bản" in leader.get("/admin/").content.decode()

    with time_machine.travel(GO_LIVE - timedelta(minutes=1), tick=False):
        assert run_job(_publish_scheduled_job())
        assert not StoryPage.objects.get(pk=page.pk).live  # a minute early: still nothing
        assert reader.get(page.url).status_code == 404

    with time_machine.travel(GO_LIVE + timedelta(seconds=30), tick=False):
        assert run_job(_publish_scheduled_job())  # what `manage.py run_worker` runs every minute
        page = StoryPage.objects.get(pk=page.pk)
        assert page.live and page.scheduled_revision is None
        assert page.last_published_at == GO_LIVE + timedelta(seconds=30)
        assert reader.get(page.url).status_code == 200
        for path in PUBLIC_PLACES:
            assert _found_in(reader, path, page), f"published story missing from {path}"


def test_the_worker_runs_publish_scheduled_every_minute():
    job = _publish_scheduled_job()
    assert job.every == timedelta(minutes=1)
