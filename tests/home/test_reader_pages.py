"""What issue 13 asked of the pages readers see, through real HTTP requests on the demo
content: topics, the HTML site map, the publisher's details, icons, the accessibility
statement, dates with the weekday, a movement's period, the home page's first photo and the
Vietnamese 404 under `make run`'s DEBUG."""

import json
import re
from datetime import timedelta

import pytest
from django.utils import timezone
from taggit.models import Tag
from wagtail.models import PageViewRestriction, Site

from core.models import PublisherSettings
from core.topics import TOPIC_PAGE_SIZE
from exemplars.models import StoryPage
from movements.models import MovementPage
from tests.factories import make_news, make_story


def html_of(client, url):
    response = client.get(url)
    return response, response.content.decode()


def tagged(page, tag):
    """The tag as an editor adds it: in the page's next revision, published if the page is."""
    page.tags.add(tag)
    revision = page.save_revision()
    if page.live:
        revision.publish()
    return page


def titles_in(html):
    return re.findall(r'class="card__title"><a href="[^"]+">([^<]+)</a>', html)


def test_a_topic_has_an_ascii_address_and_lists_every_kind_readers_may_see(client, db):
    story = make_story(title="Người giữ rừng đầu nguồn")
    news = make_news(title="Tỉnh đoàn phát động trồng rừng đầu nguồn")
    draft = make_story(title="Bản nháp về rừng đầu nguồn", publish=False)
    scheduled = make_story(title="Bài hẹn giờ về rừng đầu nguồn", published_at=timezone.now() + timedelta(days=1))
    private = make_story(title="Bài riêng tư về rừng đầu nguồn")
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")
    for page in (story, news, draft, scheduled, private):
        tagged(page, "Đất đỏ rừng đầu nguồn")

    tag = Tag.objects.get(name="Đất đỏ rừng đầu nguồn")
    assert tag.slug == "dat-do-rung-dau-nguon"  # đ → d, no accents, like every slug of the site
    response, html = html_of(client, "/chu-de/dat-do-rung-dau-nguon/")
    assert response.status_code == 200
    assert "<h1>Đất đỏ rừng đầu nguồn</h1>" in html
    assert sorted(titles_in(html)) == sorted([story.title, news.title])
    assert 'href="/feeds/topics/dat-do-rung-dau-nguon.rss"' in html  # "Theo dõi"
    assert 'href="/ban-tin/"' in html and "Theo dõi" in html

    # The article's tags are links to their topics.
    _, article = html_of(client, story.url)
    assert '<a href="/chu-de/dat-do-rung-dau-nguon/">Đất đỏ rừng đầu nguồn</a>' in article


def test_a_topic_pages_its_articles_and_unknown_or_empty_topics_are_404(client, db):
    now = timezone.now()
    pages = [
        tagged(make_story(title=f"Tấm gương số {n}", published_at=now - timedelta(days=n)), "hiến máu nhân đạo")
        for n in range(TOPIC_PAGE_SIZE + 2)
    ]
    first = titles_in(client.get("/chu-de/hien-mau-nhan-dao/").content.decode())
    second = titles_in(client.get("/chu-de/hien-mau-nhan-dao/?page=2").content.decode())
    assert first == [p.title for p in pages[:TOPIC_PAGE_SIZE]]
    assert second == [p.title for p in pages[TOPIC_PAGE_SIZE:]]
    assert client.get("/chu-de/hien-mau-nhan-dao/?page=abc").status_code == 200  # the first page, not a 500

    assert client.get("/chu-de/khong-co-chu-de-nay/").status_code == 404
    lonely = tagged(make_story(title="Bài sẽ gỡ"), "chủ đề một bài")
    assert client.get("/chu-de/chu-de-mot-bai/").status_code == 200
    lonely.unpublish()
    assert client.get("/chu-de/chu-de-mot-bai/").status_code == 404  # and its cached copy is gone


def test_the_html_site_map_lists_sections_movements_and_topics_with_visible_articles(client, db):
    tagged(make_story(title="Bài có chủ đề"), "chủ đề hiện")
    tagged(make_story(title="Bài nháp có chủ đề", publish=False), "chủ đề ẩn")
    response, html = html_of(client, "/so-do-trang/")
    assert response.status_code == 200 and "<h1>Sơ đồ trang</h1>" in html
    assert 'href="/guong-sang/"' in html and 'href="/tin-phong-trao/"' in html
    for movement in MovementPage.objects.live():
        assert movement.url in html
    assert 'href="/chu-de/chu-de-hien/"' in html
    assert "chủ đề ẩn" not in html
    # Every page's footer points to it, not to the XML sitemap.
    _, home = html_of(client, "/")
    assert '<a href="/so-do-trang/">Sơ đồ trang</a>' in home


def test_the_footer_prints_the_publishers_details_and_follows_their_edits(client, db):
    _, html = html_of(client, "/")
    publisher = PublisherSettings.for_site(Site.objects.get(is_default_site=True))
    assert publisher.owner and publisher.owner in html  # the demo's sample details
    publisher.owner = "Sở Nội vụ tỉnh Gia Lai"
    publisher.licence = "Giấy phép số 12/GP-TTĐT ngày 05/03/2025"
    publisher.responsible_person = "Trần Thị B, Phó Giám đốc"
    publisher.phone = "0269 3824 567"
    publisher.email = "thiduakhenthuong@gialai.gov.vn"
    publisher.save()
    _, html = html_of(client, "/")  # the page was cached with the old details
    footer = html[html.index('<footer class="site-footer">') :]
    for value in ("Sở Nội vụ tỉnh Gia Lai", "Giấy phép số 12/GP-TTĐT ngày 05/03/2025", "Trần Thị B, Phó Giám đốc"):
        assert value in footer
    assert 'href="tel:+842693824567"' in footer and 'href="mailto:thiduakhenthuong@gialai.gov.vn"' in footer
    assert 'id="chuyen-muc"' in footer  # the menu button's target without JavaScript


