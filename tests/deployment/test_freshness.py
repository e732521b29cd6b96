"""What one process changes, readers of every other process see within seconds.

The site runs as it does in production: gunicorn with two workers (each with its own memory,
and in the PostgreSQL run the shared Redis), while `manage.py shell`, `import_articles` and
`run_worker` change content from processes of their own. Every check reads over HTTP what a
reader gets, asking several times so that both workers answer."""

import html
import json
import time
import urllib.parse
from datetime import UTC, datetime, timedelta

import pytest

from tests.deployment.harness import eventually
from tests.hub import Hub

pytestmark = pytest.mark.deployment

FRESH_WITHIN = 5  # seconds: CONTENT_VERSION_CHECK_SECONDS is 1


STORIES = """
import json
from exemplars.models import StoryPage
from movements.models import MovementPage
pages = StoryPage.objects.live().public().exclude(exemplar_name="").order_by("-published_at")
names = [p.exemplar_name for p in pages]
out = []
for p in pages:
    movement = p.movements.first()
    out.append({"id": p.pk, "url": p.url, "title": p.title, "exemplar": p.exemplar_name,
                "unique_exemplar": names.count(p.exemplar_name) == 1,
                "movement_url": movement.url if movement else None,
                "topics": [t.slug for t in p.tags.all()]})
"""
STORY_INFO = STORIES + "print(json.dumps(out))\n"  # the live stories, newest first
# The same and the newest live document with a file, from one shell.
STORY_AND_DOCUMENT_INFO = (
    STORIES
    + """
from documents.models import DocumentPage
document = DocumentPage.objects.live().public().exclude(file=None).order_by("-issued_on").first()
print(json.dumps({"stories": out, "document": {"id": document.pk, "url": document.url, "title": document.title,
                  "number": document.number, "file_url": document.file.url}}))
"""
)


def everywhere(site, paths, predicate):
    """predicate(response) holds for every path, from every worker."""
    return all(predicate(r) for path in paths for r in site.get_all_workers(path, times=4))


def shows(text):
    return lambda r: r.status == 200 and html.escape(text, quote=False) in r.body


def hides(text):
    return lambda r: r.status in (200, 404) and html.escape(text, quote=False) not in r.body


def file_status(site, path):
    """The statuses every worker answers for a file that is not text (a document's DOCX)."""
    return {r.status for r in site.get_all_workers(path, decode_errors="replace")}


def search_ids(site, text):
    """The ids /api/search/ finds, per worker: its answers are cached in each process
    (search.answers), so every worker must see a change."""
    answers = site.get_all_workers("/api/search/?" + urllib.parse.urlencode({"q": text}))
    return [{result["id"] for result in json.loads(r.body)["results"]} for r in answers]


def withdrawn(site, page_id, since):
    """Agencies polling ninjs `since` are told the article was taken down."""
    data = json.loads(site.get("/api/ninjs/?" + urllib.parse.urlencode({"since": since})).body)
    return any(
        item["pubstatus"] == "canceled" and {"role": "page-id", "value": str(page_id)} in item["altids"]
        for item in data["items"]
    )


def suggestions(site, text):
    data = json.loads(site.get("/api/search/autocomplete/?" + urllib.parse.urlencode({"q": text})).body)
    return [suggestion["label"] for suggestion in data["suggestions"]]


def assert_fresh(site, condition, what):
    ok, seconds = eventually(condition, seconds=FRESH_WITHIN + 5)
    assert ok, f"{what}: still stale after {seconds:.1f}s"
    assert seconds <= FRESH_WITHIN, f"{what}: took {seconds:.1f}s"
    return seconds


