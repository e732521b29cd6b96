"""Messages that say what happened (issue 15, item 3), through the admin as each role: the
edit form's real actions, the dashboard's approve and reject buttons, and the e-mails Wagtail
sends at each step."""

import html
import re
from datetime import timedelta

from django.core import mail
from django.utils import timezone

from exemplars.models import StoryPage
from newsroom.roles import BIEN_TAP_VIEN as BTV
from newsroom.roles import LANH_DAO_DUYET as LDD
from newsroom.roles import PHONG_VIEN as PV

from .conftest import add_story_url, create_story, story_form


def shown(response) -> list[str]:
    """The messages on the admin screen a response ends on, as the editor reads them (the
    buttons beside them left out)."""
    page = response.content.decode()
    block = re.search(r'<div class="messages".*?<ul data-w-messages-target="container">(.*?)</ul>', page, re.S)
    items = re.findall(r"<li class=\"[^\"]*\">(.*?)</li>", block.group(1), re.S) if block else []
    texts = []
    for item in items:
        item = re.sub(r"<(a|button)\b.*?</\1>", " ", item, flags=re.S)
        texts.append(" ".join(html.unescape(re.sub(r"<[^>]+>", " ", item)).split()))
    return texts


def messages_text(response) -> str:
    return " | ".join(shown(response))


def edit(client, page, **extra):
    page = StoryPage.objects.get(pk=page.pk)
    data = story_form(page.draft_title, slug=page.slug, **extra)
    return client.post(f"/admin/pages/{page.pk}/edit/", data, follow=True)


def dashboard_action(client, page, action, **data):
    state = StoryPage.objects.get(pk=page.pk).current_workflow_task_state
    return client.post(
        f"/admin/pages/workflow/action/{page.pk}/{action}/{state.pk}/", {"next": "/admin/", **data}, follow=True
    )


def test_each_step_says_what_happened_in_vietnamese(make_user, client_for):
    reporter, editor, leader = make_user(PV), make_user(BTV), make_user(LDD)
    as_reporter, as_editor, as_leader = client_for(reporter), client_for(editor), client_for(leader)
    title = "Người mẹ nuôi 12 trẻ mồ côi ở Quảng Trị"

    response = as_reporter.post(add_story_url(), story_form(title), follow=True)
    said = messages_text(response)
    assert f"Đã tạo bản nháp '{title}'" in said
    page = StoryPage.objects.get(draft_title=title)

    said = messages_text(edit(as_reporter, page, **{"action-submit": "1"}))
    assert f"Đã gửi duyệt '{title}': chờ Biên tập viên duyệt (bước 1/2: Biên tập)." in said
    assert "submitted" not in said and "Đã cập nhật" not in said

    # The editor approves from the editor's footer (the edit form's workflow action).
    said = messages_text(edit(as_editor, page, **{"action-workflow-action": "true", "workflow-action-name": "approve"}))
    assert f"Đã duyệt bước 1 (Biên tập) bài '{title}': chờ Lãnh đạo duyệt (bước 2/2: Duyệt xuất bản)." in said
    assert "Đã cập nhật trang" not in said and "updated" not in said

    # The leader approves from the dashboard's button, which Wagtail leaves silent.
    response = dashboard_action(as_leader, page, "approve", comment="")
    said = messages_text(response)
    assert f"Đã duyệt bước 2 (Duyệt xuất bản): đã xuất bản '{title}'." in said
    assert StoryPage.objects.get(pk=page.pk).live


