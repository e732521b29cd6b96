import io

from django.core.management import call_command
from wagtail.models import Page, Revision

from core.models import CustomImage
from exemplars.models import StoryPage
from home.models import HomePage
from movements.models import MovementPage
from news.models import NewsPage


def test_demo_has_the_promised_content(db):
    assert MovementPage.objects.live().count() >= 6
    assert StoryPage.objects.live().count() >= 15
    assert NewsPage.objects.live().count() >= 15
    stories = StoryPage.objects.live().select_related("hero_image")
    assert all(s.hero_image and s.hero_image.caption and s.hero_image.credit for s in stories)
    assert all(s.lead and len(s.body) >= 3 for s in stories)
    assert HomePage.objects.get().featured_stories.count() == 4
    # historic provinces are used and linked to their successor
    assert (
        StoryPage.objects.filter(localities__is_current=False).exists()
        or NewsPage.objects.filter(localities__is_current=False).exists()
    )


def test_demo_has_one_draft_that_stays_unpublished(db):
    drafts = NewsPage.objects.filter(live=False)
    assert drafts.count() == 1


def test_load_demo_twice_changes_nothing(db):
    def snapshot():
        return (
            Page.objects.count(),
            Revision.objects.count(),
            CustomImage.objects.count(),
            sorted(Page.objects.values_list("pk", "title", "live", "last_published_at")),
        )

    before = snapshot()
    out = io.StringIO()
    call_command("load_demo", stdout=out, stderr=io.StringIO())
    assert snapshot() == before
    assert "Không đổi: 41" in out.getvalue()  # 32 articles and 9 documents
