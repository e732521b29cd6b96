"""Ngày này năm xưa (home/on_this_day.py, the home page): articles of every kind published on
today's day and month, Vietnam time, in earlier years, newest year first, only what readers
may see, cached per day and content version."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.utils import timezone

from core.kinds import all_kinds
from home import on_this_day as module
from home.on_this_day import on_this_day
from tests.factories import make_news, make_story

pytestmark = pytest.mark.django_db

VN = ZoneInfo("Asia/Ho_Chi_Minh")
TODAY = datetime(2026, 3, 8, 10, 0, tzinfo=VN)  # no demo article was published on a 8 March


def vn(*args):
    return datetime(*args, tzinfo=VN)


def expected(today: date) -> list[int]:
    """Counted here from the database: every visible article on that day and month, earlier years."""
    found = []
    for kind in all_kinds():
        for page in kind.model.objects.live().public().filter(published_at__lte=timezone.now()):
            local = page.published_at.astimezone(VN)
            if (local.month, local.day) == (today.month, today.day) and local.year < today.year:
                found.append((page.published_at, page.pk))
    return [pk for _, pk in sorted(found, reverse=True)]


@pytest.fixture
def articles(db):
    with time_machine.travel(TODAY - timedelta(days=30), tick=False):
        made = {
            "2024": make_story("Gương sáng ngày 8/3/2024", published_at=vn(2024, 3, 8, 8, 0)),
            # 00:30 in Vietnam is still 7 March in UTC: the day is Vietnam's.
            "2023": make_story("Gương sáng đầu ngày 8/3/2023", published_at=vn(2023, 3, 8, 0, 30)),
            "2021": make_story("Gương sáng cuối ngày 8/3/2021", published_at=vn(2021, 3, 8, 23, 30)),
            "2020": make_news("Tin phong trào ngày 8/3/2020", published_at=vn(2020, 3, 8, 9, 0)),
            "next-day": make_story("Gương sáng ngày 9/3/2024", published_at=vn(2024, 3, 9, 9, 0)),
            "day-before": make_story("Gương sáng 23 giờ 59 ngày 7/3/2025", published_at=vn(2025, 3, 7, 23, 59)),
            "draft": make_story("Bản nháp ngày 8/3/2022", published_at=vn(2022, 3, 8, 9, 0), publish=False),
        }
    with time_machine.travel(TODAY - timedelta(hours=3), tick=False):
        made["this-year"] = make_story("Gương sáng sáng nay", published_at=vn(2026, 3, 8, 7, 0))
    return made


def titles(items):
    return [item.page.title for item in items]


def test_this_day_in_earlier_years_newest_year_first(articles):
    with time_machine.travel(TODAY, tick=False):
        items = on_this_day()
        assert [item.page.pk for item in items] == expected(TODAY.date())
    assert titles(items) == [articles[key].title for key in ("2024", "2023", "2021", "2020")]
    assert [item.year for item in items] == [2024, 2023, 2021, 2020]
    assert [item.kind_label for item in items][-1] == "Tin phong trào"
    for key in ("this-year", "next-day", "day-before", "draft"):
        assert articles[key].title not in titles(items)


def test_private_scheduled_and_unpublished_articles_are_never_shown(articles):
    from wagtail.models import PageViewRestriction

    PageViewRestriction.objects.create(
        page=articles["2024"], restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    articles["2023"].unpublish()
    with time_machine.travel(TODAY - timedelta(days=1), tick=False):
        scheduled = make_story("Bài lên lịch", published_at=vn(2025, 3, 8, 9, 0), publish=False)
        scheduled.go_live_at = TODAY + timedelta(hours=1)
        scheduled.save_revision().publish()
    assert not type(scheduled).objects.get(pk=scheduled.pk).live
    with time_machine.travel(TODAY, tick=False):
        shown = titles(on_this_day())
    assert shown == [articles["2021"].title, articles["2020"].title]


def test_a_handful_at_most(articles):
    for year in range(2010, 2018):
        with time_machine.travel(TODAY - timedelta(days=30), tick=False):
            make_story(f"Gương sáng ngày 8/3/{year}", published_at=vn(year, 3, 8, 9, 0))
    with time_machine.travel(TODAY, tick=False):
        items = on_this_day()
    assert len(items) == 6
    assert [item.year for item in items] == [2024, 2023, 2021, 2020, 2017, 2016]


def test_the_next_day_brings_the_next_days_articles(articles, monkeypatch):
    calls = []
    real = module._find
    monkeypatch.setattr(module, "_find", lambda *args: calls.append(args) or real(*args))
    with time_machine.travel(TODAY, tick=False):
        first = titles(on_this_day())
        assert titles(on_this_day()) == first and len(calls) == 1  # cached for the day
    with time_machine.travel(vn(2026, 3, 8, 23, 59), tick=False):
        assert titles(on_this_day()) == first and len(calls) == 1
    with time_machine.travel(vn(2026, 3, 9, 0, 1), tick=False):  # 8 March 17:01 UTC: Vietnam's 9 March
        assert titles(on_this_day()) == [articles["next-day"].title]
        assert len(calls) == 2
    assert titles(on_this_day(today=date(2026, 3, 7))) == [articles["day-before"].title]


def test_a_publish_shows_at_once(articles):
    with time_machine.travel(TODAY, tick=False):
        before = titles(on_this_day())
        story = make_story("Gương sáng ngày 8/3/2019 mới đăng", published_at=vn(2019, 3, 8, 9, 0))
        assert titles(on_this_day()) == [*before, story.title]


def test_the_home_page_shows_them_and_hides_the_section_when_there_is_none(client, articles):
    with time_machine.travel(TODAY, tick=False):
        html = client.get("/").content.decode()
    section = BeautifulSoup(html, "html.parser").find("section", attrs={"aria-labelledby": "ngay-nay-nam-xua"})
    assert section.find("h2").get_text() == "Ngày này năm xưa"
    links = [a.get_text() for a in section.find_all("a")]
    assert links == [articles[key].title for key in ("2024", "2023", "2021", "2020")]
    assert section.find("time").get_text() == "08/03/2024"
    assert articles["this-year"].title not in section.get_text()

    with time_machine.travel(vn(2026, 3, 10, 10, 0), tick=False):  # no article on a 10 March
        html = client.get("/").content.decode()
    assert "Ngày này năm xưa" not in html
