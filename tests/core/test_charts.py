"""core.charts: server-side SVG charts of counts over time, readable without the picture."""

import re
import xml.etree.ElementTree as ET
from datetime import date, timedelta

import pytest

from core.charts import bar_chart, line_chart, nice_ticks

SVG = "{http://www.w3.org/2000/svg}"
START = date(2026, 11, 1)


def svg_of(html: str) -> ET.Element:
    return ET.fromstring(re.search(r"<svg .*?</svg>", html, re.S).group(0))


def ten_days():
    return {
        "Báo Đắk Lắk": [(START + timedelta(days=n), n * 3) for n in range(10)],
        "Cổng <Hà Nội>": [(START + timedelta(days=n), 1200) for n in range(0, 10, 2)],
    }


def test_a_line_chart_draws_one_line_per_series_with_a_point_per_day():
    svg = svg_of(line_chart(ten_days(), title="Lượt lấy tin", unit="lượt"))
    assert svg.get("role") == "img" and svg.get("viewBox") == "0 0 720 260"
    lines = svg.findall(f".//{SVG}polyline")
    assert len(lines) == 2
    assert len(lines[0].get("points").split()) == 10 and len(lines[1].get("points").split()) == 5
    assert lines[0].get("stroke") != lines[1].get("stroke")
    assert lines[0].get("stroke-dasharray") != lines[1].get("stroke-dasharray")  # not colour alone


def test_values_are_scaled_between_the_baseline_and_the_top():
    svg = svg_of(
        line_chart({"A": [(START, 0), (START + timedelta(days=1), 50), (START + timedelta(days=2), 100)]}, title="T")
    )
    points = [tuple(map(float, p.split(","))) for p in svg.find(f".//{SVG}polyline").get("points").split()]
    assert [x for x, _ in points] == [48, 372, 696]  # edge to edge of the plot
    assert [y for _, y in points] == [220, 116, 12]  # 0 on the baseline, 100 at the top tick


def test_it_is_accessible_title_description_tooltips_and_a_data_table():
    html = line_chart(ten_days(), title="Lượt lấy tin", unit="lượt")
    svg = svg_of(html)
    title, desc = svg.find(f"{SVG}title"), svg.find(f"{SVG}desc")
    assert title.text == "Lượt lấy tin"
    assert svg.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert "01/11/2026" in desc.text and "10/11/2026" in desc.text and "Báo Đắk Lắk (tổng 135)" in desc.text
    assert "Cổng <Hà Nội> (tổng 6.000)" in desc.text  # escaped in the HTML, read back as text
    tips = [t.text for t in svg.findall(f".//{SVG}circle/{SVG}title")]
    assert "Báo Đắk Lắk — 03/11/2026: 6 lượt" in tips and "Cổng <Hà Nội> — 01/11/2026: 1.200 lượt" in tips
    assert "<summary>Bảng số liệu</summary>" in html
    assert re.search(r"<th scope=\"row\">02/11/2026</th><td>3</td><td>–</td>", html)
    assert "Cổng &lt;Hà Nội&gt;" in html and "<Hà Nội>" not in html


def test_no_javascript_and_nothing_fetched():
    html = line_chart(ten_days(), title="T") + bar_chart(ten_days(), title="T")
    assert "<script" not in html
    assert not re.search(r"\son[a-z]+=", html)
    assert set(re.findall(r"https?://[^\"' ]+", html)) == {"http://www.w3.org/2000/svg"}


def test_axes_use_vietnamese_numbers_and_day_labels():
    svg = svg_of(line_chart(ten_days(), title="T"))
    y_labels = [t.text for t in svg.findall(f".//{SVG}g[@class='gs-chart__y']/{SVG}text")]
    assert y_labels == ["0", "500", "1.000", "1.500"]
    x_labels = [t.text for t in svg.findall(f".//{SVG}g[@class='gs-chart__x']/{SVG}text")]
    assert x_labels == [f"{d:02d}/11" for d in range(1, 11)]


