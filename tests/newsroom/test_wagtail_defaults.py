"""Wagtail's English starter data (groups "Editors"/"Moderators", the workflow "Moderators
approval" on the root page, the root page "Root") is retired by newsroom/migrations/0002, so
the admin lists only the newsroom's own groups and workflow."""

import importlib

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from wagtail.models import Page, Task, Workflow, WorkflowPage, WorkflowState

from exemplars.models import StoryPage

migration = importlib.import_module("newsroom.migrations.0002_retire_wagtail_defaults")
ENGLISH = ["Moderators", "Editors", "Moderators approval"]
LISTS = [
    "/admin/groups/",
    "/admin/workflows/list/",
    "/admin/workflows/list/?show_disabled=true",
    "/admin/workflows/tasks/index/?show_disabled=true",
]


@pytest.fixture
def superuser_client(client, db):
    client.force_login(get_user_model().objects.create_superuser("tongbientap", "tbt@example.com", "x"))
    return client


def test_after_migrations_the_admin_lists_only_vietnamese_names(superuser_client):
    for url in LISTS:
        html = superuser_client.get(url).content.decode()
        assert not [word for word in ENGLISH if word in html], url
    assert "Quy trình duyệt bài" in superuser_client.get("/admin/workflows/list/").content.decode()
    assert "Biên tập viên" in superuser_client.get("/admin/groups/").content.decode()
    # The old workflow is disabled and no longer applies to the whole tree.
    old = Workflow.objects.get(name=migration.WORKFLOW_NAME_VI)
    assert not old.active and not WorkflowPage.objects.filter(workflow=old).exists()
    assert not Task.objects.get(name=migration.TASK_NAME_VI).active

    root = Page.objects.get(depth=1)
    assert (root.title, root.draft_title) == ("Gốc", "Gốc")
    assert "Gốc" in superuser_client.get(f"/admin/pages/{root.pk}/").content.decode()


def test_groups_with_users_and_a_workflow_in_use_are_renamed_not_removed(superuser_client, capsys):
    migration.restore_defaults(apps, None)
    assert Page.objects.get(depth=1).title == "Root"
    workflow = Workflow.objects.get(name="Moderators approval")
    assert workflow.active and WorkflowPage.objects.get(page__depth=1).workflow == workflow
    editors = Group.objects.create(name="Editors")
    get_user_model().objects.create_user("cu", "cu@example.com", "x").groups.add(editors)
    Group.objects.create(name="Moderators")  # nobody in it
    story = StoryPage.objects.live().first()
    story.save_revision()
    state = workflow.start(story, get_user_model().objects.get(username="tongbientap"))

    migration.retire_defaults(apps, None)

    assert "Editors" in capsys.readouterr().out  # the migration says what it kept
    assert Group.objects.get(name=migration.GROUP_NAMES["Editors"]).user_set.count() == 1
    assert not Group.objects.filter(name__in=["Editors", "Moderators", migration.GROUP_NAMES["Moderators"]]).exists()
    workflow.refresh_from_db()
    state.refresh_from_db()
    assert workflow.name == migration.WORKFLOW_NAME_VI and workflow.active  # the page can finish
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert not WorkflowPage.objects.filter(page__depth=1).exists()
    for url in LISTS:
        html = superuser_client.get(url).content.decode()
        assert not [word for word in ENGLISH if word in html], url
    assert migration.WORKFLOW_NAME_VI in superuser_client.get("/admin/workflows/list/").content.decode()
    assert Page.objects.get(depth=1).title == "Gốc"
