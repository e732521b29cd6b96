"""An article imported with a `published_at` ahead of now is under embargo: no channel shows it
before that moment (pages, listings, hub, related lists, sitemaps, search, autocomplete,
feeds, ninjs, the newsletter), and all of them do once the worker has published it."""

import io
import json
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from core.periodic import all_jobs, run_job
from exemplars.models import StoryPage
from movements.models import MovementPage
from newsletter.digest import new_articles
from tests.factories import make_story

VN = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime(2027, 3, 2, 8, 0, tzinfo=VN)
MOMENT = NOW + timedelta(days=3)  # the article's published_at
WORD = "Quasarvinh"  # in the title and the exemplar's name: searchable and suggested
CHANNELS = [  # every place a reader or a partner could find a published story, by URL
    "/",
    "/guong-sang/",
    "/sitemap.xml",
    "/sitemap-news.xml",
    f"/search/?q={WORD}",
    f"/api/search/?q={WORD}",
    f"/api/search/autocomplete/?q={WORD[:6]}",
    "/feeds/all.rss",
    "/feeds/all.atom",
    "/feeds/all.json",
    "/feeds/stories.rss",
    "/feeds/stories.json",
    "/api/ninjs/",
]


def _import_embargoed(tmp_path, movement):
    line = {
        "external_id": "embargo-1",
        "kind": "story",
        "title": f"Cô giáo {WORD} mở lớp học tình thương",
        "body": "Lớp học miễn phí cho trẻ em vùng cao.",
        "published_at": MOMENT.isoformat(),
        "movements": [movement.title],
        "exemplar": {"name": f"Lò Thị {WORD}"},
    }
    path = tmp_path / "embargo.jsonl"
    path.write_text(json.dumps(line, ensure_ascii=False) + "\n", encoding="utf-8")
    call_command("import_articles", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    return StoryPage.objects.get(title=line["title"])


def _places(page, movement, neighbour):
    """(label, URL) of every channel, the article's own URL, its movement's hub, a related
    story's page and its ninjs item included."""
    return [
        *((url, url) for url in CHANNELS),
        ("its own page", page.url),
        ("its movement's hub", movement.url),
        ("a story of the same movement (related)", neighbour.url),
        ("its ninjs item", f"/api/ninjs/{page.pk}/"),
    ]


def _shows(reader, url, page):
    response = reader.get(url)
    if response.status_code == 404:
        return False
    assert response.status_code == 200, (url, response.status_code)
    text = response.content.decode()
    # Its URL, id or title (the search pages echo the query word, so not the word alone).
    return page.slug in text or page.title in text or f'"{page.pk}"' in text


def _publish_scheduled():
    job = next(job for job in all_jobs() if job.name == "publish_scheduled")
    assert run_job(job)  # what `manage.py run_worker` runs every minute


@pytest.mark.django_db
def test_an_embargoed_import_shows_nowhere_until_its_moment_then_everywhere(tmp_path):
    reader = Client()
    with time_machine.travel(NOW, tick=False):
        movement = MovementPage.objects.live().first()
        neighbour = make_story(title="Người hàng xóm cùng phong trào")
        neighbour.movements = [movement]
        neighbour.save_revision().publish()
        page = _import_embargoed(tmp_path, movement)
        places = _places(page, movement, neighbour)
        assert not page.live and page.go_live_at == MOMENT  # scheduled, not published
        leaks = [label for label, url in places if _shows(reader, url, page)]
        assert not leaks, f"the embargoed article shows on {leaks}"
        assert page not in new_articles(NOW - timedelta(days=7), NOW)

    with time_machine.travel(MOMENT - timedelta(minutes=1), tick=False):
        _publish_scheduled()
        assert not StoryPage.objects.get(pk=page.pk).live  # a minute early: still nothing
        assert not _shows(reader, page.url, page)

    with time_machine.travel(MOMENT + timedelta(seconds=30), tick=False):
        _publish_scheduled()
        page = StoryPage.objects.get(pk=page.pk)
        assert page.live
        missing = [label for label, url in places if not _shows(reader, url, page)]
        assert not missing, f"the article is missing from {missing} after its moment"
        assert page in new_articles(NOW, MOMENT + timedelta(seconds=30))
        # Partners see when it appeared, not when it was imported.
        item = reader.get(f"/api/ninjs/{page.pk}/").json()
        assert item["firstcreated"].startswith(MOMENT.isoformat()[:16])


@pytest.mark.django_db
def test_publishing_an_article_dated_ahead_schedules_it(client):
    """The admin, a shell or any code that publishes a revision: a future `published_at` makes
    the publish a schedule for that moment, whatever the go-live field said."""
    moment = timezone.now() + timedelta(days=2)
    page = make_story(title=f"Bài {WORD} đăng sớm", published_at=moment)
    page = StoryPage.objects.get(pk=page.pk)
    assert not page.live and page.go_live_at == moment and page.scheduled_revision is not None
    assert client.get(page.url).status_code == 404
    assert not StoryPage.objects.visible_to_readers().filter(pk=page.pk).exists()
