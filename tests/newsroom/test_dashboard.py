"""The editors' dashboard: what was published per month, and what waits."""

from django.db.models import F
from django.utils import timezone

from core.models import Locality
from movements.models import MovementPage
from newsroom.dashboard import charts_html, month_starts, published_per_month
from newsroom.roles import BIEN_TAP_VIEN
from tests.factories import make_story


def _this_month(series, label):
    return dict(series.get(label, []))[month_starts(timezone.localdate())[-1]] if label in series else 0


def test_admin_home_shows_charts_of_what_was_published(make_user, client_for):
    html = client_for(make_user(BIEN_TAP_VIEN)).get("/admin/").content.decode()
    assert "Đã xuất bản trong 12 tháng qua" in html
    assert "Bài đã xuất bản mỗi tháng, theo phong trào" in html
    assert "Bài đã xuất bản mỗi tháng, theo địa phương" in html
    assert html.count("<svg") >= 2 and "Bảng số liệu" in html
    assert "bài chờ bạn duyệt" in html and "bài đã lên lịch xuất bản" in html


def test_counts_follow_publishing_by_movement_and_by_todays_province(db):
    movement = MovementPage.objects.live().first()
    historic = (
        Locality.objects.filter(is_current=False, successor__isnull=False).exclude(name=F("successor__name")).first()
    )
    before_movement = _this_month(published_per_month("movement", top=None), movement.title)
    before_province = _this_month(published_per_month("locality", top=None), historic.successor.name)

    story = make_story("Gương sáng tháng này", published_at=timezone.now())
    story.movements.set([movement])
    story.localities.set([historic])
    story.save_revision().publish()
    draft = make_story("Bài nháp không được đếm", publish=False, published_at=timezone.now())
    draft.movements.set([movement])
    draft.save_revision()

    assert _this_month(published_per_month("movement", top=None), movement.title) == before_movement + 1
    # A unit merged on 01/07/2025 counts under the province it became part of.
    assert _this_month(published_per_month("locality", top=None), historic.successor.name) == before_province + 1
    assert historic.name not in published_per_month("locality", top=None)


def test_twelve_months_oldest_first():
    months = month_starts(timezone.localdate().replace(month=3, day=15))
    assert len(months) == 12 and months[-1].month == 3 and months[0].month == 4
    assert months[0].year == months[-1].year - 1


def test_charts_cost_a_few_queries_then_come_from_the_cache(
    db, django_assert_max_num_queries, django_assert_num_queries
):
    with django_assert_max_num_queries(8):
        first = charts_html()
    with django_assert_num_queries(0):
        assert charts_html() == first


def test_beyond_five_series_the_rest_are_summed_as_others(db):
    everything = published_per_month("locality", top=None)
    shown = published_per_month("locality")
    assert len(shown) <= 6
    if len(everything) > 5:
        assert "Khác" in shown
    total = sum(n for points in everything.values() for _, n in points)
    assert sum(n for points in shown.values() for _, n in points) == total


def test_the_charts_label_months_not_days(make_user, client_for):
    html = client_for(make_user(BIEN_TAP_VIEN)).get("/admin/").content.decode()
    months = month_starts(timezone.localdate())
    for month in months:
        assert f">{month:%m/%Y}</text>" in html  # the x-axis
        assert f">{month:%d/%m}</text>" not in html  # not a day ("01/11")
    assert f'<th scope="row">tháng {months[-1].month}/{months[-1].year}</th>' in html
    assert '<th scope="col">Tháng</th>' in html and '<th scope="col">Ngày</th>' not in html
