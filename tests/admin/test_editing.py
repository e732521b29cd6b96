"""Editors' screens answer and speak the site's rules (real admin requests)."""

import pytest
from django.contrib.auth import get_user_model

from exemplars.models import StoryIndexPage, StoryPage
from news.models import NewsPage


@pytest.fixture
def editor_client(client, db):
    user = get_user_model().objects.create_superuser("bientap", "bt@example.com", "x")
    client.force_login(user)
    return client


def test_story_editor_opens_with_vietnamese_slug_transliteration(editor_client):
    index = StoryIndexPage.objects.get()
    response = editor_client.get(f"/admin/pages/add/exemplars/storypage/{index.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "data-w-slug-formatters-value" in html  # Wagtail's own JS would turn đ into "dj"
    assert "Gương điển hình" in html and "Khen thưởng đã nhận" in html

    story = StoryPage.objects.live().first()
    assert editor_client.get(f"/admin/pages/{story.pk}/edit/").status_code == 200
    news = NewsPage.objects.live().first()
    assert editor_client.get(f"/admin/pages/{news.pk}/edit/").status_code == 200


@pytest.mark.parametrize("model", ["locality", "awardtype", "prioritygroup", "author"])
def test_reference_data_is_editable(editor_client, model):
    assert editor_client.get(f"/admin/snippets/core/{model}/").status_code == 200


def test_editor_publishes_a_story_through_the_admin(editor_client):
    index = StoryIndexPage.objects.get()
    data = {
        "title": "Đoàn thanh niên Đắk Lắk hiến máu cứu người",
        "slug": "doan-thanh-nien-dak-lak-hien-mau-cuu-nguoi",  # what the slug field's script fills in
        "lead": "Sapo.",
        "exemplar_name": "Đoàn thanh niên xã Ea Tu",
        "exemplar_type": "collective",
        "published_at": "20/11/2026 08:00",
        "body-count": "0",
        "awards-TOTAL_FORMS": "0",
        "awards-INITIAL_FORMS": "0",
        "awards-MIN_NUM_FORMS": "0",
        "awards-MAX_NUM_FORMS": "1000",
        "related_links-TOTAL_FORMS": "0",
        "related_links-INITIAL_FORMS": "0",
        "related_links-MIN_NUM_FORMS": "0",
        "related_links-MAX_NUM_FORMS": "4",
        "comments-TOTAL_FORMS": "0",
        "comments-INITIAL_FORMS": "0",
        "comments-MIN_NUM_FORMS": "0",
        "comments-MAX_NUM_FORMS": "1000",
        "corrections-TOTAL_FORMS": "0",
        "corrections-INITIAL_FORMS": "0",
        "corrections-MIN_NUM_FORMS": "0",
        "corrections-MAX_NUM_FORMS": "1000",
        "action-publish": "action-publish",
    }
    response = editor_client.post(f"/admin/pages/add/exemplars/storypage/{index.pk}/", data)
    assert response.status_code == 302, response.context["form"].errors.as_text()
    page = StoryPage.objects.get(title=data["title"])
    assert page.live and page.url == "/guong-sang/doan-thanh-nien-dak-lak-hien-mau-cuu-nguoi/"
    assert editor_client.get(page.url).status_code == 200