def test_icons_and_the_app_manifest(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 200 and response["Content-Type"] == "image/x-icon"
    assert b"".join(response.streaming_content)[:4] == b"\x00\x00\x01\x00"  # an ICO file
    manifest = client.get("/site.webmanifest")
    data = json.loads(manifest.content)
    assert data["lang"] == "vi" and data["name"] == "Gương Sáng"
    assert {icon["sizes"] for icon in data["icons"]} == {"192x192", "512x512"}
    _, html = html_of(client, "/")
    assert '<link rel="icon" href="/favicon.ico"' in html and 'rel="apple-touch-icon"' in html
    assert '<link rel="manifest" href="/site.webmanifest">' in html


def test_the_accessibility_statement_names_the_rule_what_was_tested_and_how_to_report(client, db):
    response, html = html_of(client, "/tuyen-bo-ho-tro-tiep-can/")
    assert response.status_code == 200
    assert "Thông tư số 26/2020/TT-BTTTT" in html and "WCAG" in html and "axe-core" in html
    email = PublisherSettings.for_site(Site.objects.get(is_default_site=True)).email
    assert f"mailto:{email}" in html
    assert 'href="/tuyen-bo-ho-tro-tiep-can/"' in html_of(client, "/")[1]


def test_an_article_date_has_its_weekday(client, db):
    when = timezone.make_aware(timezone.datetime(2024, 2, 21, 8, 30))
    story = make_story(title="Bài ngày thứ Tư", published_at=when)
    html = client.get(story.url).content.decode()
    assert ">Thứ Tư, 21/02/2024 08:30</time>" in html


def test_a_movements_period_is_printed_once_and_in_full(client, db):
    movement = MovementPage.objects.live().filter(period_start__isnull=False, period_end__isnull=False).first()
    movement.title = f"Phong trào mẫu, giai đoạn {movement.period_start}-{movement.period_end}"
    movement.status = "active"
    movement.save_revision().publish()
    open_ended = MovementPage.objects.live().exclude(pk=movement.pk).first()
    open_ended.period_start, open_ended.period_end, open_ended.status = 2011, None, "active"
    open_ended.save_revision().publish()

    _, home = html_of(client, "/")
    assert f"({movement.period_start}-{movement.period_end})" not in home
    _, hub = html_of(client, open_ended.url)
    assert "<dt>Giai đoạn</dt><dd>từ năm 2011 đến nay</dd>" in hub


def test_the_home_pages_first_photo_is_not_lazy_and_each_block_has_see_all(client, db):
    html = client.get("/").content.decode()
    images = re.findall(r"<img [^>]*>", html)
    assert 'loading="eager"' in images[0] and 'fetchpriority="high"' in images[0]
    assert all('loading="lazy"' in img for img in images[1:])
    for link in ("Xem tất cả gương sáng", "Xem tất cả tin phong trào", "Xem tất cả phong trào"):
        assert link in html


def test_the_related_row_is_always_full(client, db):
    story = StoryPage.objects.live().first()
    assert len(story.related_pages()) == 3


@pytest.mark.parametrize("url", ["/khong-co-trang-nay/", "/khong-co.php", "/guong-sang/khong-co-bai/"])
def test_make_runs_debug_mode_still_shows_readers_the_vietnamese_404(client, db, settings, url):
    settings.DEBUG = True
    settings.MIDDLEWARE = [*settings.MIDDLEWARE[:-1], "core.middleware.ReadersNotFoundPageMiddleware"]
    response = client.get(url)
    assert response.status_code == 404
    html = response.content.decode()
    assert "Không tìm thấy trang" in html and "Page not found" not in html


def test_a_topic_has_its_own_feed_and_a_movement_hub_offers_to_follow_it(client, db):
    import feedparser

    story = tagged(make_story(title="Cô giáo cắm bản"), "giáo dục vùng cao")
    tagged(make_story(title="Bản nháp cô giáo", publish=False), "giáo dục vùng cao")
    response = client.get("/feeds/topics/giao-duc-vung-cao.rss")
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert feed.feed.title == "Gương Sáng – Chủ đề: giáo dục vùng cao"
    assert [entry.title for entry in feed.entries] == [story.title]
    assert client.get("/feeds/topics/khong-co.rss").status_code == 404
    assert client.get("/feeds/topics/giao-duc-vung-cao.atom").status_code == 200

    from feeds.websub import topics_for

    assert any(url.endswith("/feeds/topics/giao-duc-vung-cao.rss") for url in topics_for(story))

    movement = MovementPage.objects.live().first()
    html = client.get(movement.url).content.decode()
    assert f'href="/feeds/movements/{movement.slug}.rss"' in html
    assert f'href="/ban-tin/?movement={movement.pk}"' in html
    form = client.get(f"/ban-tin/?movement={movement.pk}").content.decode()
    assert re.search(rf'<option value="{movement.pk}" selected>', form)
    assert client.get("/ban-tin/?movement=abc").status_code == 200  # ignored, not a 500
