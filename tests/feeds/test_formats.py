"""RSS 2.0, Atom 1.0 and JSON Feed 1.1 read back as a partner's software reads them."""

import json
import re
from datetime import datetime
from email.utils import parsedate_to_datetime

import pytest
from django.utils import timezone
from lxml import etree

from tests.feeds.conftest import CAPTION, CREDIT, parse
from tests.schemas import missing_reason, schema_path

NS = {
    "atom": "http://www.w3.org/2005/Atom",
    "media": "http://search.yahoo.com/mrss/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "content": "http://purl.org/rss/1.0/modules/content/",
}
ATOM_RNC = schema_path("atom-rfc4287.rnc")


def rss_item(tree, guid):
    items = [i for i in tree.iterfind("channel/item") if i.findtext("guid") == guid]
    assert len(items) == 1
    return items[0]


def test_rss_all_carries_full_items(client, rich_story):
    parsed, tree = parse(client.get("/feeds/all.rss"))
    assert parsed.version == "rss20"
    channel = tree.find("channel")
    assert channel.findtext("language") == "vi"
    assert int(channel.findtext("ttl")) > 0
    self_link = channel.find("atom:link[@rel='self']", NS)
    assert self_link.get("href").endswith("/feeds/all.rss") and self_link.get("type") == "application/rss+xml"
    assert channel.findtext("link").endswith("/")  # the site, not the feed itself

    entries = parsed.entries
    assert entries[0].title == rich_story.title  # newest first
    published = [parsedate_to_datetime(i.findtext("pubDate")) for i in tree.iterfind("channel/item")]
    assert published == sorted(published, reverse=True)
    assert all(i.findtext("pubDate").endswith("+0700") for i in tree.iterfind("channel/item"))

    guid = f"urn:uuid:{rich_story.translation_key}"
    item = rss_item(tree, guid)
    assert item.find("guid").get("isPermaLink") == "false"
    assert item.findtext("link") == rich_story.get_full_url()
    assert item.findtext("description") == rich_story.lead
    # One creator holding the whole byline: clients keep one value, so no name is lost.
    assert [c.text for c in item.findall("dc:creator", NS)] == ["Trần Long, Thuỳ Linh"]
    categories = {c.text for c in item.findall("category")}
    story_movement = rich_story.movements.get()
    assert {"Gương sáng", story_movement.title, "Bình Định", "giáo dục"} <= categories

    body = item.findtext("content:encoded", namespaces=NS)
    assert "Chữ là con đường" in body
    assert f"(Ảnh: {CREDIT})" in body and CAPTION in body  # the body figure keeps caption and credit
    urls = re.findall(r'(?:href|src)="([^"]+)"', body)
    assert urls and all(u.startswith(("http://", "https://")) for u in urls), urls

    media = item.find("media:content", NS)
    assert media.get("medium") == "image" and media.get("type") == "image/jpeg"
    assert media.findtext("media:credit", namespaces=NS) == CREDIT
    assert media.findtext("media:description", namespaces=NS) == CAPTION
    enclosure = item.find("enclosure")
    assert enclosure.get("url") == media.get("url") and enclosure.get("type") == "image/jpeg"
    assert int(enclosure.get("length")) > 0

    # feedparser sees the same: what most aggregators are built on
    entry = next(e for e in entries if e.id == guid)
    assert entry.media_credit[0]["content"] == CREDIT
    assert CREDIT in entry.content[0].value and "Chữ là con đường" in entry.content[0].value
    assert entry.published_parsed is not None


def test_last_build_date_is_the_newest_update_not_now(client, rich_story):
    _, tree = parse(client.get("/feeds/all.rss"))
    built = parsedate_to_datetime(tree.findtext("channel/lastBuildDate"))
    assert built == timezone.localtime(rich_story.last_published_at).replace(microsecond=0)
    assert tree.findtext("channel/lastBuildDate").endswith("+0700")