def test_publishing_and_scheduling_say_so_with_the_time(make_user, client_for, sections):
    leader = make_user(LDD)
    as_leader = client_for(leader)
    page = create_story(as_leader, "Thầy giáo vượt lũ đưa học sinh về nhà")

    said = messages_text(edit(as_leader, page, **{"action-publish": "1"}))
    assert "Đã xuất bản 'Thầy giáo vượt lũ đưa học sinh về nhà'." in said

    later = create_story(as_leader, "Lễ tuyên dương gương sáng tuổi trẻ")
    moment = timezone.localtime(timezone.now() + timedelta(days=3)).replace(hour=9, minute=30, second=0, microsecond=0)
    said = messages_text(
        edit(as_leader, later, published_at=moment.strftime("%d/%m/%Y %H:%M"), **{"action-publish": "1"})
    )
    assert f"Đã lên lịch xuất bản 'Lễ tuyên dương gương sáng tuổi trẻ' lúc {moment:%d/%m/%Y} 09:30." in said
    assert not StoryPage.objects.get(pk=later.pk).live


def test_sending_back_says_so_and_the_reporter_is_told_with_the_comment(make_user, client_for, settings):
    settings.WAGTAILADMIN_NOTIFICATION_USE_HTML = True
    reporter, editor = make_user(PV), make_user(BTV)
    reporter.first_name, reporter.last_name = "Lan", "Nguyễn Thị"
    reporter.save()
    as_reporter, as_editor = client_for(reporter), client_for(editor)
    page = create_story(as_reporter, "Bài thiếu nguồn ảnh")
    mail.outbox.clear()
    edit(as_reporter, page, **{"action-submit": "1"})

    # The editors are told a story waits for them, in Vietnamese.
    to_editor = [m for m in mail.outbox if editor.email in m.to]
    assert [m.subject for m in to_editor] == ["Bài “Bài thiếu nguồn ảnh” chờ bạn duyệt (bước 1/2: Biên tập)"]
    assert "đang chờ Biên tập viên duyệt" in to_editor[0].body and "Hello" not in to_editor[0].body
    mail.outbox.clear()

    said = messages_text(dashboard_action(as_editor, page, "reject", comment="Cần ghi nguồn ảnh."))
    assert (
        "Đã trả lại 'Bài thiếu nguồn ảnh' cho người viết sửa (bước 1 (Biên tập)). Nhận xét: “Cần ghi nguồn ảnh.”"
        in said
    )

    (to_reporter,) = [m for m in mail.outbox if reporter.email in m.to]
    assert to_reporter.subject == "Bài “Bài thiếu nguồn ảnh” bị trả lại ở bước “Biên tập”"
    assert to_reporter.body.strip().startswith("Chào Nguyễn Thị Lan,")
    assert "Nhận xét: “Cần ghi nguồn ảnh.”" in to_reporter.body
    html_body = to_reporter.alternatives[0][0]
    assert "Nhận xét: “Cần ghi nguồn ảnh.”" in html.unescape(html_body) and "rejected" not in html_body

    # Resubmitted after the fix: "Đã gửi duyệt" again, at step 1.
    said = messages_text(edit(as_reporter, page, **{"action-submit": "1"}))
    assert "Đã gửi duyệt 'Bài thiếu nguồn ảnh': chờ Biên tập viên duyệt (bước 1/2: Biên tập)." in said


def test_the_reporter_is_told_when_her_story_is_published(make_user, client_for):
    reporter, editor, leader = make_user(PV), make_user(BTV), make_user(LDD)
    page = create_story(client_for(reporter), "Ông lão 80 tuổi hiến đất làm đường")
    edit(client_for(reporter), page, **{"action-submit": "1"})
    dashboard_action(client_for(editor), page, "approve", comment="")
    mail.outbox.clear()
    dashboard_action(client_for(leader), page, "approve", comment="")
    (to_reporter,) = [m for m in mail.outbox if reporter.email in m.to]
    assert to_reporter.subject == "Bài “Ông lão 80 tuổi hiến đất làm đường” đã được duyệt và xuất bản"
    live = StoryPage.objects.get(pk=page.pk)
    assert live.full_url in to_reporter.body and "đã xuất bản" in to_reporter.body


