"""Real Wagtail pages for tests, built through the same API editors' saves go through."""

from datetime import timedelta

from django.utils import timezone

from exemplars.models import StoryIndexPage, StoryPage
from news.models import NewsIndexPage, NewsPage


def _publish(parent, page, publish=True):
    page.live = publish  # a new page is live unless told otherwise
    parent.add_child(instance=page)
    revision = page.save_revision()
    if publish:
        revision.publish()
        page.refresh_from_db()
    return page


def make_story(title="Người thợ điện cứu người trong lũ", publish=True, parent=None, **fields):
    fields.setdefault("lead", "Một câu chuyện đẹp.")
    fields.setdefault("exemplar_name", "Nguyễn Văn Đức")
    fields.setdefault("published_at", timezone.now() - timedelta(hours=1))
    fields.setdefault("body", [("paragraph", "<p>Anh đã cứu ba người.</p>")])
    page = StoryPage(title=title, **fields)
    return _publish(parent or StoryIndexPage.objects.get(), page, publish)


def make_news(title="Hội nghị tổng kết phong trào thi đua", publish=True, parent=None, **fields):
    fields.setdefault("lead", "Tin hội nghị.")
    fields.setdefault("published_at", timezone.now() - timedelta(hours=1))
    page = NewsPage(title=title, **fields)
    return _publish(parent or NewsIndexPage.objects.get(), page, publish)