@pytest.fixture(scope="module")
def atom_schema():
    if ATOM_RNC is None:
        pytest.skip(missing_reason("atom-rfc4287.rnc"))
    import rnc2rng

    rng = rnc2rng.dumps(rnc2rng.load(str(ATOM_RNC)))
    rng = rng.replace(' xmlns:local=""', "")  # libxml2 refuses an empty namespace declaration
    return etree.RelaxNG(etree.fromstring(rng.encode()))


def test_atom_is_valid_and_has_the_same_items(client, rich_story, rich_news, atom_schema):
    response = client.get("/feeds/all.atom")
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    parsed, tree = parse(response)
    assert atom_schema.validate(tree), atom_schema.error_log
    assert parsed.version == "atom10"

    _, rss = parse(client.get("/feeds/all.rss"))
    assert [e.id for e in parsed.entries] == [i.findtext("guid") for i in rss.iterfind("channel/item")]

    guid = f"urn:uuid:{rich_story.translation_key}"
    entry = tree.xpath("atom:entry[atom:id=$id]", namespaces=NS, id=guid)[0]
    links = {link.get("rel"): link for link in entry.findall("atom:link", NS)}
    assert links["alternate"].get("href") == rich_story.get_full_url()
    assert links["enclosure"].get("type") == "image/jpeg" and int(links["enclosure"].get("length")) > 0
    assert entry.find("atom:content", NS).get("type") == "html"
    assert entry.findtext("atom:published", namespaces=NS).endswith("+07:00")
    assert entry.findtext("atom:updated", namespaces=NS).endswith("+07:00")
    assert [a.findtext("atom:name", namespaces=NS) for a in entry.findall("atom:author", NS)] == [
        "Trần Long, Thuỳ Linh"
    ]
    assert [c.findtext("atom:name", namespaces=NS) for c in entry.findall("atom:contributor", NS)] == [
        "Trần Long",
        "Thuỳ Linh",
    ]
    assert entry.find("media:content/media:credit", NS).text == CREDIT
    assert tree.findtext("atom:rights", namespaces=NS)  # copyright notice and usage terms

    feed_entry = next(e for e in parsed.entries if e.id == guid)
    assert feed_entry.link == rich_story.get_full_url()  # not the photo (feedgen #135)
    assert feed_entry.enclosures[0]["type"] == "image/jpeg"


def test_json_feed_1_1(client, rich_story):
    response = client.get("/feeds/all.json")
    assert response["Content-Type"] == "application/feed+json; charset=utf-8"
    feed = json.loads(response.content)
    # Required by https://www.jsonfeed.org/version/1.1/: version, title, items; id per item.
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert feed["title"] and isinstance(feed["items"], list) and feed["items"]
    assert feed["feed_url"].endswith("/feeds/all.json") and feed["language"] == "vi"
    assert all(isinstance(i["id"], str) and i["id"] for i in feed["items"])
    assert all("content_html" in i or "content_text" in i for i in feed["items"])
    assert all(k.startswith("_") for i in feed["items"] for k in i if k not in JSON_FEED_ITEM_KEYS)

    item = feed["items"][0]
    assert item["id"] == f"urn:uuid:{rich_story.translation_key}"
    assert item["date_published"].endswith("+07:00") and item["date_modified"].endswith("+07:00")
    assert item["authors"] == [{"name": "Trần Long"}, {"name": "Thuỳ Linh"}]
    assert item["_photo"]["credit"] == CREDIT and item["_photo"]["caption"] == CAPTION
    assert item["attachments"][0]["mime_type"] == "image/jpeg" and item["attachments"][0]["size_in_bytes"] > 0
    assert f"(Ảnh: {CREDIT})" in item["content_html"]


JSON_FEED_ITEM_KEYS = {
    "id",
    "url",
    "external_url",
    "title",
    "content_html",
    "content_text",
    "summary",
    "image",
    "banner_image",
    "date_published",
    "date_modified",
    "authors",
    "tags",
    "language",
    "attachments",
}


