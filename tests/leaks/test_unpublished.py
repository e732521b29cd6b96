"""Draft, scheduled and private pages never show up on the public site."""

from datetime import timedelta

import pytest
from django.utils import timezone
from wagtail.models import PageViewRestriction

from movements.models import MovementPage
from tests.factories import make_story

PUBLIC_URLS = ["/", "/guong-sang/", "/sitemap.xml", "/search/?q=BíMật"]
HIDDEN_TITLES = ["BíMật bản nháp", "BíMật hẹn giờ", "BíMật riêng tư"]


def assert_nothing_hidden(html):
    assert not [title for title in HIDDEN_TITLES if title in html]


@pytest.fixture
def hidden_pages(db):
    movement = MovementPage.objects.live().first()
    draft = make_story(title="BíMật bản nháp", publish=False)
    scheduled = make_story(title="BíMật hẹn giờ", publish=False)
    scheduled.go_live_at = timezone.now() + timedelta(days=1)
    scheduled.save_revision().publish()  # with a future go-live this only schedules
    private = make_story(title="BíMật riêng tư")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.PASSWORD, password="x")
    for page in (draft, scheduled, private):
        page.movements = [movement]
        page.save_revision()
    return {"draft": draft, "scheduled": scheduled, "private": private, "movement": movement}


@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_hidden_pages_do_not_appear_in_listings(client, hidden_pages, url):
    assert_nothing_hidden(client.get(url).content.decode())


def test_hidden_pages_do_not_appear_on_the_movement_hub(client, hidden_pages):
    assert_nothing_hidden(client.get(hidden_pages["movement"].url).content.decode())


def test_hidden_pages_are_not_served(client, hidden_pages):
    assert client.get(hidden_pages["draft"].url).status_code == 404
    assert client.get(hidden_pages["scheduled"].url).status_code == 404
    response = client.get(hidden_pages["private"].url)
    assert "Anh đã cứu ba người" not in response.content.decode()  # the password form, not the story


def test_hidden_pages_are_not_related_content(client, hidden_pages):
    story = make_story(title="Bài công khai")
    story.movements = [hidden_pages["movement"]]
    story.save_revision().publish()
    assert_nothing_hidden(client.get(story.url).content.decode())
