"""Drafts, scheduled pages, private pages and scheduled revisions never reach a feed or the
news sitemap."""

from datetime import timedelta

import pytest
from django.utils import timezone
from wagtail.models import PageViewRestriction

from tests.factories import make_news, make_story

URLS = [
    "/feeds/all.rss",
    "/feeds/all.atom",
    "/feeds/all.json",
    "/feeds/stories.rss",
    "/feeds/news.rss",
    "/feeds/localities/ha-noi.rss",
    "/sitemap-news.xml",
]


@pytest.fixture
def hidden(db, movement):
    from core.models import Locality

    hanoi = Locality.objects.get(slug="ha-noi")
    draft = make_story(title="Bản nháp chưa duyệt", publish=False)
    scheduled = make_story(title="Bài hẹn giờ chưa đến giờ", publish=False)
    scheduled.go_live_at = timezone.now() + timedelta(days=1)
    scheduled.save_revision().publish()
    private = make_news(title="Tin nội bộ có mật khẩu")
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="bi-mat")
    pages = [draft, scheduled, private]
    for page in pages:
        page.refresh_from_db()
        page.localities = [hanoi]
        if hasattr(page, "movements"):
            page.movements = [movement]
        page.save()
    assert not draft.live and not scheduled.live and private.live
    return pages


def test_hidden_pages_never_appear(client, hidden, movement):
    urls = URLS + [f"/feeds/movements/{movement.slug}.rss"]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        for page in hidden:
            assert page.title not in body, (url, page.title)
            assert str(page.translation_key) not in body, (url, page.title)


def test_a_scheduled_revision_of_a_live_page_stays_hidden(client, rich_story):
    rich_story.title = "Tiêu đề mới chỉ đăng ngày mai"
    rich_story.go_live_at = timezone.now() + timedelta(days=1)
    rich_story.save_revision().publish()
    for url in URLS:
        assert "Tiêu đề mới chỉ đăng ngày mai" not in client.get(url).content.decode(), url
    assert "Người thầy mở lớp xoá mù chữ" in client.get("/feeds/all.rss").content.decode()


def test_a_private_section_hides_its_articles(client, rich_story):
    section = rich_story.get_parent()
    PageViewRestriction.objects.create(page=section, restriction_type="login")
    for url in URLS:
        assert str(rich_story.translation_key) not in client.get(url).content.decode(), url
