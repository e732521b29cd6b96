"""Scope the newsroom roles to the sections and put the sections under the approval workflow.

Section pages are content (load_demo or an editor creates them), so this runs after they exist:
load_demo calls it, creating a section page later calls it (newsroom.apps), and
`manage.py newsroom_setup` runs it by hand. A section is set up once, when none of the roles has
a permission on it yet; after that its permissions and workflow belong to the administrators,
and running this again changes nothing (newsroom.roles: the same rule for the groups)."""

from django.apps import apps as django_apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db import transaction
from wagtail.models import GroupPagePermission, Page, WorkflowPage

from core.kinds import all_kinds
from newsroom import roles


def section_models() -> list[type]:
    """The section fronts whose pages the newsroom writes: each registered kind's index page
    and the movements index."""
    from movements.models import MovementIndexPage

    return list(dict.fromkeys([kind.index_model for kind in all_kinds()] + [MovementIndexPage]))


def section_pages(root=None) -> list[Page]:
    pages = []
    for model in section_models():
        queryset = model.objects.all()
        if root is not None:
            queryset = queryset.descendant_of(root, inclusive=True)
        pages += queryset
    return pages


def _page_permission(codename):
    return Permission.objects.get(content_type__app_label="wagtailcore", codename=f"{codename}_page")


@transaction.atomic
def ensure_newsroom(root_or_sections=None) -> list[Page]:
    """Roles, workflow, page permissions on the sections (all of them, those under a site
    root page, or the given section pages) and the workflow assigned to them. Returns the
    sections set up now (none when every one was set up before)."""
    groups, workflow = roles.ensure_roles(django_apps)
    if root_or_sections is None or isinstance(root_or_sections, Page):
        sections = section_pages(root_or_sections)
    else:
        sections = list(root_or_sections)

    role_groups = list(groups.values())
    sections = [s for s in sections if not GroupPagePermission.objects.filter(page=s, group__in=role_groups).exists()]
    for section in sections:
        for name in (roles.PHONG_VIEN, roles.BIEN_TAP_VIEN, roles.LANH_DAO_DUYET):
            for codename in roles.PAGE_PERMISSIONS[name]:
                GroupPagePermission.objects.get_or_create(
                    group=groups[name], page=section, permission=_page_permission(codename)
                )
        WorkflowPage.objects.get_or_create(page=section, defaults={"workflow": workflow})

    # Quản trị: the whole tree, beneath every site root.
    tree_root = Page.get_first_root_node()
    if tree_root is not None and not GroupPagePermission.objects.filter(page=tree_root, group__in=role_groups).exists():
        for codename in roles.PAGE_PERMISSIONS[roles.QUAN_TRI]:
            GroupPagePermission.objects.get_or_create(
                group=groups[roles.QUAN_TRI], page=tree_root, permission=_page_permission(codename)
            )
    return sections


def section_created(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        ensure_newsroom([instance])


# username, first and last name, role. Demo only: README lists them with their password.
DEMO_USERS = [
    ("phongvien.demo", "Lan", "Nguyễn Thị", roles.PHONG_VIEN),
    ("bientap.demo", "Minh", "Trần Văn", roles.BIEN_TAP_VIEN),
    ("lanhdao.demo", "Hùng", "Lê Quang", roles.LANH_DAO_DUYET),
    ("quantri.demo", "Hà", "Phạm Thu", roles.QUAN_TRI),
]
DEMO_PASSWORD = "changeme"


def demo_loaded(sender, home, stdout, **kwargs):
    """After load_demo (home.signals): the roles and workflow on the demo's sections (made
    already when each section was created, see section_created) and one account per role."""
    ensure_newsroom(home)
    for username in ensure_demo_users():
        stdout.write(f"Tài khoản tòa soạn mẫu: {username} / {DEMO_PASSWORD}")


def ensure_demo_users() -> list[str]:
    """One account per role for trying the workflow; existing accounts are left alone.
    Returns the usernames created."""
    User = get_user_model()
    created = []
    for username, first_name, last_name, role in DEMO_USERS:
        if User.objects.filter(username=username).exists():
            continue
        user = User.objects.create_user(
            username, f"{username.split('.')[0]}@example.com", DEMO_PASSWORD, first_name=first_name, last_name=last_name
        )
        user.groups.add(django_apps.get_model("auth", "Group").objects.get(name=role))
        created.append(username)
    return created