def test_changes_made_by_other_processes_reach_every_reader(processes):
    site = processes
    site.start_web(workers=2)
    info = site.shell(STORY_AND_DOCUMENT_INFO)
    stories, document = info["stories"], info["document"]
    story = next(s for s in stories if s["unique_exemplar"] and s["movement_url"] and s["topics"])
    topic = story["topics"][0]
    listings = [
        "/",
        "/guong-sang/",
        story["movement_url"],
        "/feeds/all.rss",
        "/feeds/all.atom",
        "/feeds/all.json",
        "/feeds/stories.rss",
        "/sitemap.xml",
    ]
    # Every worker has the story cached, in the page, the lists, the feeds and the suggestions.
    assert everywhere(site, [story["url"], story["url"] + "in/"], shows(story["title"]))
    assert everywhere(
        site,
        ["/guong-sang/", story["movement_url"], "/feeds/all.rss", "/sitemap.xml"],
        lambda r: r.status == 200 and (html.escape(story["title"], quote=False) in r.body or story["url"] in r.body),
    )
    assert site.get(f"/api/ninjs/{story['id']}/").status == 200
    # Issue 13's and 14's channels: its topic page and feed, the text "Nghe bài viết" reads.
    topic_places = [f"/chu-de/{topic}/", f"/feeds/topics/{topic}.rss"]
    assert everywhere(site, topic_places, shows(story["title"]))
    assert everywhere(site, [f"/api/speech/{story['id']}/"], lambda r: r.status == 200)
    before_unpublish = datetime.now(UTC).isoformat()
    assert story["exemplar"] in suggestions(site, story["exemplar"])
    assert all(story["id"] in found for found in search_ids(site, story["title"]))
    search_page = "/search/?" + urllib.parse.urlencode({"q": story["title"]})  # its answer cached per worker
    assert everywhere(site, [search_page], lambda r: r.status == 200 and story["url"] in r.body)
    # A document ("Văn bản"): its page, its file, the list, its feed and search.
    document_places = ["/van-ban/", "/feeds/documents.rss", "/sitemap.xml"]
    assert everywhere(site, [document["url"]], shows(document["number"]))
    assert everywhere(site, document_places, lambda r: r.status == 200 and document["url"] in r.body)
    assert file_status(site, document["file_url"]) == {200}
    assert all(document["id"] in found for found in search_ids(site, document["number"]))

    # 1. An editor's shell unpublishes the story and the document.
    site.shell(
        "from wagtail.models import Page\n"
        f"for pk in ({story['id']}, {document['id']}): Page.objects.get(pk=pk).specific.unpublish()\n"
        "print(1)"
    )
    timings = {
        "unpublish": assert_fresh(
            site,
            lambda: (
                everywhere(site, [story["url"], story["url"] + "in/"], lambda r: r.status == 404)
                and everywhere(
                    site,
                    listings,
                    lambda r: (
                        r.status == 200
                        and story["url"] not in r.body
                        and html.escape(story["title"], quote=False) not in r.body
                    ),
                )
                and site.get(f"/api/ninjs/{story['id']}/").status == 404
                and everywhere(site, topic_places, hides(story["title"]))
                and everywhere(site, [f"/api/speech/{story['id']}/"], lambda r: r.status == 404)
                and withdrawn(site, story["id"], before_unpublish)
                and story["exemplar"] not in suggestions(site, story["exemplar"])
                and all(story["id"] not in found for found in search_ids(site, story["title"]))
                and everywhere(site, [search_page], lambda r: r.status == 200 and story["url"] not in r.body)
                and everywhere(site, [document["url"]], lambda r: r.status == 404)
                and file_status(site, document["file_url"]) == {404}
                and everywhere(site, document_places, lambda r: r.status == 200 and document["url"] not in r.body)
                and all(document["id"] not in found for found in search_ids(site, document["number"]))
            ),
            "unpublished story and document",
        )
    }

    # 2. import_articles publishes a new story.
    title = "Người lái đò đưa học trò qua sông suốt hai mươi mùa lũ"
    site.import_lines(
        [
            {
                "external_id": "deploy-new-1",
                "kind": "story",
                "title": title,
                "body": "Mỗi sáng, ông chèo đò đưa học trò qua sông.",
                "published_at": "2026-12-01T08:00:00",
                "exemplar": {"name": "Lò Văn Pấng", "type": "individual"},
            }
        ]
    )
    timings["import"] = assert_fresh(
        site,
        lambda: (
            everywhere(site, ["/guong-sang/", "/feeds/all.rss", "/feeds/all.json"], shows(title))
            and "Lò Văn Pấng" in suggestions(site, "Lo Van Pang")
            and all(search_ids(site, "nguoi lai do dua hoc tro"))
        ),
        "imported story",
    )

    # 3. An edit (a new title) made from a shell.
    other = next(s for s in stories if s["id"] != story["id"])
    site.shell(f"""
from wagtail.models import Page
page = Page.objects.get(pk={other["id"]}).specific
page.title = "Đã sửa: " + page.title
page.save_revision().publish()
print(1)""")
    timings["edit"] = assert_fresh(
        site,
        lambda: everywhere(site, [other["url"], "/feeds/all.rss"], shows("Đã sửa: " + other["title"])),
        "edited title",
    )

    # 4. The worker unpublishes a story whose expiry time has passed (nobody present).
    expiring = next(s for s in stories if s["id"] not in (story["id"], other["id"]))
    site.shell(f"""
from datetime import timedelta
from django.utils import timezone
from wagtail.models import Page
Page.objects.filter(pk={expiring["id"]}).update(expire_at=timezone.now() - timedelta(seconds=1))
print(1)""")
    assert everywhere(site, [expiring["url"]], shows(expiring["title"]))  # still served until the worker runs
    site.manage("run_worker", "--once")
    timings["expiry"] = assert_fresh(
        site,
        lambda: (
            everywhere(site, [expiring["url"]], lambda r: r.status == 404)
            and everywhere(site, ["/feeds/all.rss"], hides(expiring["title"]))
        ),
        "expired story",
    )

    # 5. The worker publishes a scheduled story on time.
    scheduled = "Cô gái Khmer mở thư viện sách giữa phum sóc"
    site.import_lines(
        [
            {
                "external_id": "deploy-scheduled",
                "kind": "story",
                "title": scheduled,
                "body": "Thư viện nhỏ.",
                "published_at": "2026-12-02T08:00:00",
                "status": "draft",
                "exemplar": {"name": "Thạch Thị Sa Ly", "type": "individual"},
            }
        ]
    )
    site.shell("""
from datetime import timedelta
from django.utils import timezone
from core.models import ImportRecord
from wagtail.models import Page
page = Page.objects.get(pk=ImportRecord.objects.get(external_id="deploy-scheduled").page_id).specific
page.go_live_at = timezone.now() + timedelta(seconds=1)
page.save_revision().publish()
print(1)""")
    assert everywhere(site, ["/guong-sang/", "/feeds/all.rss"], hides(scheduled))
    time.sleep(1.2)
    site.manage("run_worker", "--once")
    timings["scheduled"] = assert_fresh(
        site, lambda: everywhere(site, ["/guong-sang/", "/feeds/all.rss"], shows(scheduled)), "scheduled story"
    )

    # 6. An embargo: a story imported from a shell dated a few seconds ahead shows nowhere (its
    # own page included) until the worker publishes it at that moment.
    embargoed = "Người thợ may vá áo miễn phí cho học sinh nghèo"
    moment = datetime.now(UTC) + timedelta(seconds=20)  # after the import process is done
    site.import_lines(
        [
            {
                "external_id": "deploy-embargo",
                "kind": "story",
                "title": embargoed,
                "body": "Mỗi tối ông vá áo cho các em.",
                "published_at": moment.isoformat(),
                "exemplar": {"name": "Trần Văn Kim", "type": "individual"},
            }
        ]
    )
    own_page = "/guong-sang/nguoi-tho-may-va-ao-mien-phi-cho-hoc-sinh-ngheo/"
    embargo_places = ["/", "/guong-sang/", "/feeds/all.rss", "/feeds/all.atom", own_page]
    assert datetime.now(UTC) < moment, "the import took longer than the embargo's lead"
    assert everywhere(site, embargo_places, hides(embargoed))
    site.manage("run_worker", "--once")  # before the moment: publishes nothing
    assert everywhere(site, embargo_places, hides(embargoed))
    time.sleep(max(0.0, (moment - datetime.now(UTC)).total_seconds()) + 0.2)
    site.manage("run_worker", "--once")
    timings["embargo"] = assert_fresh(
        site, lambda: everywhere(site, embargo_places, shows(embargoed)), "embargoed story"
    )
    print("seconds until every reader saw the change:", {k: round(v, 2) for k, v in timings.items()})


