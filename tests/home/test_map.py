"""Bản đồ gương sáng (/ban-do/, core/maps.py, components/vietnam_map.html): the 34 units and
the archipelagos drawn, counts that match the database with historic localities folded into
their successor, only what readers may see, the filters, the table, a movement hub's own map
and where a unit's link leads."""

from datetime import datetime, timedelta

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageViewRestriction

from core import maps
from core.kinds import all_kinds
from core.models import Locality
from core.text import fold
from movements.models import MovementPage
from tests.factories import make_news, make_story

pytestmark = pytest.mark.django_db

MAP_URL = "/ban-do/"


def loc(slug):
    return Locality.objects.get(slug=slug)


def expected_counts(movement=None, year=None) -> dict[str, tuple[int, int]]:
    """Counted here from the database, page by page: {current unit slug: (exemplars, articles)}."""
    now = timezone.now()
    articles, exemplars = {}, {}
    for kind in all_kinds():
        pages = kind.model.objects.live().public().filter(published_at__lte=now)
        for page in pages:
            if movement is not None and movement not in page.movements.all():
                continue
            if year is not None and timezone.localtime(page.published_at).year != year:
                continue
            units = {(locality.successor or locality).slug for locality in page.localities.all()}
            name = getattr(page, "exemplar_name", "")
            for unit in units:
                articles.setdefault(unit, set()).add(page.pk)
                if name:
                    exemplars.setdefault(unit, set()).add(fold(name))
    return {
        slug: (len(exemplars.get(slug, ())), len(articles.get(slug, ())))
        for slug in Locality.objects.filter(is_current=True).values_list("slug", flat=True)
    }


def parse(html, section_id="ban-do"):
    soup = BeautifulSoup(html, "html.parser")
    return soup, soup.find("section", id=section_id)


def svg_counts(section) -> dict[str, tuple[int, int]]:
    return {
        a["data-unit"]: (int(a["data-exemplars"]), int(a["data-articles"]))
        for a in section.find("svg").find_all("a", class_="vn-map__unit")
    }


def table_counts(section) -> dict[str, tuple[int, int]]:
    rows = {}
    for tr in section.find("table").find("tbody").find_all("tr"):
        cells = tr.find_all("td")
        rows[tr["data-unit"]] = (int(cells[0].get_text().replace(".", "")), int(cells[1].get_text().replace(".", "")))
    return rows


def map_of(client, query=""):
    response = client.get(MAP_URL + query)
    assert response.status_code == 200, response.content[:500]
    return parse(response.content.decode())


@pytest.fixture
def movements(db):
    first, second = MovementPage.objects.live().public().order_by("path")[:2]
    return first, second


def test_the_34_units_and_both_archipelagos_are_drawn_accessibly(client):
    _, section = map_of(client)
    svg = section.find("svg")
    assert svg["role"] == "group"
    title = svg.find("title", id="ban-do-title")
    desc = svg.find("desc", id="ban-do-desc")
    assert title.get_text() and "34 tỉnh, thành phố" in desc.get_text()
    assert svg["aria-labelledby"] == "ban-do-title" and svg["aria-describedby"] == "ban-do-desc"

    units = svg.find_all("a", class_="vn-map__unit")
    current = set(Locality.objects.filter(is_current=True).values_list("slug", flat=True))
    assert len(current) == 34
    assert {a["data-unit"] for a in units} == current
    for a in units:
        name = loc(a["data-unit"]).name
        assert a["href"]  # focusable: an SVG link with a target
        assert a["aria-label"].startswith(f"{name}:")
        assert a.find("title").get_text() == a["aria-label"]
        assert a.find("path")["d"].startswith("m")

    labels = {
        g["data-archipelago"]: g.get_text(" ", strip=True) for g in svg.find_all("g", class_="vn-map__archipelago")
    }
    assert labels == {"hoangsa": "Quần đảo Hoàng Sa (Đà Nẵng)", "truongsa": "Quần đảo Trường Sa (Khánh Hòa)"}
    for rect in svg.select("g.vn-map__archipelago rect"):  # numbers SVG reads, not "436,0" (the locale's)
        assert all(rect[attr].isdigit() for attr in ("x", "y", "width", "height")), rect
    # The islands belong to their unit: drawn inside its link, so they open its stories too.
    by_unit = {a["data-unit"]: a for a in units}
    assert len(by_unit["da-nang"].find_all("circle")) >= 5
    assert len(by_unit["khanh-hoa"].find_all("circle")) >= 20
    assert not any(a.find("circle") for slug, a in by_unit.items() if slug not in {"da-nang", "khanh-hoa"})

    # No tiles, no third-party requests: nothing on the map points outside the site.
    for tag in svg.find_all(True):
        for attr in ("href", "src", "xlink:href"):
            assert not str(tag.get(attr, "")).startswith(("http:", "https:", "//")), tag
    # Colour is not the only signal: zero units are hatched, and the legend says what each step is.
    assert svg.find("pattern", id="ban-do-hatch")
    assert "Chưa có gương sáng" in section.find("figcaption").get_text()


