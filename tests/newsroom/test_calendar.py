"""The editorial calendar "Lịch xuất bản" (issue 15, item 5) through the admin: month and week
views, weeks from Monday, Vietnamese weekdays and dd/mm/yyyy, the workflow state of each entry
and its link to the editor, the section filter, only what the user may see, and a number of
queries that does not grow with the number of articles."""

import html
import re
from datetime import datetime, time, timedelta

from django.utils import timezone
from wagtail.models import GroupPagePermission

from exemplars.models import StoryIndexPage
from newsroom import calendar
from newsroom.roles import BIEN_TAP_VIEN as BTV
from newsroom.roles import LANH_DAO_DUYET as LDD
from newsroom.roles import PHONG_VIEN as PV
from tests.factories import make_news, make_story

from .conftest import create_story
from .test_messages import dashboard_action, edit

URL = "/admin/lich-xuat-ban/"


def at(day, hour, minute=0):
    return datetime.combine(day, time(hour, minute), tzinfo=timezone.get_current_timezone())


def next_week_monday():
    today = timezone.localdate()
    return today - timedelta(days=today.weekday()) + timedelta(weeks=1)


def schedule(page, moment):
    page.published_at = moment
    page.full_clean()  # sets the go-live time (core.ArticlePage)
    page.save_revision().publish()
    return page


def cells(page_html) -> dict[str, str]:
    """{dd/mm/yyyy: the text of that day's cell}."""
    found = {}
    for day, body in re.findall(r'<td class="newsroom-day[^"]*"\s+data-date="([^"]+)">(.*?)</td>', page_html, re.S):
        found[day] = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())
    return found


def test_week_view_shows_scheduled_waiting_and_published_with_links(make_user, client_for):
    reporter, editor = make_user(PV), make_user(BTV)
    monday = next_week_monday()
    scheduled = schedule(
        make_story("Lễ vinh danh người hiến máu", publish=False), at(monday + timedelta(days=2), 8, 30)
    )
    planned = at(monday + timedelta(days=4), 15).strftime("%d/%m/%Y %H:%M")
    waiting = create_story(client_for(reporter), "Nữ bác sĩ tình nguyện nơi biên giới", published_at=planned)
    # What the editor's form posts back: both dates (core.page_forms).
    edit(client_for(reporter), waiting, published_at=planned, go_live_at=planned, **{"action-submit": "1"})

    response = client_for(editor).get(URL, {"xem": "tuan", "ngay": monday.isoformat()})
    assert response.status_code == 200
    page = response.content.decode()
    sunday = monday + timedelta(days=6)
    assert f"Tuần {monday:%d/%m/%Y} – {sunday:%d/%m/%Y}" in page
    grid = page[page.index('<table class="newsroom-calendar__grid') :]
    headers = re.findall(r'<th scope="col">([^<]+)</th>', grid[: grid.index("</thead>")])
    assert headers == ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật"]

    days = cells(page)
    assert list(days) == [f"{monday + timedelta(days=i):%d/%m/%Y}" for i in range(7)]
    wednesday, friday = days[f"{monday + timedelta(days=2):%d/%m/%Y}"], days[f"{monday + timedelta(days=4):%d/%m/%Y}"]
    assert wednesday.startswith(f"Thứ Tư, {monday + timedelta(days=2):%d/%m/%Y}")
    assert "08:30 Lễ vinh danh người hiến máu Đã lên lịch" in wednesday
    assert "15:00 Nữ bác sĩ tình nguyện nơi biên giới Chờ Biên tập viên duyệt (bước 1/2: Biên tập)" in friday
    assert f'href="/admin/pages/{scheduled.pk}/edit/"' in page and f'href="/admin/pages/{waiting.pk}/edit/"' in page

    # After step 1 the same entry waits for the leaders.
    dashboard_action(client_for(editor), waiting, "approve", comment="")
    days = cells(client_for(editor).get(URL, {"xem": "tuan", "ngay": monday.isoformat()}).content.decode())
    friday = days[f"{monday + timedelta(days=4):%d/%m/%Y}"]
    assert "Chờ Lãnh đạo duyệt (bước 2/2: Duyệt xuất bản)" in friday


