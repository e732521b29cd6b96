"""One body renderer and one body text: every block type of an article's body shows on the
page, in print, in RSS, Atom, JSON Feed and ninjs (ArticlePage.body_html), and its words are
found by search (ArticlePage.body_text). A block type added to core.blocks without a sample
here fails the first test; with one, the others prove it reaches every channel."""

import html
import re

import feedparser
import pytest
from wagtail.images.tests.utils import get_test_image_file

from core.blocks import ArticleBodyBlock
from core.models import CustomImage
from tests.factories import make_story

EMBED_URL = "https://www.youtube.com/watch?v=quasar-embed-1"


def samples(photo):
    """block type → (raw value, marker every channel shows, whether search finds the marker)."""
    return {
        "paragraph": ("<p>Đoạn văn Quasarpara về bà mẹ Việt Nam anh hùng.</p>", "Quasarpara", True),
        "image": ({"image": photo.pk, "caption": "Chú thích Quasarfig", "credit": "Quasarcredit"}, "Quasarfig", True),
        "quote": ({"text": "Lời Quasarquote của người thầy", "attribution": "Thầy Quý"}, "Quasarquote", True),
        # Embeds cannot be fetched here: the page shows a link, as feeds always do.
        "embed": (EMBED_URL, EMBED_URL, False),
        "gallery": (
            {
                "title": "Bộ ảnh Quasargal",
                "images": [
                    {"image": photo.pk, "caption": "Ảnh một Quasarcap", "credit": ""},
                    {"image": photo.pk, "caption": "Ảnh hai", "credit": ""},
                ],
            },
            "Quasarcap",
            True,
        ),
    }


@pytest.fixture
def photo(db):
    return CustomImage.objects.create(title="Ảnh thử", file=get_test_image_file(size=(640, 480)), credit="Gương Sáng")


def test_every_block_type_has_a_sample(photo):
    assert set(samples(photo)) == set(ArticleBodyBlock.base_blocks) | set(ArticleBodyBlock().child_blocks)


@pytest.fixture
def story_with_every_block(photo):
    body = [{"type": name, "value": value} for name, (value, _, _) in samples(photo).items()]
    return make_story(title="Bài có mọi loại khối nội dung", body=body)


def _channels(client, story):
    page = client.get(story.url).content.decode()
    printed = client.get(story.url + "in/").content.decode()
    rss = feedparser.parse(client.get("/feeds/all.rss").content)
    atom = feedparser.parse(client.get("/feeds/all.atom").content)
    json_feed = client.get("/feeds/all.json").json()
    ninjs = client.get(f"/api/ninjs/{story.pk}/").json()

    def entry(parsed):
        return next(e for e in parsed.entries if story.title == e.title)

    return {
        "page": page,
        "print": printed,
        "RSS": entry(rss).content[0].value,
        "Atom": entry(atom).content[0].value,
        "JSON Feed": next(i for i in json_feed["items"] if i["title"] == story.title)["content_html"],
        "ninjs": next(b["value"] for b in ninjs["bodies"] if b["contenttype"] == "text/html"),
    }


def test_every_block_type_shows_in_every_channel(client, story_with_every_block, photo):
    channels = _channels(client, story_with_every_block)
    missing = [
        f"{name} in {channel}"
        for name, (_, marker, _) in samples(photo).items()
        for channel, text in channels.items()
        if marker not in html.unescape(text)
    ]
    assert not missing, missing


def test_output_that_leaves_the_site_is_portable(client, story_with_every_block):
    """Feeds and ninjs carry one JPEG per photo, no site classes or players, absolute URLs."""
    for channel, text in _channels(client, story_with_every_block).items():
        if channel in ("page", "print"):
            continue
        assert "<picture" not in text and 'class="' not in text and "<iframe" not in text, channel
        assert all(url.startswith("http") for url in _urls(text)), channel
        assert "(Ảnh: Quasarcredit)" in text, channel


def _urls(text):
    return re.findall(r'(?:href|src)="([^"]+)"', text)


def test_every_block_types_words_are_found_by_search(client, story_with_every_block, photo):
    text = story_with_every_block.body_text()
    for name, (_, marker, searchable) in samples(photo).items():
        if searchable:
            assert marker in text, name
            found = client.get("/api/search/", {"q": marker}).json()["results"]
            assert [r["title"] for r in found] == [story_with_every_block.title], name
