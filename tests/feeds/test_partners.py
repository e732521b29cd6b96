"""Partners' personal feed keys: pulls counted per partner, feed and day through real feed
requests; a wrong or revoked key gets the public feed and is not counted; editors manage
partners and keys in the admin and see the pulls as a chart; keys only for those allowed."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.utils import timezone

from feeds.models import Partner, PartnerPull
from feeds.partners import record_pull
from tests.factories import make_news

REPORT = "/admin/luot-lay-tin-doi-tac/"


def pulls():
    return {(p.partner.name, p.feed, p.day, p.pulls) for p in PartnerPull.objects.select_related("partner")}


@pytest.fixture
def partner(db):
    return Partner.objects.create(name="Báo Đắk Lắk", contact="Tòa soạn, toasoan@baodaklak.example")


@pytest.fixture
def other(db):
    return Partner.objects.create(name="Thông tấn xã Việt Nam")


def test_keys_are_long_random_and_unique(partner, other):
    assert partner.key != other.key
    assert len(partner.key) >= 32 and len(other.key) >= 32
    assert partner.active


def test_pulls_are_counted_per_partner_feed_and_day(client, partner, other):
    today = timezone.localdate()
    article = make_news()
    for _ in range(3):
        assert client.get("/api/ninjs/", {"key": partner.key}).status_code == 200
    assert client.get(f"/api/ninjs/{article.pk}/", {"key": partner.key}).status_code == 200
    assert client.get("/api/ninjs/", {"key": other.key}).status_code == 200
    assert client.get("/api/ninjs/").status_code == 200  # public: nobody's pull
    assert pulls() == {
        ("Báo Đắk Lắk", "api/ninjs", today, 3),
        ("Báo Đắk Lắk", "api/ninjs/item", today, 1),
        ("Thông tấn xã Việt Nam", "api/ninjs", today, 1),
    }


def test_ninjs_next_links_keep_the_key_and_count_each_page(client, partner):
    since = timezone.now().isoformat()
    for n in range(3):
        make_news(title=f"Tin {n}")
    first = client.get("/api/ninjs/", {"since": since, "page_size": 2, "key": partner.key}).json()
    assert f"key={partner.key}" in first["next"]
    assert f"key={partner.key}" not in client.get("/api/ninjs/", {"since": since, "page_size": 2}).json()["next"]
    client.get(first["next"])
    assert pulls() == {("Báo Đắk Lắk", "api/ninjs", timezone.localdate(), 2)}


def test_rss_pulls_with_a_key_are_counted_even_when_not_modified(client, partner):
    first = client.get("/feeds/all.rss", {"key": partner.key})
    assert first.status_code == 200
    again = client.get("/feeds/all.rss", {"key": partner.key}, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    client.get("/feeds/news.rss", {"key": partner.key})
    today = timezone.localdate()
    assert pulls() == {("Báo Đắk Lắk", "all.rss", today, 2), ("Báo Đắk Lắk", "news.rss", today, 1)}


def test_a_new_day_starts_a_new_count(client, partner):
    yesterday = timezone.localdate() - timedelta(days=1)
    PartnerPull.objects.create(partner=partner, feed="all.rss", day=yesterday, pulls=40)
    client.get("/feeds/all.rss", {"key": partner.key})
    assert pulls() == {("Báo Đắk Lắk", "all.rss", yesterday, 40), ("Báo Đắk Lắk", "all.rss", timezone.localdate(), 1)}


@pytest.mark.parametrize("key", ["sai-khoa-hoan-toan-0123456789abcdef", "x", "", "' OR 1=1 --", "k" * 500])
def test_a_wrong_key_gets_the_public_feed_and_is_not_counted(client, partner, key):
    public = client.get("/feeds/all.rss")
    keyed = client.get("/feeds/all.rss", {"key": key})
    assert keyed.status_code == 200 and keyed.content == public.content
    assert client.get("/api/ninjs/", {"key": key}).status_code == 200
    assert not PartnerPull.objects.exists()


def test_a_revoked_key_gets_the_public_feed_and_is_not_counted(client, partner):
    partner.active = False
    partner.save()
    public = client.get("/feeds/all.rss")
    keyed = client.get("/feeds/all.rss", {"key": partner.key})
    assert keyed.status_code == 200 and keyed.content == public.content
    assert not PartnerPull.objects.exists()


def test_a_rotated_key_stops_counting_and_the_new_one_counts(client, partner):
    old = partner.key
    new = partner.rotate_key()
    assert new != old
    client.get("/feeds/all.rss", {"key": old})
    assert not PartnerPull.objects.exists()
    client.get("/feeds/all.rss", {"key": new})
    assert pulls() == {("Báo Đắk Lắk", "all.rss", timezone.localdate(), 1)}


def test_long_feed_names_are_cut_not_refused(rf, partner):
    record_pull(rf.get("/", {"key": partner.key}), "movements/" + "x" * 300 + ".rss")
    assert len(PartnerPull.objects.get().feed) == 100


def test_recording_is_one_update_once_the_days_row_exists(rf, partner, django_assert_num_queries):
    request = rf.get("/feeds/all.rss", {"key": partner.key})
    record_pull(request, "all.rss")
    with django_assert_num_queries(1):
        record_pull(request, "all.rss")
    with django_assert_num_queries(0):
        record_pull(rf.get("/feeds/all.rss"), "all.rss")  # no key: nothing to do
    assert PartnerPull.objects.get().pulls == 2


# --- the admin ------------------------------------------------------------------------------


def assert_denied(response):
    """Wagtail's answer to a forbidden admin URL: back to the dashboard with an error message."""
    assert response.status_code == 302 and response["Location"] == "/admin/"