def test_month_view_runs_monday_to_sunday_and_shows_what_was_published(make_user, client_for):
    editor = make_user(BTV)
    today = timezone.localdate()
    published = make_story("Gương sáng hôm nay", published_at=timezone.now() - timedelta(minutes=5))
    page = client_for(editor).get(URL).content.decode()
    assert f"Tháng {today.month}/{today.year}" in page
    days = list(cells(page))
    first, last = calendar.period(calendar.MONTH, today)
    assert days[0] == f"{first:%d/%m/%Y}" and first.weekday() == 0 and first <= today.replace(day=1)
    assert days[-1] == f"{last:%d/%m/%Y}" and last.weekday() == 6 and len(days) % 7 == 0
    assert "Gương sáng hôm nay Đã xuất bản" in cells(page)[f"{today:%d/%m/%Y}"]
    assert f'href="/admin/pages/{published.pk}/edit/"' in page
    assert "Hôm nay" in cells(page)[f"{today:%d/%m/%Y}"]

    # Previous and next months.
    assert re.search(r'href="[^"]*ngay=[^"]*" rel="prev">← Tháng trước', page)
    previous = calendar.shifted(calendar.MONTH, today, -1)
    assert f"Tháng {previous.month}/{previous.year}" in client_for(editor).get(URL, {"ngay": previous}).content.decode()


def test_the_section_filter_keeps_one_section(make_user, client_for, sections):
    editor = make_user(BTV)
    monday = next_week_monday()
    schedule(make_story("Bài gương sáng đã lên lịch", publish=False), at(monday, 9))
    schedule(make_news("Tin phong trào đã lên lịch", publish=False), at(monday, 10))
    query = {"xem": "tuan", "ngay": monday.isoformat()}
    everything = client_for(editor).get(URL, query).content.decode()
    assert "Bài gương sáng đã lên lịch" in everything and "Tin phong trào đã lên lịch" in everything
    only_news = client_for(editor).get(URL, {**query, "muc": sections["news"].pk}).content.decode()
    assert "Tin phong trào đã lên lịch" in only_news and "Bài gương sáng đã lên lịch" not in only_news
    assert f'<option value="{sections["news"].pk}" selected>' in only_news
    assert client_for(editor).get(URL, {**query, "muc": "999999"}).status_code == 404


def test_only_pages_the_user_may_see(make_user, client_for, sections):
    """A section the reporters have no permission on: its articles are not in their calendar."""
    home = sections["story"].get_parent()
    private = StoryIndexPage(title="Chuyên mục riêng của ban biên tập", slug="chuyen-muc-rieng")
    home.add_child(instance=private)
    GroupPagePermission.objects.filter(page=private, group__name=PV).delete()
    monday = next_week_monday()
    schedule(make_story("Bài trong chuyên mục riêng", publish=False, parent=private), at(monday, 9))

    query = {"xem": "tuan", "ngay": monday.isoformat()}
    assert "Bài trong chuyên mục riêng" in client_for(make_user(LDD)).get(URL, query).content.decode()
    as_reporter = client_for(make_user(PV)).get(URL, query).content.decode()
    assert "Bài trong chuyên mục riêng" not in as_reporter
    assert "Chuyên mục riêng của ban biên tập" not in as_reporter  # not in the filter either


def test_someone_who_edits_no_page_is_refused(client_for, django_user_model):
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user("ke-toan", "kt@example.com", "x")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    response = client_for(user).get(URL, follow=True)  # Wagtail: back to the admin home, with its message
    assert response.redirect_chain[-1][0] == "/admin/" and "newsroom-calendar__grid" not in response.content.decode()
    assert "Lịch xuất bản" not in client_for(user).get("/admin/").content.decode()


def test_the_calendar_is_in_the_menu_and_on_the_dashboard(make_user, client_for):
    for role in (PV, BTV, LDD):
        home = client_for(make_user(role)).get("/admin/").content.decode()
        assert "Lịch xuất bản" in home and "/admin/lich-xuat-ban/?xem=tuan" in home, role


def test_queries_do_not_grow_with_the_number_of_articles(make_user, client_for, django_assert_max_num_queries):
    editor = make_user(BTV)
    as_editor = client_for(editor)
    monday = next_week_monday()
    query = {"xem": "thang", "ngay": monday.isoformat()}
    as_editor.get(URL, query)  # the session and the user's permissions, as on any admin screen

    def count():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            assert as_editor.get(URL, query).status_code == 200
        return len(captured)

    schedule(make_story("Bài lên lịch số 0", publish=False), at(monday, 8))
    few = count()
    for i in range(1, 25):
        schedule(make_story(f"Bài lên lịch số {i}", publish=False), at(monday + timedelta(days=i % 7), 8 + i % 10))
    many = count()
    assert many == few, (few, many)
    with django_assert_max_num_queries(30):
        page = as_editor.get(URL, query).content.decode()
    assert page.count("Đã lên lịch</span>") >= 25
