"""The editors' "Lượt đọc" (Reports): every newsroom role sees the reads per article, sorted as
asked, each article's chart over time and its count on the edit screen; a user outside the
newsroom sees none of it (core.readership_admin, newsroom.roles.READ_COUNTS)."""

import itertools
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.utils import timezone

from core.models import ReadCount
from newsroom.roles import ROLES, roles_with
from tests.factories import make_news, make_story

REPORT = "/admin/luot-doc/"
_numbers = itertools.count(1)


def chart_url(page):
    return f"/admin/luot-doc/{page.pk}/"


@pytest.fixture
def counts(db):
    ReadCount.objects.all().delete()  # not the demo's seeded counts
    today = timezone.localdate()
    popular = make_story("Gương được đọc nhiều")
    news = make_news("Tin đọc vừa")
    for days_ago, views in [(0, 7), (1, 20), (10, 300)]:
        ReadCount.objects.create(page=popular, day=today - timedelta(days=days_ago), views=views)
    ReadCount.objects.create(page=news, day=today, views=40)
    ReadCount.objects.create(page=news, day=today - timedelta(days=45), views=9999)  # outside 30 days
    return {"popular": popular, "news": news}


def client_for(*, role=None, permissions=()):
    username = f"user{next(_numbers)}"
    user = get_user_model().objects.create_user(username, f"{username}@example.com", "x")
    if role:
        user.groups.add(Group.objects.get(name=role))
    for codename in permissions:
        user.user_permissions.add(Permission.objects.get(codename=codename))
    client = Client()
    client.force_login(user)
    return client


def rows_in_order(html, *titles):
    positions = [html.index(title) for title in titles]
    return positions == sorted(positions)


def test_every_newsroom_role_may_see_read_counts():
    assert roles_with("core.view_readcount") == ROLES


@pytest.mark.parametrize("role", ROLES)
def test_each_role_sees_the_report_menu_and_the_numbers(counts, role):
    client = client_for(role=role)
    assert REPORT in client.get("/admin/").content.decode()
    html = client.get(REPORT).content.decode()
    assert "Lượt đọc" in html and "Gương được đọc nhiều" in html and "Tin đọc vừa" in html
    assert "327" in html  # 7 + 20 + 300 over 30 days
    assert "9.999" not in html and "10.0" not in html  # 45 days ago is outside the report
    assert "<svg" in html and "Bảng số liệu" in html  # the chart, with its data table


def test_a_user_outside_the_newsroom_is_refused(counts):
    outsider = client_for(permissions=["access_admin"])
    assert REPORT not in outsider.get("/admin/").content.decode()
    for url in (REPORT, chart_url(counts["popular"])):
        response = outsider.get(url)
        assert response.status_code == 302 and response["Location"] == "/admin/"
    assert Client().get(REPORT).status_code == 302  # not signed in: the login page


def test_the_report_sorts_by_each_column(counts):
    client = client_for(role=ROLES[0])
    week = client.get(REPORT).content.decode()  # by default: 7 days, most first
    assert rows_in_order(week, "Tin đọc vừa", "Gương được đọc nhiều")  # 40 > 27
    month = client.get(REPORT, {"order": "-month"}).content.decode()
    assert rows_in_order(month, "Gương được đọc nhiều", "Tin đọc vừa")  # 327 > 40
    fewest = client.get(REPORT, {"order": "week"}).content.decode()
    assert rows_in_order(fewest, "Gương được đọc nhiều", "Tin đọc vừa")
    assert 'aria-sort="ascending"' in fewest
    assert client.get(REPORT, {"order": "bogus';--"}).status_code == 200


def test_the_report_filters_by_kind(counts):
    client = client_for(role=ROLES[1])
    html = client.get(REPORT, {"kind": "news"}).content.decode()
    assert "Tin đọc vừa" in html and "Gương được đọc nhiều" not in html
    assert client.get(REPORT, {"kind": "nonsense"}).status_code == 200


def test_an_articles_chart_over_time(counts):
    client = client_for(role=ROLES[2])
    page = client.get(chart_url(counts["popular"]))
    html = page.content.decode()
    assert page.status_code == 200 and "Gương được đọc nhiều" in html
    assert "<svg" in html and timezone.localdate().strftime("%d/%m/%Y") in html
    assert "Từ trước đến nay" in html and "327" in html
    year = client.get(chart_url(counts["popular"]), {"days": "365"}).content.decode()
    assert "365 ngày qua" in year
    assert client.get(f"/admin/luot-doc/{counts['popular'].get_parent().pk}/").status_code == 404  # not an article
    assert client.get("/admin/luot-doc/987654/").status_code == 404


def test_an_unpublished_article_is_marked_in_the_report(counts):
    counts["news"].unpublish()
    html = client_for(role=ROLES[3]).get(REPORT).content.decode()
    assert "không hiện với bạn đọc" in html


def test_the_edit_screen_shows_the_last_7_days(counts):
    client = client_for(role=ROLES[3])
    html = client.get(f"/admin/pages/{counts['popular'].pk}/edit/").content.decode()
    assert "Lượt đọc 7 ngày: 27" in html and chart_url(counts["popular"]) in html


def test_the_page_listing_links_each_article_to_its_chart(counts):
    client = client_for(role=ROLES[0])
    section = counts["popular"].get_parent()
    assert chart_url(counts["popular"]) in client.get(f"/admin/pages/{section.pk}/").content.decode()