def test_the_inline_svg_stays_small(client):
    response = client.get(MAP_URL)
    html = response.content.decode()
    start = html.index('<svg class="vn-map__svg"')
    size = html.index("</svg>", start) - start
    assert size < 40_000, size


def test_counts_match_the_database_with_historic_localities_folded(client):
    before = expected_counts()
    make_story("Cô giáo vùng cao Quảng Nam", exemplar_name="Lê Thị Hoa", localities=[loc("quang-nam")])
    # The same person, typed without accents, under the new unit: one exemplar, two articles.
    make_story("Cô giáo Hoa được khen thưởng", exemplar_name="le thi hoa", localities=[loc("da-nang")])
    # One article naming two former provinces of one unit counts once for it.
    make_news("Hội nghị điển hình tiên tiến", localities=[loc("soc-trang"), loc("hau-giang")])
    after = expected_counts()
    assert after["da-nang"] == (before["da-nang"][0] + 1, before["da-nang"][1] + 2)
    assert after["can-tho"][1] == before["can-tho"][1] + 1
    assert "quang-nam" not in after  # a historic unit is never a unit of its own

    _, section = map_of(client)
    assert svg_counts(section) == after
    assert table_counts(section) == after
    da_nang = section.find("a", attrs={"data-unit": "da-nang"})
    exemplars, articles = after["da-nang"]
    assert da_nang["aria-label"] == f"Đà Nẵng: {exemplars} gương sáng, {articles} bài viết"


def test_articles_readers_may_not_see_are_never_counted(client):
    ca_mau = loc("bac-lieu")  # a historic province: counts for Cà Mau
    before = expected_counts()["ca-mau"]
    make_story("Bản nháp ở Bạc Liêu", exemplar_name="Người Nháp", publish=False, localities=[ca_mau])
    make_story(
        "Bài cấm đăng",
        exemplar_name="Người Hẹn Giờ",
        published_at=timezone.now() + timedelta(days=1),
        localities=[ca_mau],
    )
    scheduled = make_story("Bài lên lịch", exemplar_name="Người Lên Lịch", publish=False, localities=[ca_mau])
    scheduled.go_live_at = timezone.now() + timedelta(days=2)
    scheduled.save_revision().publish()
    assert not type(scheduled).objects.get(pk=scheduled.pk).live
    make_story(
        "Bài hết hạn",
        exemplar_name="Người Hết Hạn",
        expire_at=timezone.now() + timedelta(minutes=1),
        localities=[ca_mau],
    )
    with time_machine.travel(timezone.now() + timedelta(minutes=2)):
        call_command("publish_scheduled", verbosity=0)  # the worker's job: expires it
    private = make_story("Bài riêng tư", exemplar_name="Người Riêng Tư", localities=[ca_mau])
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.PASSWORD, password="x")

    assert expected_counts()["ca-mau"] == before
    _, section = map_of(client)
    assert svg_counts(section)["ca-mau"] == before == table_counts(section)["ca-mau"]
    visible = make_story("Bài đã đăng ở Bạc Liêu", exemplar_name="Người Thật", localities=[ca_mau])
    _, section = map_of(client)
    assert svg_counts(section)["ca-mau"] == (before[0] + 1, before[1] + 1)
    visible.unpublish()
    _, section = map_of(client)
    assert svg_counts(section)["ca-mau"] == before


def test_movement_and_year_filters(client, movements):
    first, second = movements
    old = timezone.make_aware(datetime(2019, 5, 19, 9, 0))
    make_story("Gương sáng năm 2019", exemplar_name="Trần Văn Năm", published_at=old, localities=[loc("kon-tum")])
    make_story(
        "Gương sáng của phong trào", exemplar_name="Phạm Thị Một", movements=[first], localities=[loc("lai-chau")]
    )
    make_news("Tin phong trào khác", movements=[second], localities=[loc("lai-chau")])

    _, section = map_of(client, f"?movement={first.slug}")
    assert svg_counts(section) == expected_counts(movement=first) == table_counts(section)
    assert svg_counts(section)["lai-chau"][0] >= 1
    assert first.title in section.find("p", class_="vn-map__scope").get_text()

    _, section = map_of(client, "?year=2019")
    counts = svg_counts(section)
    assert counts == expected_counts(year=2019) == table_counts(section)
    assert counts["quang-ngai"] == (1, 1)  # Kon Tum is part of Quảng Ngãi since 01/07/2025
    assert sum(articles for _, articles in counts.values()) == sum(a for _, a in expected_counts(year=2019).values())

    _, section = map_of(client, f"?movement={first.slug}&year=2019")
    assert svg_counts(section) == expected_counts(movement=first, year=2019)
    # The filter form offers the movements and the years that have articles.
    soup, _ = map_of(client)
    assert soup.find("option", attrs={"value": first.slug})
    assert soup.find("option", attrs={"value": "2019"})


