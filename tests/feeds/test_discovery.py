"""Finding the feeds: autodiscovery links, the partners' page, robots.txt, the Google News
sitemap."""

from datetime import timedelta

from django.utils import timezone
from lxml import etree, html

from tests.factories import make_story

NEWS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "news": "http://www.google.com/schemas/sitemap-news/0.9"}


def alternates(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    doc = html.fromstring(response.content)
    return {(link.get("type"), link.get("href")) for link in doc.xpath("//head/link[@rel='alternate']")}


def test_every_page_advertises_the_site_feeds(client, rich_story, movement):
    site_feeds = {
        ("application/rss+xml", "/feeds/all.rss"),
        ("application/atom+xml", "/feeds/all.atom"),
        ("application/feed+json", "/feeds/all.json"),
    }
    assert site_feeds <= alternates(client, "/")
    story_links = alternates(client, rich_story.url)
    assert site_feeds | {("application/rss+xml", "/feeds/stories.rss")} <= story_links
    assert ("application/rss+xml", "/feeds/stories.rss") in alternates(client, rich_story.get_parent().url)
    assert ("application/rss+xml", f"/feeds/movements/{movement.slug}.rss") in alternates(client, movement.url)
    filtered = alternates(client, rich_story.get_parent().url + "?locality=gia-lai")
    assert ("application/rss+xml", "/feeds/localities/gia-lai.rss") in filtered
    # and every advertised feed answers
    for _, href in story_links | filtered:
        assert client.get(href).status_code == 200, href


def test_partners_page_lists_every_feed_in_vietnamese(client, rich_story, movement):
    response = client.get("/feeds/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "Cung cấp tin cho đối tác" in text and "Được phép đăng lại, ghi rõ nguồn" in text
    doc = html.fromstring(response.content)
    hrefs = set(doc.xpath("//main//a/@href"))
    root = rich_story.get_site().root_url
    for path in (
        "/feeds/all.rss",
        "/feeds/all.atom",
        "/feeds/all.json",
        "/feeds/stories.rss",
        "/feeds/news.rss",
        f"/feeds/movements/{movement.slug}.rss",
        "/feeds/localities/gia-lai.rss",
        "/sitemap-news.xml",
    ):
        assert root + path in hrefs, path
    assert len([h for h in hrefs if "/feeds/localities/" in h and h.endswith(".rss")]) == 34  # today's provinces
    assert "/feeds/" in client.get("/").content.decode()  # linked from every page's footer


def test_robots_txt_names_the_news_sitemap(client, db):
    assert "Sitemap: http://testserver/sitemap-news.xml" in client.get("/robots.txt").content.decode()


def test_news_sitemap_lists_the_last_48_hours(client, rich_story):
    old = make_story(title="Bài của tuần trước", published_at=timezone.now() - timedelta(days=3))
    response = client.get("/sitemap-news.xml")
    assert response.status_code == 200 and response["Content-Type"] == "application/xml; charset=utf-8"
    tree = etree.fromstring(response.content)
    urls = tree.findall("s:url", NEWS)
    assert 0 < len(urls) <= 1000
    locs = [u.findtext("s:loc", namespaces=NEWS) for u in urls]
    assert rich_story.get_full_url() in locs and old.get_full_url() not in locs
    entry = urls[locs.index(rich_story.get_full_url())]
    assert entry.findtext("news:news/news:publication/news:name", namespaces=NEWS) == "Gương Sáng"
    assert entry.findtext("news:news/news:publication/news:language", namespaces=NEWS) == "vi"
    assert entry.findtext("news:news/news:title", namespaces=NEWS) == rich_story.title
    dates = [
        timezone.datetime.fromisoformat(u.findtext("news:news/news:publication_date", namespaces=NEWS)) for u in urls
    ]
    assert all(d.utcoffset() == timedelta(hours=7) for d in dates)
    assert all(d >= timezone.now() - timedelta(hours=48, minutes=1) for d in dates)