def make_user(username, *codenames):
    user = get_user_model().objects.create_user(username, f"{username}@example.com", "x")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    for codename in codenames:
        user.user_permissions.add(Permission.objects.get(content_type__app_label="feeds", codename=codename))
    return user


@pytest.fixture
def manager(client, db):
    client.force_login(make_user("doitac_quanly", "add_partner", "change_partner", "view_partner"))
    return client


@pytest.fixture
def viewer(client, db):
    client.force_login(make_user("doitac_xem", "view_partner"))
    return client


@pytest.fixture
def outsider(client, db):
    client.force_login(make_user("doitac_khong_quyen"))
    return client


@pytest.fixture
def history(partner, other):
    today = timezone.localdate()
    for n in range(30):
        PartnerPull.objects.create(partner=partner, feed="all.rss", day=today - timedelta(days=n), pulls=n + 1)
    PartnerPull.objects.create(partner=other, feed="api/ninjs", day=today - timedelta(days=3), pulls=1440)
    PartnerPull.objects.create(partner=other, feed="api/ninjs", day=today - timedelta(days=60), pulls=7)


def test_editors_register_a_partner_and_get_its_key_and_feed_urls(manager, db):
    response = manager.post(
        "/admin/snippets/feeds/partner/add/",
        {
            "name": "Báo Gia Lai",
            "contact": "toasoan@baogialai.example",
            "active": "on",
        },
    )
    assert response.status_code == 302
    partner = Partner.objects.get(name="Báo Gia Lai")
    assert len(partner.key) >= 32
    page = manager.get(f"/admin/snippets/feeds/partner/edit/{partner.pk}/").content.decode()
    assert partner.key in page
    assert f"/feeds/all.rss?key={partner.key}" in page and f"/api/ninjs/?key={partner.key}" in page
    assert "Sao chép" in page and "Tạo khóa mới" in page


def test_tao_khoa_moi_rotates_the_key_after_confirmation(manager, partner):
    url = f"/admin/doi-tac/{partner.pk}/tao-khoa-moi/"
    old = partner.key
    confirm = manager.get(url)
    assert confirm.status_code == 200 and "Tạo khóa mới" in confirm.content.decode()
    partner.refresh_from_db()
    assert partner.key == old  # a GET changes nothing
    response = manager.post(url)
    assert response.status_code == 302 and response["Location"].endswith(f"/edit/{partner.pk}/")
    partner.refresh_from_db()
    assert partner.key != old
    history = manager.get(f"/admin/snippets/feeds/partner/history/{partner.pk}/").content.decode()
    assert "Đã tạo khóa mới cho đối tác" in history


def test_the_report_shows_a_chart_and_a_table(manager, history):
    response = manager.get(REPORT)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Lượt lấy tin của đối tác" in page
    assert page.count("<polyline") == 2 and "<title id=" in page
    assert "Báo Đắk Lắk" in page and "Thông tấn xã Việt Nam" in page
    assert "<td>465</td>" in page  # 1 + 2 + … + 30 pulls of all.rss in 30 days
    assert "<td>1.440</td>" in page  # Vietnamese thousands separator
    assert "<td>1.905</td>" in page  # the total


def test_the_report_by_feed_over_90_days(manager, history):
    page = manager.get(REPORT, {"days": "90", "by": "feed"}).content.decode()
    assert "90 ngày qua" in page
    assert 'data-series="all.rss"' in page and 'data-series="api/ninjs"' in page
    assert "<td>1.447</td>" in page  # the 60-day-old pull counts now


def test_the_report_for_one_partner(manager, history, other):
    page = manager.get(REPORT, {"partner": other.pk}).content.decode()
    assert 'data-series="Thông tấn xã Việt Nam"' in page and 'data-series="Báo Đắk Lắk"' not in page


def test_bad_report_filters_show_an_error_and_the_default_period(manager, history):
    response = manager.get(REPORT, {"days": "7", "partner": "abc"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "error-message" in page and "30 ngày qua" in page


def test_menu_and_report_for_an_editor(manager):
    assert REPORT in manager.get("/admin/").content.decode()


def test_the_report_is_forbidden_without_permission(outsider, history):
    assert REPORT not in outsider.get("/admin/").content.decode()
    assert_denied(outsider.get(REPORT))
    assert_denied(outsider.get("/admin/snippets/feeds/partner/"))


def test_keys_are_shown_only_to_those_who_manage_partners(viewer, partner, history):
    report = viewer.get(REPORT)
    assert report.status_code == 200 and "Báo Đắk Lắk" in report.content.decode()
    assert partner.key not in report.content.decode()
    listing = viewer.get("/admin/snippets/feeds/partner/")
    assert listing.status_code == 200 and partner.key not in listing.content.decode()
    edit = viewer.get(f"/admin/snippets/feeds/partner/edit/{partner.pk}/")
    assert edit.status_code != 200 or partner.key not in edit.content.decode()
    assert_denied(viewer.post(f"/admin/doi-tac/{partner.pk}/tao-khoa-moi/"))
    old = partner.key
    partner.refresh_from_db()
    assert partner.key == old
