"""Retire the English data Wagtail creates on a fresh database, which editors would otherwise
see next to ours: the groups "Editors" and "Moderators", the workflow "Moderators approval"
(and its task of the same name) assigned to the root page, and the root page titled "Root".

- A default group without users is deleted; one with users is renamed in Vietnamese (and the
  migration says so), its permissions untouched.
- The default workflow and its task get Vietnamese names and the workflow loses its root
  assignment. Unless pages are still in it (in progress or sent back for changes), both are
  deactivated, as disabling them in the admin would; if pages are, both keep working so those
  pages can finish.
- The root page is titled "Gốc".
Anything an editor has already renamed is left alone. Reversing restores names, the
activation and the root assignment; deleted groups had no users and are not recreated."""

from django.db import migrations

GROUP_NAMES = {"Editors": "Nhóm biên tập (mặc định của Wagtail)", "Moderators": "Nhóm kiểm duyệt (mặc định của Wagtail)"}
WORKFLOW_NAME = "Moderators approval"  # the workflow and its task (wagtailcore 0048)
WORKFLOW_NAME_VI = "Quy trình mặc định của Wagtail (cũ)"
TASK_NAME_VI = "Bước duyệt mặc định của Wagtail (cũ)"
ROOT_TITLE, ROOT_TITLE_VI = "Root", "Gốc"
ACTIVE_STATES = ["in_progress", "needs_changes"]


def _say(message):
    print(f"\n  newsroom.0002: {message}", end="")


def retire_defaults(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    Task = apps.get_model("wagtailcore", "Task")
    TaskState = apps.get_model("wagtailcore", "TaskState")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowContentType = apps.get_model("wagtailcore", "WorkflowContentType")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    WorkflowState = apps.get_model("wagtailcore", "WorkflowState")

    for name, vietnamese in GROUP_NAMES.items():
        group = Group.objects.filter(name=name).first()
        if group is None:
            continue
        if not group.user_set.exists():
            group.delete()  # its page and collection permissions go with it
        elif not Group.objects.filter(name=vietnamese).exists():
            group.name = vietnamese
            group.save(update_fields=["name"])
            _say(f"nhóm “{name}” còn {group.user_set.count()} người dùng: đã đổi tên thành “{vietnamese}”, giữ nguyên quyền.")

    root = Page.objects.filter(depth=1).first()
    workflow = Workflow.objects.filter(name=WORKFLOW_NAME).first()
    if workflow is not None:
        if root is not None:
            WorkflowPage.objects.filter(workflow=workflow, page=root).delete()
        task = Task.objects.filter(name=WORKFLOW_NAME, workflow_tasks__workflow=workflow).first()
        workflow.name = WORKFLOW_NAME_VI
        if task is not None:
            task.name = TASK_NAME_VI
            task.save(update_fields=["name"])
        if WorkflowState.objects.filter(workflow=workflow, status__in=ACTIVE_STATES).exists():
            _say(f"còn trang đang ở quy trình “{WORKFLOW_NAME}”: đổi tên thành “{WORKFLOW_NAME_VI}”, vẫn hoạt động.")
        else:
            WorkflowPage.objects.filter(workflow=workflow).delete()
            WorkflowContentType.objects.filter(workflow=workflow).delete()
            workflow.active = False
            # A task another active workflow uses, or with pages at it, stays on.
            if task is not None and not (
                task.workflow_tasks.exclude(workflow=workflow).filter(workflow__active=True).exists()
                or TaskState.objects.filter(task=task, status="in_progress").exists()
            ):
                task.active = False
                task.save(update_fields=["active"])
        workflow.save(update_fields=["name", "active"])

    if root is not None and root.title == ROOT_TITLE:
        root.title = ROOT_TITLE_VI
        if root.draft_title in ("", ROOT_TITLE):
            root.draft_title = ROOT_TITLE_VI
        root.save(update_fields=["title", "draft_title"])


def restore_defaults(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    Task = apps.get_model("wagtailcore", "Task")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")

    for name, vietnamese in GROUP_NAMES.items():
        if not Group.objects.filter(name=name).exists():
            Group.objects.filter(name=vietnamese).update(name=name)

    Workflow.objects.filter(name=WORKFLOW_NAME_VI).update(name=WORKFLOW_NAME)
    Task.objects.filter(name=TASK_NAME_VI).update(name=WORKFLOW_NAME)
    root = Page.objects.filter(depth=1).first()
    workflow = Workflow.objects.filter(name=WORKFLOW_NAME).first()
    if workflow is not None:
        Workflow.objects.filter(pk=workflow.pk).update(active=True)
        Task.objects.filter(name=WORKFLOW_NAME, workflow_tasks__workflow=workflow).update(active=True)
        if root is not None and not WorkflowPage.objects.filter(page=root).exists():
            WorkflowPage.objects.create(page=root, workflow=workflow)

    if root is not None and root.title == ROOT_TITLE_VI:
        Page.objects.filter(pk=root.pk).update(
            title=ROOT_TITLE, draft_title=ROOT_TITLE if root.draft_title == ROOT_TITLE_VI else root.draft_title
        )


class Migration(migrations.Migration):
    dependencies = [
        ("newsroom", "0001_roles_and_workflow"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(retire_defaults, restore_defaults)]
