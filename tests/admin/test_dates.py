"""The two dates an editor meets, told apart (core.page_forms, ArticlePage.full_clean):
"Ngày giờ đăng (bạn đọc thấy)" and "Giờ tự động xuất bản" (Wagtail's go-live, in the schedule
dialog). Scheduling a story dates it at its go-live time; removing the schedule does not leave
it embargoed in the future. Through the real admin forms."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from exemplars.models import StoryIndexPage, StoryPage

FORMAT = "%d/%m/%Y %H:%M"  # the admin's date-time format (Vietnamese: dd/mm/yyyy)


@pytest.fixture
def editor_client(client, db):
    client.force_login(get_user_model().objects.create_superuser("bientap", "bt@example.com", "x"))
    return client


def form_data(title, published_at, go_live_at="", action="action-publish"):
    formsets = ("awards", "related_links", "comments", "corrections")
    data = {
        "title": title,
        "slug": "co-giao-vung-cao",
        "lead": "Sapo.",
        "exemplar_name": "Cô giáo Lò Thị Hoa",
        "exemplar_type": "individual",
        "published_at": published_at,
        "go_live_at": go_live_at,
        "expire_at": "",
        "body-count": "0",
        action: action,
    }
    for prefix in formsets:
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0", f"{prefix}-MIN_NUM_FORMS": "0"})
        data[f"{prefix}-MAX_NUM_FORMS"] = "1000"
    return data


def local(moment):
    return timezone.localtime(moment).strftime(FORMAT)


def test_the_form_names_the_two_dates_apart(editor_client):
    index = StoryIndexPage.objects.get()
    html = editor_client.get(f"/admin/pages/add/exemplars/storypage/{index.pk}/").content.decode()
    assert "Ngày giờ đăng (bạn đọc thấy)" in html
    assert "Giờ tự động xuất bản" in html
    assert "ngày/giờ xuất bản" not in html.lower()  # the old label, one letter from the other


def test_scheduling_dates_the_story_at_its_go_live_and_unscheduling_does_not_embargo_it(editor_client):
    index = StoryIndexPage.objects.get()
    now = timezone.localtime()
    go_live = (now + timedelta(days=3)).replace(hour=8, minute=0, second=0, microsecond=0)
    title = "Cô giáo vùng cao giữ chân học trò"
    # The editor leaves "Ngày giờ đăng" as the form filled it (now) and sets a go-live time.
    response = editor_client.post(
        f"/admin/pages/add/exemplars/storypage/{index.pk}/", form_data(title, local(now), local(go_live))
    )
    assert response.status_code == 302, response.context["form"].errors.as_text()
    page = StoryPage.objects.get(title=title)
    assert not page.live  # scheduled
    scheduled = page.get_latest_revision_as_object()
    assert scheduled.go_live_at == go_live
    assert scheduled.published_at == go_live  # readers will see the day it appears, not today

    # Wagtail locks a scheduled page: the editor cancels the schedule first ("Hủy lịch")...
    revision = page.scheduled_revision
    unschedule = editor_client.post(f"/admin/pages/{page.pk}/revisions/{revision.pk}/unschedule/")
    assert unschedule.status_code == 302
    # ...then empties the go-live time and publishes; the date still shows the old go-live. The
    # story is dated now and goes live now, instead of staying embargoed until that time.
    before = timezone.now().replace(microsecond=0)
    response = editor_client.post(f"/admin/pages/{page.pk}/edit/", form_data(title, local(go_live), ""))
    assert response.status_code == 302, response.context["form"].errors.as_text()
    page = StoryPage.objects.get(pk=page.pk)
    assert page.live and page.go_live_at is None
    assert before - timedelta(minutes=1) <= page.published_at <= timezone.now()


def test_a_later_date_than_the_go_live_is_kept_and_moves_the_go_live(editor_client):
    index = StoryIndexPage.objects.get()
    go_live = (timezone.localtime() + timedelta(days=3)).replace(hour=8, minute=0, second=0, microsecond=0)
    later = go_live + timedelta(hours=2)
    title = "Bài đăng muộn hơn giờ lên lịch"
    response = editor_client.post(
        f"/admin/pages/add/exemplars/storypage/{index.pk}/", form_data(title, local(later), local(go_live))
    )
    assert response.status_code == 302, response.context["form"].errors.as_text()
    scheduled = StoryPage.objects.get(title=title).get_latest_revision_as_object()
    assert scheduled.published_at == later and scheduled.go_live_at == later  # an embargo until then


def test_the_headline_is_a_growing_field_kept_on_one_line(editor_client):
    """Long headlines stay in view (a textarea Wagtail grows) with a character count; a line
    break pasted into it is not kept."""
    from lxml import html

    index = StoryIndexPage.objects.get()
    doc = html.fromstring(editor_client.get(f"/admin/pages/add/exemplars/storypage/{index.pk}/").content)
    [title] = doc.xpath("//*[@id='id_title']")
    assert title.tag == "textarea"
    assert title.get("data-controller").split() == ["w-autosize", "gs-headline", "w-sync"]
    assert title.get("data-gs-headline-advised-value") == "110"
    title_text = "Cô giáo vùng cao\ngiữ chân   học trò"
    response = editor_client.post(
        f"/admin/pages/add/exemplars/storypage/{index.pk}/", form_data(title_text, local(timezone.now()))
    )
    assert response.status_code == 302, response.context["form"].errors.as_text()
    assert StoryPage.objects.filter(title="Cô giáo vùng cao giữ chân học trò").exists()
