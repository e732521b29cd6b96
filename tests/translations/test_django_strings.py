"""Django's own strings in the admin, and the screens the crawler cannot judge alone: relative
times, the password rules after a wrong password, the login page, permission names stored in
the database, the locality list's yes/no and the help menu's Vietnamese editor's guide."""

import json
import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.utils import timezone, translation
from django.utils.timesince import timesince

from newsroom import roles
from tests.translations.test_admin_crawl import english_in, read
from translations.guide import render


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser("tongbientap", "tbt@example.com", "x")


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def role_user(role):
    user = get_user_model().objects.create_user(f"u{roles.ROLES.index(role)}", "u@example.com", "x")
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.mark.parametrize(
    "ago,expected",
    [
        (timedelta(seconds=20), "0 phút"),
        (timedelta(minutes=12), "12 phút"),
        (timedelta(hours=5, minutes=3), "5 giờ, 3 phút"),
        (timedelta(days=3), "3 ngày"),
        (timedelta(days=15), "2 tuần, 1 ngày"),
        (timedelta(days=38), "1 tháng, 1 tuần"),
        (timedelta(days=400), "1 năm, 1 tháng"),
    ],
)
def test_relative_times_are_vietnamese(ago, expected):
    """What the explorer, dashboard and history print ("… trước" is Wagtail's)."""
    now = timezone.now()
    with translation.override("vi"):
        assert timesince(now - ago, now).replace("\xa0", " ") == expected  # Django joins with no-break spaces


def test_wagtails_relative_dates_read_vietnamese_in_the_explorer(superuser):
    from exemplars.models import StoryIndexPage

    html = logged_in(superuser).get(f"/admin/pages/{StoryIndexPage.objects.get().pk}/").content.decode()
    dates = re.findall(r'class="w-human-readable-date__date"[^>]*>\s*([^<]+?)\s*<', html)
    pattern = r"Vừa xong|\d+ (phút|giờ|ngày|tuần|tháng|năm)(, \d+ \w+)? trước"
    assert dates and all(re.fullmatch(pattern, d.replace("\xa0", " ")) for d in dates), dates


def test_password_rules_and_errors_are_vietnamese(superuser):
    client = logged_in(superuser)
    form = client.get("/admin/users/new/").content.decode()
    assert "Mật khẩu của bạn phải chứa ít nhất 8 ký tự." in form
    data = {"username": "thu", "email": "thu@example.com", "first_name": "Thu", "last_name": "Lê"}
    html = client.post("/admin/users/new/", {**data, "password1": "123", "password2": "123"}).content.decode()
    for message in ("Mật khẩu này quá ngắn. Mật khẩu phải có ít nhất 8 ký tự.", "Mật khẩu này hoàn toàn là số."):
        assert message in html
    html = client.post("/admin/users/new/", {**data, "password1": "thu", "password2": "thu"}).content.decode()
    assert "Mật khẩu quá giống với tên đăng nhập." in html
    assert not english_in(read(html).texts)
    assert not get_user_model().objects.filter(username="thu").exists()


def test_the_login_page_names_our_product_and_labels_the_password(db):
    html = Client().get("/admin/login/").content.decode()
    assert re.search(r"<title>\s*Đăng nhập - Gương Sáng\s*</title>", html)
    assert re.search(r"<h1>\s*Đăng nhập vào Gương Sáng\s*</h1>", html)
    assert re.search(r'<label[^>]*for="id_password"[^>]*>\s*Mật khẩu', html)
    assert not english_in(read(html).texts)


def test_a_wrong_password_is_told_in_vietnamese(db):
    get_user_model().objects.create_user("phongvien", "pv@example.com", "dung-mat-khau-1")
    html = Client().post("/admin/login/", {"username": "phongvien", "password": "sai"}).content.decode()
    assert "và mật khẩu không khớp. Vui lòng thử lại." in html
    assert not english_in(read(html).texts)


def test_permission_names_are_vietnamese_in_the_database_and_on_the_group_screen(superuser):
    """Django stores "Can add …" in English at migrate; ours rewrites them after every migrate."""
    names = dict(Permission.objects.values_list("codename", "name"))
    assert names["add_locality"] == "Thêm địa phương"
    assert names["publish_page"] == "Xuất bản mọi trang"
    assert not [n for n in names.values() if re.match(r"Can (add|change|delete|view) ", n)]
    group = Group.objects.get(name=roles.PHONG_VIEN)
    html = logged_in(superuser).get(f"/admin/groups/edit/{group.pk}/").content.decode()
    assert ">Thêm địa phương</label>" in html
    assert not english_in(read(html).texts)


def test_the_locality_list_says_yes_or_no_not_true_or_false(superuser):
    html = logged_in(superuser).get("/admin/snippets/core/locality/").content.decode()
    marks = re.findall(r'<span class="w-sr-only">\s*(\S+)\s*</span>', html)
    assert "Có" in marks and set(marks) <= {"Có", "Không"}, marks


@pytest.mark.parametrize("role", roles.ROLES)
def test_the_help_menu_opens_our_vietnamese_editors_guide(db, role):
    client = logged_in(role_user(role))
    html = client.get("/admin/").content.decode()
    sidebar = re.search(r'<script id="wagtail-sidebar-props" type="application/json">(.*?)</script>', html, re.S)[1]
    assert "guide.wagtail.org" not in sidebar and "guide.wagtail.org" not in html
    assert '"Hướng dẫn biên tập"' in json.dumps(json.loads(sidebar), ensure_ascii=False)
    assert "/admin/huong-dan/" in sidebar
    guide = client.get("/admin/huong-dan/")
    assert guide.status_code == 200
    page = guide.content.decode()
    assert re.search(r"<h1[^>]*>.*Hướng dẫn biên tập Gương Sáng", page, re.S)
    assert "<h2>Gửi duyệt và duyệt bài</h2>" in page and "<strong>Lưu bản nháp</strong>" in page
    assert not english_in(read(page).texts)


def test_the_guide_needs_a_login(db):
    response = Client().get("/admin/huong-dan/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_the_guide_renderer_escapes_and_renders_what_the_guide_uses():
    title, html = render(
        "# Tiêu đề\n\nMột **đậm** và `mã` <script>x</script>\ntiếp dòng.\n\n- một\n  tiếp\n- hai\n\n"
        "1. đầu\n2. sau\n\n| A | B |\n|---|:-:|\n| x | ✓ |\n\n## Mục [liên kết](/admin/)\n"
    )
    assert title == "Tiêu đề"
    assert "<p>Một <strong>đậm</strong> và <code>mã</code> &lt;script&gt;x&lt;/script&gt; tiếp dòng.</p>" in html
    assert "<ul><li>một tiếp</li><li>hai</li></ul>" in html and "<ol><li>đầu</li><li>sau</li></ol>" in html
    assert '<th scope="col">A</th>' in html and "<td>✓</td>" in html
    assert '<h2>Mục <a href="/admin/">liên kết</a></h2>' in html
