"""Editors' screens speak Vietnamese: no common English label is left in the navigation,
buttons and headings of the screens an editor uses every day (real admin requests)."""

import json
import re
from html.parser import HTMLParser

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

from exemplars.models import StoryIndexPage, StoryPage

ENGLISH_LABELS = [
    "Publish",
    "Save draft",
    "Pages",
    "Images",
    "Settings",
    "Search",
    "Dashboard",
    "Edit",
    "Delete",
    "Add child page",
    "Workflows",
    "Snippets",
    "Documents",
    "Reports",
    "Help",
]
ENGLISH = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, ENGLISH_LABELS)) + r")(?![\w-])", re.I)
LABELLED = {"a", "button", "nav", "summary", "legend", "h1", "h2", "h3", "h4", "h5", "h6"}


class Labels(HTMLParser):
    """The visible text of navigation, buttons and headings, their aria-label/title, the
    value of submit buttons, and the labels of the JSON the sidebar is rendered from."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.labels, self.depth, self.skip, self.json = [], 0, 0, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and attrs.get("type") == "application/json":
            self.json = []
        elif tag in ("script", "style"):
            self.skip += 1
        if tag in LABELLED:
            self.depth += 1
        if tag in ("a", "button"):
            self.labels += [attrs[a] for a in ("aria-label", "title") if attrs.get(a)]
        elif tag == "input" and attrs.get("type") in ("submit", "button") and attrs.get("value"):
            self.labels.append(attrs["value"])

    def handle_endtag(self, tag):
        if tag == "script" and self.json is not None:
            self.labels += list(json_labels(json.loads("".join(self.json))))
            self.json = None
        elif tag in ("script", "style"):
            self.skip -= 1
        if tag in LABELLED:
            self.depth -= 1

    def handle_data(self, data):
        if self.json is not None:
            self.json.append(data)
        elif self.depth > 0 and not self.skip and data.strip():
            self.labels.append(" ".join(data.split()))


def json_labels(value):
    if isinstance(value, dict):
        for k, v in value.items():
            if k == "label" and isinstance(v, str):
                yield v
            else:
                yield from json_labels(v)
    elif isinstance(value, list):
        for v in value:
            yield from json_labels(v)


def visible_labels(html):
    parser = Labels()
    parser.feed(html)
    return parser.labels


def english_labels(html):
    return sorted({label for label in visible_labels(html) if ENGLISH.search(label)})


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser("tongbientap", "tbt@example.com", "x")


@pytest.fixture
def editor(db):
    """A desk editor without superuser rights: edits and publishes pages, manages images and
    the approval workflow."""
    group = Group.objects.create(name="Biên tập thử")
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="wagtailadmin", codename="access_admin"),
        *Permission.objects.filter(
            content_type__app_label="wagtailcore",
            codename__in=["add_workflow", "change_workflow", "add_task", "change_task"],
        ),
    )
    root = Page.objects.get(depth=1)
    for codename in ("add_page", "change_page", "publish_page"):
        GroupPagePermission.objects.create(group=group, page=root, permission=Permission.objects.get(codename=codename))
    for codename in ("add_image", "change_image", "choose_image"):
        GroupCollectionPermission.objects.create(
            group=group,
            collection=Collection.get_first_root_node(),
            permission=Permission.objects.get(content_type__app_label="wagtailimages", codename=codename),
        )
    user = get_user_model().objects.create_user("bientapvien", "btv@example.com", "x")
    user.groups.add(group)
    return user


def screens():
    """{screen: (URL, Vietnamese labels it must show)}: the check reads real labels."""
    story = StoryPage.objects.live().first()
    return {
        "bảng điều khiển": ("/admin/", ["Trang", "Ảnh", "Báo cáo", "Trợ giúp"]),
        "cây trang": (f"/admin/pages/{StoryIndexPage.objects.get().pk}/", ["Thêm trang con", "Sửa"]),
        "sửa bài": (f"/admin/pages/{story.pk}/edit/", ["Lưu bản nháp", "Xuất bản"]),
        "thư viện ảnh": ("/admin/images/", ["Ảnh"]),
        "quy trình duyệt": ("/admin/workflows/list/", ["Quy trình duyệt"]),
        "bước duyệt": (
            "/admin/workflows/tasks/index/",
            ["Các bước trong quy trình duyệt", "Bước mới trong quy trình duyệt"],
        ),
    }


@pytest.mark.parametrize("who", ["superuser", "editor"])
def test_editor_screens_have_no_english_labels(client, request, who):
    client.force_login(request.getfixturevalue(who))
    found = {}
    for name, (url, vietnamese) in screens().items():
        response = client.get(url)
        assert response.status_code == 200, (name, url, response.status_code)
        labels = visible_labels(response.content.decode())
        assert set(vietnamese) <= set(labels), (name, sorted(set(vietnamese) - set(labels)))
        english = sorted({label for label in labels if ENGLISH.search(label)})
        if english:
            found[f"{name} {url}"] = english
    assert not found, f"English labels left: {found}"


def test_the_label_check_catches_english(client, superuser):
    """The check itself: English in a button, the sidebar's JSON or an aria-label is found;
    class names, URLs and scripts are not."""
    html = (
        '<a class="search edit" href="/admin/pages/search/">Tìm kiếm</a>'
        '<button aria-label="Delete">x</button><h2>Save draft</h2>'
        '<script id="wagtail-sidebar-props" type="application/json">{"a": [{"label": "Images", "url": "/admin/images/"}]}</script>'
        "<script>var Publish = 1;</script><p>Publish</p>"
    )
    assert english_labels(html) == ["Delete", "Images", "Save draft"]


def test_admin_javascript_catalogue_serves_our_translations(client, superuser):
    """Wagtail's /admin/jsi18n/ (packages=["wagtail.admin"]): Django merges LOCALE_PATHS after
    the package's own catalogue, so where the upstream Vietnamese differs, ours is served."""
    from translations import catalogue

    client.force_login(superuser)
    body = client.get("/admin/jsi18n/").content.decode()
    po = catalogue.load(catalogue.catalogue_path("wagtail.admin", "djangojs.po"))
    ours = {e.msgid: catalogue.translation_of(e) for e in po.translated_entries()}
    assert ours
    for msgid, msgstr in ours.items():
        assert json.dumps(msgstr) in body or json.dumps(msgstr, ensure_ascii=False) in body, msgid


def test_unmarked_english_in_wagtail_templates_follows_the_editors_language(client, superuser):
    """Wagtail prints the screen-reader search button unmarked; it reads Vietnamese, or English
    for an editor who chose English as admin language."""
    from wagtail.users.models import UserProfile

    client.force_login(superuser)
    assert 'value="Tìm kiếm"' in client.get("/admin/").content.decode()
    profile = UserProfile.get_for_user(superuser)
    profile.preferred_language = "en"
    profile.save()
    html = client.get("/admin/").content.decode()
    assert '<html lang="en"' in html and 'value="Search"' in html