def test_long_ranges_are_labelled_by_month():
    days = [date(2026, 10, 1) + timedelta(days=n) for n in range(90)]
    svg = svg_of(line_chart({"A": [(d, 1) for d in days]}, title="T"))
    x_labels = [t.text for t in svg.findall(f".//{SVG}g[@class='gs-chart__x']/{SVG}text")]
    assert x_labels == ["tháng 10/2026", "tháng 11", "tháng 12"]
    across_years = [date(2026, 12, 1) + timedelta(days=n) for n in range(62)]
    svg = svg_of(line_chart({"A": [(d, 1) for d in across_years]}, title="T"))
    assert [t.text for t in svg.findall(f".//{SVG}g[@class='gs-chart__x']/{SVG}text")] == [
        "tháng 12/2026",
        "tháng 1/2027",
    ]


def test_a_range_starting_mid_month_does_not_crowd_its_first_label():
    def labels(start):
        svg = svg_of(line_chart({"A": [(start + timedelta(days=n), 1) for n in range(90)]}, title="T"))
        return [t.text for t in svg.findall(f".//{SVG}g[@class='gs-chart__x']/{SVG}text")]

    assert labels(date(2026, 8, 26)) == ["tháng 9/2026", "tháng 10", "tháng 11"]
    assert labels(date(2026, 8, 10)) == ["10/08", "tháng 9/2026", "tháng 10", "tháng 11"]


def test_a_bar_chart_draws_a_bar_per_value():
    svg = svg_of(bar_chart(ten_days(), title="Cột", unit="lượt"))
    bars = svg.findall(f".//{SVG}rect")
    assert len(bars) == 15
    tallest = max(bars, key=lambda r: float(r.get("height")))
    assert tallest.find(f"{SVG}title").text.endswith(": 1.200 lượt")
    assert float(tallest.get("y")) + float(tallest.get("height")) == 220  # standing on the baseline


def test_no_data_says_so():
    html = line_chart({}, title="Lượt lấy tin")
    assert "Chưa có số liệu." in html and "<svg" not in html


def test_ticks_are_round_numbers():
    assert nice_ticks(0) == [0, 1]
    assert nice_ticks(3) == [0, 1, 2, 3]
    assert nice_ticks(7) == [0, 2, 4, 6, 8]
    assert nice_ticks(1234) == [0, 500, 1000, 1500]


def twelve_months():
    months = [date(2025 + (m > 12), (m - 1) % 12 + 1, 1) for m in range(12, 24)]  # 12/2025 … 11/2026
    return {"Phong trào A": [(m, n) for n, m in enumerate(months)], "Khác": [(months[-1], 2)]}


def test_monthly_charts_read_as_months_not_days():
    html = bar_chart(twelve_months(), title="Bài mỗi tháng", unit="bài", period="month")
    svg = svg_of(html)
    x_labels = [t.text for t in svg.findall(f".//{SVG}g[@class='gs-chart__x']/{SVG}text")]
    assert x_labels == ["12/2025"] + [f"{m:02d}/2026" for m in range(1, 12)]
    tips = [t.text for t in svg.findall(f".//{SVG}rect/{SVG}title")]
    assert "Phong trào A — tháng 11/2026: 11 bài" in tips and "Khác — tháng 11/2026: 2 bài" in tips
    assert "từ tháng 12/2025 đến tháng 11/2026" in svg.find(f"{SVG}desc").text
    assert '<th scope="col">Tháng</th>' in html
    assert re.search(r'<th scope="row">tháng 11/2026</th><td>11</td><td>2</td>', html)
    assert "01/11" not in html and "01/12/2025" not in html


def test_daily_is_the_default_and_unknown_periods_are_refused():
    def without_ids(html):
        return re.sub(r"gs-chart-\d+", "gs-chart-N", html)

    html = line_chart(ten_days(), title="T")
    assert without_ids(html) == without_ids(line_chart(ten_days(), title="T", period="day"))
    assert '<th scope="col">Ngày</th>' in html and "tháng 11/2026" not in html
    with pytest.raises(ValueError):
        line_chart(ten_days(), title="T", period="week")