@pytest.mark.parametrize(
    "query, message",
    [
        ("?year=abc", "Năm “abc” không hợp lệ"),
        ("?year=3000", "Năm “3000” không hợp lệ"),
        ("?year=%EF%BC%92%EF%BC%90%EF%BC%92%EF%BC%90", "không hợp lệ"),  # full-width digits
        ("?year=-1", "không hợp lệ"),
        ("?movement=khong-co-phong-trao-nay", "Không tìm thấy phong trào “khong-co-phong-trao-nay”"),
        ("?movement=%3Cscript%3Ealert(1)%3C/script%3E", "Không tìm thấy phong trào “&lt;script&gt;"),
        ("?movement=x%00", "ký tự điều khiển không hợp lệ"),  # core.middleware, before the view
    ],
)
def test_a_bad_filter_value_is_a_400_that_says_why_in_vietnamese(client, query, message):
    response = client.get(MAP_URL + query)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert '<html lang="vi"' in html
    assert "<script>alert" not in html  # the value is shown escaped


def test_an_unpublished_movement_is_not_a_filter(client, movements):
    first, _ = movements
    first.unpublish()
    assert client.get(f"{MAP_URL}?movement={first.slug}").status_code == 400


def test_the_movement_hubs_map_counts_only_that_movements_articles(client, movements):
    first, second = movements
    make_story(
        "Gương sáng phong trào thứ nhất", exemplar_name="Đỗ Văn Hai", movements=[first], localities=[loc("ha-giang")]
    )
    make_story(
        "Gương sáng phong trào thứ hai", exemplar_name="Vũ Thị Ba", movements=[second], localities=[loc("ca-mau")]
    )

    response = client.get(first.url)
    assert response.status_code == 200
    _, section = parse(response.content.decode(), "ban-do-phong-trao")
    counts = svg_counts(section)
    assert counts == expected_counts(movement=first) == table_counts(section)
    assert counts["tuyen-quang"][0] >= 1  # Hà Giang is part of Tuyên Quang
    assert counts == svg_counts(map_of(client, f"?movement={first.slug}")[1])
    # Its links open the stories of that movement in that unit.
    link = section.find("a", attrs={"data-unit": "tuyen-quang"})["href"]
    assert "locality=tuyen-quang" in link and f"movement={first.slug}" in link


def test_a_hub_with_no_located_article_shows_no_map(client, sections):
    hub = MovementPage(title="Phong trào mới phát động chưa có bài")
    sections["movement"].add_child(instance=hub)
    hub.save_revision().publish()
    assert 'id="ban-do-phong-trao"' not in client.get(hub.url).content.decode()


def test_a_units_link_lists_its_stories_historic_names_included(client, sections):
    old = make_story("Người gác đèn ở Hội An", exemplar_name="Ông Bảy", localities=[loc("quang-nam")])
    new = make_story("Người thầy ở Đà Nẵng", exemplar_name="Thầy Tám", localities=[loc("da-nang")])
    elsewhere = make_story("Người nông dân ở Cà Mau", exemplar_name="Chú Chín", localities=[loc("ca-mau")])
    _, section = map_of(client)
    link = section.find("a", attrs={"data-unit": "da-nang"})["href"]
    assert link.startswith(sections["story"].url) and "locality=da-nang" in link
    assert section.find("tr", attrs={"data-unit": "da-nang"}).find("a")["href"] == link

    listing = client.get(link)
    assert listing.status_code == 200
    html = listing.content.decode()
    assert old.title in html and new.title in html and elsewhere.title not in html
    # The historic name itself finds the same stories.
    html = client.get(f"{sections['story'].url}?locality=quang-nam").content.decode()
    assert old.title in html and new.title in html and elsewhere.title not in html


def test_counts_are_cached_per_content_version(monkeypatch):
    calls = []
    real = maps._count
    monkeypatch.setattr(maps, "_count", lambda *args: calls.append(args) or real(*args))
    first = maps.unit_counts()
    assert maps.unit_counts() == first and len(calls) == 1
    make_story("Bài mới ở Huế", exemplar_name="Người Huế", localities=[loc("thua-thien-hue")])
    hue = Locality.objects.get(slug="hue").pk
    assert maps.unit_counts()[hue][1] == first.get(hue, (0, 0))[1] + 1
    assert len(calls) == 2


def test_the_map_page_is_linked_from_the_navigation_and_the_site_map(client):
    assert reverse("home:map") == MAP_URL
    home = client.get("/").content.decode()
    nav = BeautifulSoup(home, "html.parser").find("nav", id="site-nav")
    assert nav.find("a", href=MAP_URL)
    # Without JavaScript the menu button leads to the footer's list of sections: there too.
    assert BeautifulSoup(home, "html.parser").find("nav", id="chuyen-muc").find("a", href=MAP_URL)
    assert f'href="{MAP_URL}"' in client.get(reverse("home:sitemap")).content.decode()
    soup, _ = map_of(client)
    assert soup.find("nav", id="site-nav").find("a", href=MAP_URL)["aria-current"] == "page"


def test_the_map_page_is_served_from_the_page_cache_to_readers(client):
    first = client.get(MAP_URL)
    assert "public" in first["Cache-Control"]
    make_story("Bài mới làm đổi bản đồ", exemplar_name="Người Mới", localities=[loc("lang-son")])
    _, section = map_of(client)
    assert svg_counts(section) == expected_counts()
