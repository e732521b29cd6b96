"""The approval workflow end to end, and Wagtail's editorial built-ins it relies on: editor
comments, revision comparison, page locking."""

import io
import json
import re

from django.contrib.auth.models import Group
from django.core.management import call_command
from wagtail.models import Comment, Page, WorkflowPage

from exemplars.models import StoryPage
from newsroom import roles
from newsroom.roles import BIEN_TAP_VIEN as BTV
from newsroom.roles import LANH_DAO_DUYET as LDD
from newsroom.roles import PHONG_VIEN as PV
from newsroom.setup import ensure_newsroom, section_pages

from .conftest import create_story, edit_story


def _approve(client, page):
    state = StoryPage.objects.get(pk=page.pk).current_workflow_task_state
    response = client.post(f"/admin/pages/workflow/action/{page.pk}/approve/{state.pk}/", {"comment": ""})
    assert response.status_code in (200, 302)
    return StoryPage.objects.get(pk=page.pk)


def test_story_goes_from_reporter_through_editor_and_leader_to_readers(make_user, client_for, client):
    reporter, editor, leader = make_user(PV), make_user(BTV), make_user(LDD)
    as_reporter, as_editor, as_leader = client_for(reporter), client_for(editor), client_for(leader)

    page = create_story(as_reporter, "Cô giáo vùng cao dạy chữ cho trẻ em người Mông")
    edit_story(as_reporter, page, **{"action-submit": "1"})
    page = StoryPage.objects.get(pk=page.pk)
    assert page.current_workflow_task.name == "Biên tập" and not page.live

    # The editor sees it waiting on the dashboard (Wagtail's panel and our count) …
    home = as_editor.get("/admin/").content.decode()
    assert page.title in home and "1</span> bài chờ bạn duyệt" in home
    # … and the leader does not yet.
    assert "0</span> bài chờ bạn duyệt" in as_leader.get("/admin/").content.decode()
    assert client.get(page.url).status_code == 404

    page = _approve(as_editor, page)
    assert page.current_workflow_task.name == "Duyệt xuất bản" and not page.live
    assert client.get(page.url).status_code == 404

    page = _approve(as_leader, page)
    assert page.live and not page.workflow_in_progress
    response = client.get(page.url)
    assert response.status_code == 200 and "Cô giáo vùng cao" in response.content.decode()
    assert "Cô giáo vùng cao" in client.get(page.get_parent().url).content.decode()
    # Who approved what stays in the page's workflow history.
    history = as_leader.get(f"/admin/pages/{page.pk}/workflow_history/")
    assert history.status_code == 200


def test_editor_can_send_a_story_back_to_the_reporter(make_user, client_for):
    reporter, editor = make_user(PV), make_user(BTV)
    page = create_story(client_for(reporter), "Bài cần sửa thêm")
    edit_story(client_for(reporter), page, **{"action-submit": "1"})
    state = StoryPage.objects.get(pk=page.pk).current_workflow_task_state
    client_for(editor).post(
        f"/admin/pages/workflow/action/{page.pk}/reject/{state.pk}/", {"comment": "Thiếu nguồn ảnh"}
    )
    page = StoryPage.objects.get(pk=page.pk)
    assert page.current_workflow_state.status == "needs_changes" and not page.live
    # The reporter can edit and resubmit.
    edit_story(client_for(reporter), page, title="Bài đã bổ sung nguồn", **{"action-restart-workflow": "1"})
    page = StoryPage.objects.get(pk=page.pk)
    assert page.draft_title == "Bài đã bổ sung nguồn" and page.current_workflow_task.name == "Biên tập"


def test_editor_comment_is_saved_on_the_story(make_user, client_for):
    reporter, editor = make_user(PV), make_user(BTV)
    page = create_story(client_for(reporter), "Người lính cứu hỏa dũng cảm")
    edit_story(
        client_for(editor),
        page,
        **{
            "comments-TOTAL_FORMS": "1",
            "comments-0-id": "",
            "comments-0-contentpath": "title",
            "comments-0-position": "",
            "comments-0-text": "Tiêu đề nên nêu tên địa phương.",
            "comments-0-replies-TOTAL_FORMS": "0",
            "comments-0-replies-INITIAL_FORMS": "0",
            "comments-0-replies-MIN_NUM_FORMS": "0",
            "comments-0-replies-MAX_NUM_FORMS": "1000",
        },
    )
    comment = Comment.objects.get(page=page)
    assert comment.text == "Tiêu đề nên nêu tên địa phương." and comment.user == editor
    # The reporter sees it in the editor.
    html = client_for(reporter).get(f"/admin/pages/{page.pk}/edit/").content.decode()
    data = json.loads(re.search(r'<script id="comments-data" type="application/json">(.*?)</script>', html).group(1))
    assert [c["text"] for c in data["comments"]] == ["Tiêu đề nên nêu tên địa phương."]


