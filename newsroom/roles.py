"""The newsroom's roles and its two-step approval workflow, as data.

`ensure_roles(apps)` is written against an app registry so that the data migration (historical
models) and `newsroom.setup.ensure_newsroom` (real models) create the same thing; it is
idempotent. Page permissions are not here: the section pages they are scoped to are content
(created by load_demo or an editor), see newsroom.setup."""

PHONG_VIEN = "Phóng viên"
BIEN_TAP_VIEN = "Biên tập viên"
LANH_DAO_DUYET = "Lãnh đạo duyệt"
QUAN_TRI = "Quản trị"
ROLES = [PHONG_VIEN, BIEN_TAP_VIEN, LANH_DAO_DUYET, QUAN_TRI]

WORKFLOW_NAME = "Quy trình duyệt bài"
# (task name, the group that approves it), in order.
WORKFLOW_STEPS = [("Biên tập", BIEN_TAP_VIEN), ("Duyệt xuất bản", LANH_DAO_DUYET)]

# Wagtail page permission types granted on each section page (Quản trị: on the whole tree).
# "add" alone = create pages and edit one's own until they are published; no "publish" means
# the only way out is "submit for moderation".
PAGE_PERMISSIONS = {
    PHONG_VIEN: ["add"],
    BIEN_TAP_VIEN: ["add", "change", "lock", "unlock"],
    LANH_DAO_DUYET: ["add", "change", "publish", "lock", "unlock"],
    QUAN_TRI: ["add", "change", "publish", "lock", "unlock", "bulk_delete"],
}

# Permissions on the root collection (images, documents).
_MEDIA_EDIT = [
    "add_image",
    "change_image",
    "choose_image",
    "delete_image",
    "add_document",
    "change_document",
    "choose_document",
    "delete_document",
]
COLLECTION_PERMISSIONS = {
    PHONG_VIEN: ["add_image", "choose_image", "add_document", "choose_document"],
    BIEN_TAP_VIEN: _MEDIA_EDIT,
    LANH_DAO_DUYET: _MEDIA_EDIT,
    QUAN_TRI: _MEDIA_EDIT,
}

# Model permissions ("app_label.codename"); a permission whose app is not installed is skipped.
_CATALOGUE_VIEW = ["core.view_locality", "core.view_awardtype", "core.view_prioritygroup", "core.view_author"]
_EDITORS = [
    "wagtailadmin.access_admin",
    *_CATALOGUE_VIEW,
    "core.add_author",
    "core.change_author",
    "wagtailsearchpromotions.add_searchpromotion",
    "wagtailsearchpromotions.change_searchpromotion",
    "wagtailsearchpromotions.delete_searchpromotion",
]
MODEL_PERMISSIONS = {
    PHONG_VIEN: ["wagtailadmin.access_admin", *_CATALOGUE_VIEW],
    BIEN_TAP_VIEN: _EDITORS,
    LANH_DAO_DUYET: _EDITORS,
    QUAN_TRI: None,  # every permission there is: users, groups, sites, settings, workflows…
}


def create_missing_permissions(apps):
    """Django creates Permission rows after the last migration; a data migration that grants
    them has to create them first (for the apps present in its historical state)."""
    from django.apps import apps as global_apps
    from django.contrib.auth.management import create_permissions

    for app_config in global_apps.get_app_configs():
        create_permissions(app_config, apps=apps, verbosity=0)


def _permissions(apps, names):
    Permission = apps.get_model("auth", "Permission")
    if names is None:
        return list(Permission.objects.all())
    found = []
    for name in names:
        app_label, codename = name.split(".")
        found += Permission.objects.filter(content_type__app_label=app_label, codename=codename)
    return found


def ensure_roles(apps):
    """Groups with their model and collection permissions, and the approval workflow."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")

    groups = {name: Group.objects.get_or_create(name=name)[0] for name in ROLES}
    for name, group in groups.items():
        group.permissions.add(*_permissions(apps, MODEL_PERMISSIONS[name]))

    root_collection = Collection.objects.filter(depth=1).first()
    if root_collection is not None:
        for name, codenames in COLLECTION_PERMISSIONS.items():
            for permission in Permission.objects.filter(
                content_type__app_label__in=["wagtailimages", "wagtaildocs"], codename__in=codenames
            ):
                GroupCollectionPermission.objects.get_or_create(
                    group=groups[name], collection=root_collection, permission=permission
                )
    return groups, ensure_workflow(apps, groups)


def ensure_workflow(apps, groups):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")

    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    if workflow.workflow_tasks.exists():
        return workflow  # editors may have changed the steps since: leave them alone
    task_type, _ = ContentType.objects.get_or_create(app_label="wagtailcore", model="groupapprovaltask")
    for order, (task_name, group_name) in enumerate(WORKFLOW_STEPS):
        task = GroupApprovalTask.objects.filter(name=task_name).first()
        if task is None:
            task = GroupApprovalTask.objects.create(name=task_name, content_type=task_type, active=True)
            task.groups.set([groups[group_name]])
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=order)
    return workflow
