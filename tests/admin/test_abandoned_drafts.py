"""Abandoned autosaved drafts (core.drafts): a new page that Wagtail's autosave created and
nobody saved on purpose is deleted after ABANDONED_DRAFT_DAYS untouched; a page saved, submitted
or published by hand is never touched. Through the real admin views, as autosave calls them."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.utils import timezone
from wagtail.models import PageLogEntry

from core.drafts import delete_abandoned
from core.models import AutosavedDraft
from core.text import vi_slugify
from exemplars.models import StoryIndexPage, StoryPage
from tests.admin.test_dates import form_data, local


@pytest.fixture
def reporter_client(client, db):
    client.force_login(get_user_model().objects.create_superuser("phongvien", "pv@example.com", "x"))
    return client


def create(client, title, autosave):
    index = StoryIndexPage.objects.get()
    data = form_data(title, local(timezone.now()), action="action-save")
    data.pop("action-save")
    data["slug"] = vi_slugify(title)  # as the slug field's script fills it in
    headers = {"HTTP_ACCEPT": "application/json"} if autosave else {}
    response = client.post(f"/admin/pages/add/exemplars/storypage/{index.pk}/", data, **headers)
    assert response.status_code in (200, 302), response.content[:300]
    if autosave:
        assert response.json()["success"], response.json()
    return StoryPage.objects.get(title=title)


def test_only_abandoned_autosaved_pages_are_deleted_after_a_week(reporter_client, settings):
    settings.ABANDONED_DRAFT_DAYS = 7
    abandoned = create(reporter_client, "Bài tự lưu rồi bỏ dở", autosave=True)
    kept_by_hand = create(reporter_client, "Bài tự lưu rồi lưu tay", autosave=True)
    saved = create(reporter_client, "Bài lưu nháp bằng tay", autosave=False)
    assert set(AutosavedDraft.objects.values_list("page_id", flat=True)) == {abandoned.pk, kept_by_hand.pk}

    data = form_data(kept_by_hand.title, local(timezone.now()), action="action-save")
    data["slug"] = kept_by_hand.slug
    response = reporter_client.post(f"/admin/pages/{kept_by_hand.pk}/edit/", data)
    assert response.status_code == 302
    assert not AutosavedDraft.objects.filter(page_id=kept_by_hand.pk).exists()

    assert delete_abandoned() == 0  # not a week yet
    with time_machine.travel(timezone.now() + timedelta(days=6, hours=23)):
        assert delete_abandoned() == 0
    with time_machine.travel(timezone.now() + timedelta(days=7, minutes=1)):
        assert delete_abandoned() == 1
    assert not StoryPage.objects.filter(pk=abandoned.pk).exists()
    assert StoryPage.objects.filter(pk__in=[kept_by_hand.pk, saved.pk]).count() == 2
    assert PageLogEntry.objects.filter(page_id=abandoned.pk, action="wagtail.delete").exists()


def test_an_autosaved_page_published_is_never_deleted(reporter_client):
    page = create(reporter_client, "Bài tự lưu rồi xuất bản", autosave=True)
    page.save_revision().publish()
    assert not AutosavedDraft.objects.filter(page_id=page.pk).exists()
    with time_machine.travel(timezone.now() + timedelta(days=30)):
        assert delete_abandoned() == 0
    assert StoryPage.objects.filter(pk=page.pk, live=True).exists()