def test_a_hub_pinged_after_a_change_fetches_the_new_feed(processes):
    site = processes
    hub = Hub(fetch=True)  # like a real hub, it fetches the feed the moment it is pinged
    try:
        site.start_web(workers=2, WEBSUB_HUB_URL=hub.url)
        site.start_worker(WEBSUB_HUB_URL=hub.url)
        for _ in range(4):  # both workers hold the current feed
            assert site.get("/feeds/all.rss").status == 200
        title = "Nữ kỹ sư trẻ đưa điện mặt trời về bản xa"
        site.import_lines(
            [
                {
                    "external_id": "deploy-websub",
                    "kind": "story",
                    "title": title,
                    "body": "Điện về bản.",
                    "published_at": "2026-12-03T08:00:00",
                    "exemplar": {"name": "Vàng Thị Mỷ", "type": "individual"},
                }
            ],
            WEBSUB_HUB_URL=hub.url,
        )
        feeds = {f"{site.base}/feeds/all.rss", f"{site.base}/feeds/all.atom", f"{site.base}/feeds/stories.rss"}
        done, _seconds = eventually(lambda: feeds <= {topic for topic, _ in hub.fetched}, seconds=30)
        assert done, f"the hub was not pinged for {feeds - {t for t, _ in hub.fetched}}"
        stale = [topic for topic, body in hub.fetched if topic in feeds and html.escape(title, quote=False) not in body]
        assert not stale, f"the hub fetched the old feed: {stale}"
    finally:
        hub.close()
