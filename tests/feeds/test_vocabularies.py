"""Categories that resolve (/feeds/kinds/, /movements/, /localities/, /topics/), IPTC Media Topic
codes, the feed's icon and logo, and every feed type read back by feedparser and (JSON Feed) a
JSON Schema of JSON Feed 1.1.

The W3C Feed Validator (github.com/w3c/feedvalidator) is on none of the registries this project
installs from (PyPI, npm, Debian: see docs/feeds.md), so it is not run here."""

import json
from urllib.parse import urlsplit

import feedparser
import jsonschema
import pytest
from django.contrib.staticfiles import finders
from lxml import etree, html
from PIL import Image

from feeds.mediatopics import FIELD_TOPICS, KIND_TOPICS, SCHEME, media_topics_for
from tests.feeds.conftest import parse

NS = {"atom": "http://www.w3.org/2005/Atom"}


@pytest.fixture
def coded_story(rich_story):
    """The rich story (a movement, Bình Định, the tag "giáo dục") about a teacher."""
    rich_story.field_of_work = "giao-duc"
    rich_story.save_revision().publish()
    rich_story.refresh_from_db()
    return rich_story


def path_of(url):
    return urlsplit(url).path


def test_every_category_of_rss_and_atom_points_to_a_page_listing_its_term(client, coded_story):
    _, rss = parse(client.get("/feeds/all.rss"))
    _, atom = parse(client.get("/feeds/all.atom"))
    ours = {}  # vocabulary page -> terms
    for category in atom.iterfind("atom:entry/atom:category", NS):
        scheme = category.get("scheme")
        assert scheme, category.get("term")  # tags too have a vocabulary now
        if scheme != SCHEME:
            ours.setdefault(path_of(scheme), set()).add(category.get("term"))
    assert set(ours) == {"/feeds/kinds/", "/feeds/movements/", "/feeds/localities/", "/feeds/topics/"}
    for page, terms in ours.items():
        response = client.get(page)
        assert response.status_code == 200, page
        doc = html.fromstring(response.content)
        for term in terms:
            found = doc.xpath("//li[@id=$term]", term=term)
            assert found, (page, term)
            feeds = found[0].xpath(".//a/@href")
            assert any(h.endswith(".rss") for h in feeds) and any(h.endswith(".json") for h in feeds)
    domains = {c.get("domain") for c in rss.iterfind("channel/item/category")}
    assert {path_of(d) for d in domains if d != SCHEME} == set(ours) and SCHEME in domains


def test_categories_carry_code_and_label(client, coded_story, movement):
    guid = f"urn:uuid:{coded_story.translation_key}"
    atom = feedparser.parse(client.get("/feeds/all.atom").content)
    entry = next(e for e in atom.entries if e.id == guid)
    tags = {(t.term, t.scheme.rsplit("/", 2)[-2], t.label) for t in entry.tags}
    assert ("story", "kinds", "Gương sáng") in tags
    assert (movement.slug, "movements", movement.title) in tags
    assert ("binh-dinh", "localities", "Bình Định") in tags
    assert ("giao-duc", "topics", "giáo dục") in tags
    # IPTC: the kind's topic, the field of work's and its movement's field's, code as term
    assert (movement.slug, movement.field_of_work) == ("ca-nuoc-chung-suc-xay-dung-nong-thon-moi", "nong-nghiep")
    iptc = {t.term for t in entry.tags if t.scheme == SCHEME}
    assert iptc == {"08000000", "05000000", "20000210"}  # human interest, education, agriculture

    # RSS shows readers the label (with the vocabulary as domain), and a Media Topic's code
    rss = feedparser.parse(client.get("/feeds/all.rss").content)
    entry = next(e for e in rss.entries if e.id == guid)
    rss_tags = {(t.term, path_of(t.scheme) if t.scheme != SCHEME else SCHEME) for t in entry.tags}
    assert {("Gương sáng", "/feeds/kinds/"), ("Bình Định", "/feeds/localities/"), ("giáo dục", "/feeds/topics/")} <= (
        rss_tags
    )
    assert {("08000000", SCHEME), ("05000000", SCHEME)} <= rss_tags

    item = next(i for i in client.get("/feeds/all.json").json()["items"] if i["id"] == guid)
    assert "Gương sáng" in item["tags"] and "08000000" not in item["tags"]
    coded = {(c["term"], c["label"], path_of(c["scheme"])) for c in item["_categories"]["items"]}
    assert ("binh-dinh", "Bình Định", "/feeds/localities/") in coded
    assert ("05000000", "Giáo dục", path_of(SCHEME)) in coded