def test_revisions_of_a_story_can_be_compared(make_user, client_for):
    reporter, editor = make_user(PV), make_user(BTV)
    page = create_story(client_for(reporter), "Bản đầu của bài viết")
    edit_story(client_for(editor), page, title="Bản sau của bài viết")
    first, second = page.revisions.order_by("created_at", "pk")[:2]
    response = client_for(editor).get(f"/admin/pages/{page.pk}/revisions/compare/{first.pk}...{second.pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="deletion">đầu của bài viết' in html and 'class="addition">sau của bài viết' in html


def test_a_locked_story_refuses_another_users_edit(make_user, client_for):
    reporter, editor, leader = make_user(PV), make_user(BTV), make_user(LDD)
    page = create_story(client_for(reporter), "Bài đang được biên tập")
    client_for(editor).post(f"/admin/pages/{page.pk}/lock/")
    assert Page.objects.get(pk=page.pk).locked_by == editor

    response = edit_story(client_for(leader), page, title="Sửa chen ngang")
    assert Page.objects.get(pk=page.pk).draft_title == "Bài đang được biên tập"
    assert "khóa" in response.content.decode().lower() or "locked" in response.content.decode().lower()
    # The editor who holds the lock still can.
    edit_story(client_for(editor), page, title="Biên tập viên sửa")
    assert Page.objects.get(pk=page.pk).draft_title == "Biên tập viên sửa"


def test_sections_get_the_roles_and_the_workflow_once(sections):
    for section in sections.values():
        assert WorkflowPage.objects.get(page=section).workflow.name == roles.WORKFLOW_NAME
        granted = set(section.group_permissions.values_list("group__name", "permission__codename"))
        assert (PV, "add_page") in granted and (PV, "publish_page") not in granted
        assert (BTV, "change_page") in granted and (BTV, "publish_page") not in granted
        assert (LDD, "publish_page") in granted
    count = Page.objects.get(depth=1).group_permissions.count() + sum(
        s.group_permissions.count() for s in sections.values()
    )
    ensure_newsroom()  # again: nothing new
    assert (
        Page.objects.get(depth=1).group_permissions.count()
        + sum(s.group_permissions.count() for s in sections.values())
        == count
    )
    assert set(Group.objects.filter(name__in=roles.ROLES).values_list("name", flat=True)) == set(roles.ROLES)
    assert {p.pk for p in section_pages()} == {s.pk for s in sections.values()}


def test_a_section_created_later_is_set_up_too(sections):
    from exemplars.models import StoryIndexPage

    home = sections["story"].get_parent()
    second = StoryIndexPage(title="Gương sáng miền Trung", slug="guong-sang-mien-trung")
    home.add_child(instance=second)
    assert WorkflowPage.objects.get(page=second).workflow.name == roles.WORKFLOW_NAME
    assert second.group_permissions.filter(group__name=PV, permission__codename="add_page").exists()


def test_the_groups_have_what_the_role_table_says(db):
    """The table in newsroom.roles is the one answer: each group has exactly its model
    permissions (Quản trị: every one)."""
    from django.contrib.auth.models import Permission

    for name in roles.ROLES:
        wanted = roles.MODEL_PERMISSIONS[name]
        have = {f"{p.content_type.app_label}.{p.codename}" for p in Group.objects.get(name=name).permissions.all()}
        if wanted is None:
            assert len(have) == Permission.objects.count(), name
        else:
            assert have == set(wanted), name


def test_an_administrators_change_survives_migrate_and_setup(sections):
    """Removed by an administrator, a role's permission stays removed through every later
    `migrate`, `newsroom_setup` (and so load_demo, which runs the same setup)."""
    from django.contrib.auth.models import Permission

    editors = Group.objects.get(name=BTV)
    comment_moderation = Permission.objects.get(content_type__app_label="participation", codename="change_comment")
    editors.permissions.remove(comment_moderation)
    section = sections["news"]
    section.group_permissions.filter(group=editors, permission__codename="change_page").delete()

    call_command("migrate", verbosity=0)
    out = io.StringIO()
    call_command("newsroom_setup", stdout=out)

    assert "không thay đổi gì" in out.getvalue()
    assert not editors.permissions.filter(pk=comment_moderation.pk).exists()
    assert not section.group_permissions.filter(group=editors, permission__codename="change_page").exists()