def test_kind_feeds_list_only_their_kind(client, rich_story, rich_news):
    stories, _ = parse(client.get("/feeds/stories.rss"))
    news, _ = parse(client.get("/feeds/news.rss"))
    story_ids = {e.id for e in stories.entries}
    news_ids = {e.id for e in news.entries}
    assert f"urn:uuid:{rich_story.translation_key}" in story_ids - news_ids
    assert f"urn:uuid:{rich_news.translation_key}" in news_ids - story_ids
    assert all(any(t.term == "Gương sáng" for t in e.tags) for e in stories.entries)


def test_feeds_hold_at_most_fifty_items(client, rich_story):
    from tests.factories import make_news

    for n in range(50):
        make_news(title=f"Tin ngắn số {n}")
    parsed, _ = parse(client.get("/feeds/all.rss"))
    assert len(parsed.entries) == 50


def test_movement_feed(client, rich_story, movement):
    parsed, tree = parse(client.get(f"/feeds/movements/{movement.slug}.rss"))
    assert movement.title in tree.findtext("channel/title")
    ids = [e.id for e in parsed.entries]
    assert f"urn:uuid:{rich_story.translation_key}" in ids
    for entry in parsed.entries:
        assert any(t.term == movement.title for t in entry.tags)


def test_locality_feed_includes_the_whole_family(client, rich_story):
    """The story is tagged Bình Định, merged into Gia Lai on 01/07/2025: both feeds list it."""
    guid = f"urn:uuid:{rich_story.translation_key}"
    for slug in ("binh-dinh", "gia-lai"):
        parsed, _ = parse(client.get(f"/feeds/localities/{slug}.rss"))
        assert guid in [e.id for e in parsed.entries]
    parsed, _ = parse(client.get("/feeds/localities/ca-mau.rss"))
    assert guid not in [e.id for e in parsed.entries]


@pytest.mark.parametrize(
    "url",
    [
        "/feeds/movements/khong-co-phong-trao-nay.rss",
        "/feeds/localities/khong-co-tinh-nay.rss",
        "/feeds/khong-co.rss",
        "/feeds/all.xml",
    ],
)
def test_unknown_feeds_are_404(client, db, url):
    assert client.get(url).status_code == 404


