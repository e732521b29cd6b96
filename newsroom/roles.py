"""The newsroom's roles and its two-step approval workflow, as data: the one table of which role
may do what, read by the data migrations, newsroom.setup (section pages) and the tests.

`ensure_roles(apps)` is written against an app registry so that the data migrations (historical
models) and `newsroom.setup.ensure_newsroom` (real models) create the same thing. A group gets
its permissions when it is created, never again: after that the groups belong to the site's
administrators, and no migrate, load_demo or newsroom_setup undoes their changes. A later
release that gives a role a new permission does it once, in a data migration (0003, 0004).
Page permissions are scoped to the section pages, which are content (created by load_demo or
an editor): newsroom.setup grants them when a section appears."""

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
# Exemplars' profiles ("Hồ sơ gương", exemplars.Exemplar): editors correct them and merge
# duplicates ("Gộp hồ sơ" needs change). Deleting one breaks its address: Quản trị only.
EXEMPLAR_PROFILES = ["exemplars.view_exemplar", "exemplars.add_exemplar", "exemplars.change_exemplar"]
# Readers' contributions: moderating comments and nominations (with the nominators' contact
# data) and seeing the newsletter's subscribers (delete: to erase an address on request; nobody
# adds or edits one by hand, only the reader's own confirmation does).
READER_DATA = [
    "participation.view_comment",
    "participation.change_comment",
    "participation.delete_comment",
    "exemplars.view_nomination",
    "exemplars.change_nomination",
    "exemplars.delete_nomination",
    "newsletter.view_subscriber",
    "newsletter.delete_subscriber",
    "newsletter.view_issue",
]
# "Lượt đọc" (Reports): how many times each article was read per day (core.ReadCount, counts
# only, nothing about readers), for every role.
READ_COUNTS = ["core.view_readcount"]
MODEL_PERMISSIONS = {
    PHONG_VIEN: ["wagtailadmin.access_admin", *_CATALOGUE_VIEW, *READ_COUNTS],
    BIEN_TAP_VIEN: [*_EDITORS, *READER_DATA, *READ_COUNTS, *EXEMPLAR_PROFILES],
    LANH_DAO_DUYET: [*_EDITORS, *READER_DATA, *READ_COUNTS, *EXEMPLAR_PROFILES],
    QUAN_TRI: None,  # every permission there is: users, groups, sites, settings, workflows…
}


def roles_with(permission: str) -> list[str]:
    """The roles whose table grants `permission` ("app_label.codename")."""
    return [name for name in ROLES if MODEL_PERMISSIONS[name] is None or permission in MODEL_PERMISSIONS[name]]


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
    """The groups, each given its model and collection permissions when it is created, and
    the approval workflow."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")

    groups, created = {}, []
    for name in ROLES:
        groups[name], is_new = Group.objects.get_or_create(name=name)
        if is_new:
            created.append(name)
    for name in created:
        groups[name].permissions.add(*_permissions(apps, MODEL_PERMISSIONS[name]))

    root_collection = Collection.objects.filter(depth=1).first()
    if root_collection is not None:
        for name in created:
            for permission in Permission.objects.filter(
                content_type__app_label__in=["wagtailimages", "wagtaildocs"], codename__in=COLLECTION_PERMISSIONS[name]
            ):
                GroupCollectionPermission.objects.get_or_create(
                    group=groups[name], collection=root_collection, permission=permission
                )
    return groups, ensure_workflow(apps, groups)


# Quản trị has every permission there is, also those of models and apps added later: a migrate
# gives it the permissions that migrate created (pre_migrate notes the newest id, post_migrate
# grants what is newer), never one an administrator removed before.
_newest_permission_before_migrate = None


def note_permissions_before_migrate(**kwargs):
    global _newest_permission_before_migrate
    from django.contrib.auth.models import Permission
    from django.db import DatabaseError
    from django.db.models import Max

    try:
        _newest_permission_before_migrate = Permission.objects.aggregate(newest=Max("id"))["newest"] or 0
    except DatabaseError:  # a new database: no permission table yet
        _newest_permission_before_migrate = 0


def grant_new_permissions_to_administrators(app_config, using="default", **kwargs):
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Group, Permission

    if _newest_permission_before_migrate is None:
        return
    create_permissions(app_config, verbosity=0, using=using)  # auth's own receiver may come after this one
    group = Group.objects.filter(name=QUAN_TRI).first()
    if group is not None:
        group.permissions.add(*Permission.objects.filter(id__gt=_newest_permission_before_migrate))


def grant_once(apps, names: list[str]) -> None:
    """Give the existing roles the permissions among `names` that their table lists: for a data
    migration that ships a new permission, run once."""
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name__in=ROLES):
        wanted = MODEL_PERMISSIONS[group.name]
        group.permissions.add(*_permissions(apps, [n for n in names if wanted is None or n in wanted]))


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
