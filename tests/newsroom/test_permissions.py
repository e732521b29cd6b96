"""Each role × each newsroom action, through real admin requests. Each action reports what a
person would notice afterwards (the page exists, is live, has moved on in the workflow…),
whatever status code the admin answered with."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from wagtail.models import Page

from exemplars.models import StoryPage
from newsroom import roles
from newsroom.roles import BIEN_TAP_VIEN as BTV
from newsroom.roles import LANH_DAO_DUYET as LDD
from newsroom.roles import PHONG_VIEN as PV
from newsroom.roles import QUAN_TRI as QT
from tests.factories import make_story

from .conftest import add_story_url, create_story, edit_story


def _draft_in_workflow(reporter, reviewer=None):
    """A reporter's story submitted for review; approved at step 1 when a reviewer is given."""
    page = make_story("Bài đang chờ duyệt", publish=False, owner=reporter)
    page.get_workflow().start(page, reporter)
    if reviewer is not None:
        page = StoryPage.objects.get(pk=page.pk)
        state = page.current_workflow_task_state
        state.task.specific.on_action(state, reviewer, "approve")
    return StoryPage.objects.get(pk=page.pk)


def _approve(client, page):
    state = page.current_workflow_task_state
    client.post(f"/admin/pages/workflow/action/{page.pk}/approve/{state.pk}/", {"comment": ""})


def create_draft(client, user, env):
    return create_story(client, "Bài nháp mới của tòa soạn") is not None


def edit_others_draft(client, user, env):
    page = make_story("Bài nháp của người khác", publish=False, owner=env.reporter)
    edit_story(client, page, title="Bài nháp đã được sửa")
    return Page.objects.get(pk=page.pk).draft_title == "Bài nháp đã được sửa"


def submit_for_review(client, user, env):
    page = make_story("Bài của chính mình", publish=False, owner=user)
    edit_story(client, page, **{"action-submit": "1"})
    page = StoryPage.objects.get(pk=page.pk)
    return page.workflow_in_progress and page.current_workflow_task.name == "Biên tập"


def approve_step_1(client, user, env):
    page = _draft_in_workflow(env.reporter)
    _approve(client, page)
    task = StoryPage.objects.get(pk=page.pk).current_workflow_task
    return task is not None and task.name == "Duyệt xuất bản"


def approve_step_2(client, user, env):
    page = _draft_in_workflow(env.reporter, reviewer=env.editor)
    _approve(client, page)
    page = StoryPage.objects.get(pk=page.pk)
    return page.live and not page.workflow_in_progress


def publish_directly(client, user, env):
    page = make_story("Bài muốn đăng ngay", publish=False, owner=user)
    edit_story(client, page, **{"action-publish": "1"})
    return StoryPage.objects.get(pk=page.pk).live


def unpublish(client, user, env):
    page = make_story("Bài đang đăng cần gỡ")
    client.post(f"/admin/pages/{page.pk}/unpublish/")
    return not StoryPage.objects.get(pk=page.pk).live


def delete(client, user, env):
    page = make_story("Bài đang đăng cần xóa")
    client.post(f"/admin/pages/{page.pk}/delete/")
    return not StoryPage.objects.filter(pk=page.pk).exists()


def manage_users_and_settings(client, user, env):
    from django.urls import reverse
    from wagtail.contrib.settings.registry import registry

    client.post(
        reverse("wagtailusers_users:add"),
        {
            "username": "nguoimoi",
            "email": "nguoimoi@example.com",
            "first_name": "Mới",
            "last_name": "Người",
            "password1": "mat-khau-dai-123",
            "password2": "mat-khau-dai-123",
        },
    )
    screens = [reverse("wagtailsites:index"), reverse("wagtailusers_groups:index")] + [
        reverse("wagtailsettings:edit", args=[model._meta.app_label, model._meta.model_name]) for model in registry
    ]
    return get_user_model().objects.filter(username="nguoimoi").exists() and all(_opens(client, url) for url in screens)


def _opens(client, url):
    """The screen itself answers (a refusal redirects to the admin home with a message)."""
    response = client.get(url, follow=True)
    return response.status_code == 200 and response.request["PATH_INFO"].startswith(url)


ACTIONS = {  # action: the roles that may do it
    create_draft: {PV, BTV, LDD, QT},
    edit_others_draft: {BTV, LDD, QT},
    submit_for_review: {PV, BTV, LDD, QT},
    approve_step_1: {BTV},
    approve_step_2: {LDD},
    publish_directly: {LDD, QT},
    unpublish: {LDD, QT},
    delete: {LDD, QT},
    manage_users_and_settings: {QT},
}


class Env:
    def __init__(self, make_user):
        self.reporter = make_user(PV)
        self.editor = make_user(BTV)


@pytest.mark.parametrize("role", roles.ROLES)
@pytest.mark.parametrize("action", list(ACTIONS), ids=lambda a: a.__name__)
def test_permission_matrix(action, role, make_user, client_for):
    env = Env(make_user)
    user = make_user(role)
    allowed = role in ACTIONS[action]
    assert action(client_for(user), user, env) is allowed, (
        f"{role} {'should' if allowed else 'should not'} be able to {action.__name__}"
    )


def test_reporter_cannot_publish_a_new_story(make_user, client_for):
    """The publish button is not offered, and posting it anyway only saves a draft."""
    client = client_for(make_user(PV))
    form = client.get(add_story_url()).content.decode()
    assert 'name="action-publish"' not in form
    assert 'name="action-submit"' in form
    page = create_story(client, "Phóng viên thử bấm xuất bản", **{"action-publish": "1"})
    assert page is not None and not page.live and page.first_published_at is None
    assert Client().get(page.url).status_code == 404