def test_control_characters_are_stripped_never_a_5xx(client, rich_story, photo, movement):
    from exemplars.models import StoryPage
    from movements.models import MovementPage

    MovementPage.objects.filter(pk=movement.pk).update(title="Phong trào\x0b có ký tự lạ")  # not cleaned on save

    photo.caption = "Chú\x0bthích\x0c"  # (no NUL: PostgreSQL can't store it, and forms refuse it)
    photo.save()
    page = StoryPage.objects.get(pk=rich_story.pk)
    page.byline = "Trần\x1fLong"
    page.body = [
        ("paragraph", "<p>Đoạn\x0b văn\x08 có ký tự điều khiển\ufffe.</p>"),
        ("image", {"image": photo, "caption": "", "credit": "Ảnh\x07 Dũng"}),
    ]
    page.save_revision().publish()
    for url in (
        "/feeds/all.rss",
        "/feeds/all.atom",
        "/feeds/all.json",
        "/sitemap-news.xml",
        f"/feeds/movements/{movement.slug}.rss",
        f"/feeds/movements/{movement.slug}.atom",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert not re.search(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]", response.content), url
        if not url.endswith(".json"):
            etree.fromstring(response.content)
    _parsed, tree = parse(client.get("/feeds/all.rss"))
    item = rss_item(tree, f"urn:uuid:{rich_story.translation_key}")
    assert "Đoạn văn có ký tự điều khiển." in item.findtext("content:encoded", namespaces=NS)
    assert item.findtext("dc:creator", namespaces=NS) == "TrầnLong"


def test_every_client_shows_every_name_of_a_shared_byline(client, rich_story):
    """feedparser (what Superdesk and most aggregators use) keeps one author value per entry."""
    import feedparser

    for url in ("/feeds/all.rss", "/feeds/all.atom"):
        feed = feedparser.parse(client.get(url).content)
        entry = next(e for e in feed.entries if e.title == rich_story.title)
        assert entry.author == "Trần Long, Thuỳ Linh", url
    item = next(i for i in client.get("/feeds/all.json").json()["items"] if i["title"] == rich_story.title)
    assert [a["name"] for a in item["authors"]] == ["Trần Long", "Thuỳ Linh"]  # JSON Feed has a list


@pytest.mark.parametrize(
    "url", ["/feeds/all.rss", "/feeds/all.atom", "/feeds/all.json", "/feeds/stories.rss", "/api/ninjs/"]
)
def test_a_partners_page_script_may_read_feeds_and_ninjs_and_head_works(client, rich_story, url):
    got = client.get(url)
    assert got.status_code == 200 and got["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in got["Access-Control-Expose-Headers"]
    # A widget that sends If-None-Match is preflighted: 204 with what it may send, not 405.
    preflight = client.options(
        url,
        HTTP_ORIGIN="https://baodoitac.vn",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="if-none-match",
    )
    assert preflight.status_code == 204 and preflight["Access-Control-Allow-Origin"] == "*"
    assert "If-None-Match" in preflight["Access-Control-Allow-Headers"]
    assert "GET" in preflight["Access-Control-Allow-Methods"]
    head = client.head(url)
    assert head.status_code == 200 and head.content == b"" and head["ETag"] == got["ETag"]
    assert client.post(url).status_code == 405


def test_one_ninjs_item_answers_head_and_cors_and_private_screens_do_not(client, rich_story, admin_client):
    got = client.head(f"/api/ninjs/{rich_story.pk}/")
    assert got.status_code == 200 and got["Access-Control-Allow-Origin"] == "*"
    assert client.get("/api/ninjs/999999999/")["Access-Control-Allow-Origin"] == "*"  # a widget reads the error
    for private in ("/feeds/", "/admin/"):
        assert "Access-Control-Allow-Origin" not in admin_client.get(private)


def test_a_correction_reaches_rss_partners_with_its_update_date_and_its_note(client, rich_story):
    """An "only newer items" ingest rule on all.rss needs a per-item update date; the partner
    printing the body alone needs the correction note in it."""
    from datetime import date, timedelta

    import feedparser
    import time_machine

    from core.models import Correction

    def rss_item_now():
        _, tree = parse(client.get("/feeds/all.rss"))
        item = rss_item(tree, f"urn:uuid:{rich_story.translation_key}")
        return parsedate_to_datetime(item.findtext("pubDate")), item.findtext("atom:updated", namespaces=NS)

    published, updated = rss_item_now()
    rich_story.title = "Người thầy mở lớp xóa mù chữ trên cao nguyên đá Đồng Văn"
    rich_story.corrections = [Correction(date=date(2026, 12, 7), text="Sửa tên xã của thầy giáo.")]
    with time_machine.travel(timezone.now() + timedelta(hours=1)):  # corrected an hour later
        rich_story.save_revision().publish()

    published_after, updated_after = rss_item_now()
    assert published_after == published  # pubDate: still the publication
    assert updated_after.endswith("+07:00") and (updated is None or updated_after > updated)
    assert datetime.fromisoformat(updated_after) > published
    feed = feedparser.parse(client.get("/feeds/all.rss").content)
    entry = next(e for e in feed.entries if e.id == f"urn:uuid:{rich_story.translation_key}")
    assert entry.title == rich_story.title
    assert entry.updated_parsed > entry.published_parsed  # what an ingest rule compares
    assert "Đính chính" in entry.content[0].value and "Sửa tên xã của thầy giáo." in entry.content[0].value
    ninjs = client.get(f"/api/ninjs/{rich_story.pk}/").json()
    assert "Sửa tên xã của thầy giáo." in ninjs["bodies"][0]["value"]