def test_autosave_gets_no_message_left_for_later(make_user, client_for):
    reporter = make_user(PV)
    as_reporter = client_for(reporter)
    page = create_story(as_reporter, "Bài đang viết dở")
    as_reporter.get("/admin/")  # the creation message is shown and gone
    page = StoryPage.objects.get(pk=page.pk)
    response = as_reporter.post(
        f"/admin/pages/{page.pk}/edit/",
        story_form(page.draft_title, slug=page.slug, lead="Sapo mới."),
        headers={"accept": "application/json"},
    )
    assert response.status_code == 200 and response.json()["success"]
    assert shown(as_reporter.get("/admin/")) == []


def _loaded(page_html) -> dict[str, str]:
    return dict(re.findall(r'name="(loaded_revision_id|loaded_revision_created_at)"[^>]*value="([^"]*)"', page_html))


def test_saving_after_someone_published_says_what_happened(make_user, client_for):
    """The editor's form was opened before a colleague published: its autosave gets a 400 (as
    Wagtail answers, so autosave pauses) that says who published, when, and what to do; an
    explicit save still goes through and says so."""
    editor, leader = make_user(BTV), make_user(LDD)
    leader.first_name, leader.last_name = "Hùng", "Lê Quang"
    leader.save()
    as_editor, as_leader = client_for(editor), client_for(leader)
    page = create_story(as_leader, "Bài sửa ở hai nơi")
    opened = _loaded(as_editor.get(f"/admin/pages/{page.pk}/edit/").content.decode())
    assert opened  # the form carries the revision it was opened at

    edit(as_leader, page, **{"action-publish": "1"})
    published_at = StoryPage.objects.get(pk=page.pk).latest_revision.created_at

    autosave = as_editor.post(
        f"/admin/pages/{page.pk}/edit/",
        story_form(page.draft_title, slug=page.slug, lead="Sapo biên tập viên sửa.", **opened),
        headers={"accept": "application/json"},
    )
    assert autosave.status_code == 400
    body = autosave.json()
    assert body["success"] is False and body["error_code"] == "invalid_revision"
    assert body["error_message"].startswith(
        f"Lê Quang Hùng đã xuất bản bài này lúc {timezone.localtime(published_at):%d/%m/%Y %H:%M}, sau khi bạn mở trang."
    )
    assert "tải lại trang" in body["error_message"]
    assert StoryPage.objects.get(pk=page.pk).lead == "Sapo của bài."  # nothing overwritten

    # The same editor in a second tab: "Bạn (ở một thẻ hay cửa sổ khác)".
    fresh = _loaded(as_editor.get(f"/admin/pages/{page.pk}/edit/").content.decode())
    edit(as_editor, page, lead="Sửa ở thẻ thứ hai.")
    again = as_editor.post(
        f"/admin/pages/{page.pk}/edit/",
        story_form(page.draft_title, slug=page.slug, lead="Sửa ở thẻ thứ nhất.", **fresh),
        headers={"accept": "application/json"},
    )
    assert again.status_code == 400 and again.json()["error_message"].startswith(
        "Bạn (ở một thẻ hay cửa sổ khác) đã lưu"
    )

    # Saving on purpose (the button, not autosave) is Wagtail's to allow, and says what it did.
    said = messages_text(edit(as_editor, page, lead="Sapo biên tập viên sửa."))
    assert "Đã lưu bản sửa của 'Bài sửa ở hai nơi'" in said


def test_a_current_autosave_still_saves(make_user, client_for):
    editor = make_user(BTV)
    as_editor = client_for(editor)
    page = create_story(as_editor, "Bài tự động lưu")
    opened = _loaded(as_editor.get(f"/admin/pages/{page.pk}/edit/").content.decode())
    response = as_editor.post(
        f"/admin/pages/{page.pk}/edit/",
        story_form(page.draft_title, slug=page.slug, lead="Sapo tự lưu.", **opened),
        headers={"accept": "application/json"},
    )
    assert response.status_code == 200 and response.json()["success"]
    assert StoryPage.objects.get(pk=page.pk).get_latest_revision_as_object().lead == "Sapo tự lưu."