def test_media_topic_table_is_whole_and_well_formed(coded_story):
    from core.kinds import all_kinds
    from core.models import FIELD_OF_WORK_CHOICES

    assert set(FIELD_TOPICS) == {key for key, _ in FIELD_OF_WORK_CHOICES}
    assert set(KIND_TOPICS) == {kind.key for kind in all_kinds()}  # every kind, documents too
    for topic in {t for topics in [*FIELD_TOPICS.values(), *KIND_TOPICS.values()] for t in topics}:
        assert len(topic.code) == 8 and topic.code.isdigit() and topic.uri == SCHEME + topic.code
        assert topic.qcode == f"medtop:{topic.code}" and topic.name and topic.name_vi
    assert [t.qcode for t in media_topics_for(coded_story)][:2] == ["medtop:08000000", "medtop:05000000"]


def test_a_movements_field_of_work_codes_every_article_filed_under_it(client, coded_story):
    """News has no field of its own: the movements it is filed under give it theirs, in every
    format (RSS and Atom categories, ninjs subjects), without repeating a code."""
    from tests.factories import make_news

    movement = coded_story.movements.first()
    movement.field_of_work = "tu-thien-nhan-dao"
    movement.save_revision().publish()
    news = make_news(title="Tin phong trào từ thiện", movements=[movement])
    assert [t.qcode for t in media_topics_for(news)] == ["medtop:14000000", "medtop:20000818"]
    assert [t.qcode for t in media_topics_for(coded_story)] == ["medtop:08000000", "medtop:05000000", "medtop:20000818"]

    _, rss = parse(client.get("/feeds/all.rss"))
    [item] = [i for i in rss.iterfind("channel/item") if i.findtext("title") == news.title]
    assert [c.text for c in item.iterfind("category") if c.get("domain") == SCHEME] == ["14000000", "20000818"]
    subjects = client.get(f"/api/ninjs/{news.pk}/").json()["subjects"]
    assert [s["literal"] for s in subjects if s["rel"] == "mediatopic"] == ["medtop:14000000", "medtop:20000818"]


@pytest.mark.parametrize("group", ["kinds", "movements", "localities", "topics"])
def test_vocabulary_pages_in_vietnamese(client, coded_story, group):
    response = client.get(f"/feeds/{group}/")
    assert response.status_code == 200 and "Danh mục" in response.content.decode()
    doc = html.fromstring(response.content)
    items = doc.xpath("//li[@id]")
    assert items
    for href in items[0].xpath(".//a/@href"):  # the term's page on the site and its three feeds
        query = urlsplit(href).query
        assert client.get(path_of(href) + (f"?{query}" if query else "")).status_code == 200, href
    if group == "localities":
        assert len(doc.xpath("//li[@id and not(contains(., 'nay thuộc'))]")) == 34
        assert doc.xpath("//li[@id='binh-dinh' and contains(., 'nay thuộc Gia Lai')]")
    if group == "kinds":
        assert "medtop:08000000" in response.content.decode()
    assert client.get("/feeds/khong-co/").status_code == 404


def _image_size(url):
    path = finders.find(path_of(url).removeprefix("/static/"))
    assert path, url
    with Image.open(path) as image:
        return image.size


def test_every_format_carries_the_site_icon(client, db):
    _, rss = parse(client.get("/feeds/all.rss"))
    image = rss.find("channel/image")
    url = image.findtext("url")
    assert url.startswith("http") and image.findtext("title") == rss.findtext("channel/title")
    assert image.findtext("link") == rss.findtext("channel/link")
    width, height = _image_size(url)
    assert width <= 144 and (width, height) == (int(image.findtext("width")), int(image.findtext("height")))

    _, atom = parse(client.get("/feeds/all.atom"))
    icon, logo = atom.findtext("atom:icon", namespaces=NS), atom.findtext("atom:logo", namespaces=NS)
    assert icon.startswith("http") and logo.startswith("http")
    icon_w, icon_h = _image_size(icon)
    logo_w, logo_h = _image_size(logo)
    assert icon_w == icon_h and logo_w == 2 * logo_h  # RFC 4287: square icon, 2:1 logo

    feed = client.get("/feeds/all.json").json()
    assert feed["icon"].startswith("http") and feed["favicon"].startswith("http")
    assert _image_size(feed["icon"]) == (512, 512) and _image_size(feed["favicon"])[0] >= 64


# JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/) as a JSON Schema: no schema for 1.1 is
# published on a registry (PyPI's jsonfeedvalidator 0.0.3 holds 1.0's, which refuses 1.1's
# authors and language), so this one is written from the spec's text.
_URL = {"type": "string", "format": "uri", "pattern": "^https?://"}
_AUTHOR = {
    "type": "object",
    "minProperties": 1,
    "properties": {"name": {"type": "string"}, "url": _URL, "avatar": _URL},
}
_EXTENSIONS = {"^_": {"type": "object"}}
JSON_FEED_1_1 = {
    "type": "object",
    "required": ["version", "title", "items"],
    "additionalProperties": False,
    "patternProperties": _EXTENSIONS,
    "properties": {
        "version": {"const": "https://jsonfeed.org/version/1.1"},
        "title": {"type": "string", "minLength": 1},
        "home_page_url": _URL,
        "feed_url": _URL,
        "description": {"type": "string"},
        "user_comment": {"type": "string"},
        "next_url": _URL,
        "icon": _URL,
        "favicon": _URL,
        "authors": {"type": "array", "items": _AUTHOR},
        "language": {"type": "string"},
        "expired": {"type": "boolean"},
        "hubs": {
            "type": "array",
            "items": {"type": "object", "required": ["type", "url"], "properties": {"url": _URL}},
        },
        "items": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["id"],
                "anyOf": [{"required": ["content_html"]}, {"required": ["content_text"]}],
                "additionalProperties": False,
                "patternProperties": _EXTENSIONS,
                "properties": {
                    "id": {"type": "string", "minLength": 1},
                    "url": _URL,
                    "external_url": _URL,
                    "title": {"type": "string"},
                    "content_html": {"type": "string"},
                    "content_text": {"type": "string"},
                    "summary": {"type": "string"},
                    "image": _URL,
                    "banner_image": _URL,
                    "date_published": {"type": "string", "format": "date-time"},
                    "date_modified": {"type": "string", "format": "date-time"},
                    "authors": {"type": "array", "items": _AUTHOR},
                    "tags": {"type": "array", "items": {"type": "string"}},
                    "language": {"type": "string"},
                    "attachments": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["url", "mime_type"],
                            "properties": {
                                "url": _URL,
                                "mime_type": {"type": "string"},
                                "title": {"type": "string"},
                                "size_in_bytes": {"type": "number"},
                                "duration_in_seconds": {"type": "number"},
                            },
                        },
                    },
                },
            },
        },
    },
}


def test_every_feed_type_reads_cleanly(client, coded_story, rich_news, movement):
    """all, stories, news, a movement, a locality, a topic; RSS, Atom, JSON Feed."""
    from taggit.models import Tag

    topic = Tag.objects.get(name="giáo dục")
    checker = jsonschema.Draft202012Validator(
        JSON_FEED_1_1, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    guid = f"urn:uuid:{coded_story.translation_key}"
    for path in ("all", "stories", "news", f"movements/{movement.slug}", "localities/gia-lai", f"topics/{topic.slug}"):
        for fmt in ("rss", "atom"):
            parsed, tree = parse(client.get(f"/feeds/{path}.{fmt}"))  # feedparser: bozo false
            assert parsed.version == {"rss": "rss20", "atom": "atom10"}[fmt]
            assert parsed.entries, path
            assert all(e.id and e.link and e.published_parsed and e.updated_parsed for e in parsed.entries)
            if path != "news":
                assert guid in {e.id for e in parsed.entries}, path
            etree.fromstring(etree.tostring(tree))
        feed = json.loads(client.get(f"/feeds/{path}.json").content)
        errors = sorted(checker.iter_errors(feed), key=str)
        assert not errors, [f"{list(e.absolute_path)}: {e.message}" for e in errors[:5]]
        assert feed["items"] and all(i["id"].startswith("urn:uuid:") for i in feed["items"])
