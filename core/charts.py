"""Small server-side SVG charts of counts over time: no JavaScript, no CDN, readable without
the picture. Each chart is a <figure> with an SVG (a <title> and a <desc> naming its series and
range; each point or bar has a <title> as its tooltip), a legend, and the same numbers in a
table under "Bảng số liệu" for screen readers and anyone who wants the exact figures.

    line_chart({"Báo A": [(date(2026, 11, 1), 12), ...], "Báo B": [...]}, title="Lượt lấy tin")

Series are {label: [(date, value), ...]}; days missing from one series count as no value there.
With `period="month"` each date stands for its month (the first day, say) and is labelled
"11/2026" on the axis and "tháng 11/2026" in tooltips and the table; the default is days.
Colours are fixed per series position (a palette that stays distinguishable for colour-blind
readers) and lines also differ by dash pattern."""

from dataclasses import dataclass
from datetime import date
from itertools import count

from django.template.loader import render_to_string
from django.utils.safestring import SafeString

PALETTE = ["#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#000000", "#a4161a"]
DASHES = ["", "6 3", "2 3", "8 3 2 3"]
MAX_X_LABELS = 10
_ids = count(1)


@dataclass
class _Geometry:
    width: int
    height: int
    left: int = 48
    right: int = 24
    top: int = 12
    bottom: int = 40

    @property
    def plot_width(self):
        return self.width - self.left - self.right

    @property
    def plot_height(self):
        return self.height - self.top - self.bottom

    @property
    def baseline(self):
        return self.top + self.plot_height


def _c(value: float) -> str:
    """An SVG coordinate: a dot as decimal separator whatever the active locale's format."""
    return f"{round(value, 1):g}"


def vi_number(value) -> str:
    """1900 → "1.900", 2.5 → "2,5" (Vietnamese separators)."""
    if isinstance(value, float) and not value.is_integer():
        whole, _, frac = f"{value:,.1f}".partition(".")
        return f"{whole.replace(',', '.')},{frac}"
    return f"{int(value):,}".replace(",", ".")


def day_label(day: date) -> str:
    return day.strftime("%d/%m")


def month_label(day: date, with_year: bool) -> str:
    return f"tháng {day.month}/{day.year}" if with_year else f"tháng {day.month}"


def _when(day: date, period: str) -> str:
    """A point's date in full, for tooltips, the table and the description."""
    return f"tháng {day.month}/{day.year}" if period == "month" else day.strftime("%d/%m/%Y")


def nice_ticks(maximum: float, wanted: int = 4) -> list[float]:
    """0 and round steps (1, 2 or 5 × 10ⁿ) up to at least `maximum`."""
    if maximum <= 0:
        return [0, 1]
    raw = maximum / wanted
    magnitude = 10 ** (len(str(int(raw))) - 1) if raw >= 1 else 1
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    ticks = [0]
    while ticks[-1] < maximum:
        ticks.append(ticks[-1] + step)
    return ticks


def _x_labels(days: list[date], x_of, period: str = "day") -> list[dict]:
    """Day labels (dd/mm) for short ranges; the first day of each month for long ones. In
    month mode, mm/yyyy per point (12 fit at the default width)."""
    if period == "month":
        every = max(1, -(-len(days) // 12))
        return [{"x": x_of(d), "text": f"{d.month:02d}/{d.year}"} for d in days[::every]]
    if len(days) <= 45:
        every = max(1, -(-len(days) // MAX_X_LABELS))
        return [{"x": x_of(d), "text": day_label(d)} for d in days[::every]]
    firsts = [d for d in days if d.day == 1]
    if not firsts or (firsts[0] - days[0]).days >= 10:  # room for the first day's own label
        firsts.insert(0, days[0])
    every = max(1, -(-len(firsts) // MAX_X_LABELS))
    labels, year = [], None
    for d in firsts[::every]:
        if d.day == 1:
            labels.append({"x": x_of(d), "text": month_label(d, with_year=d.year != year)})
            year = d.year
        else:
            labels.append({"x": x_of(d), "text": day_label(d)})
    return labels


def _chart(series, kind, title, description, unit, width, height, period="day") -> SafeString:
    if period not in ("day", "month"):
        raise ValueError(f"period must be 'day' or 'month', not {period!r}")
    geo = _Geometry(width, height)
    days = sorted({day for points in series.values() for day, _ in points})
    values = {label: dict(points) for label, points in series.items()}
    highest = max((v for points in values.values() for v in points.values()), default=0)
    ticks = nice_ticks(highest)
    top_value = ticks[-1]

    def y_of(value):
        return _c(geo.baseline - value / top_value * geo.plot_height)

    position = {day: i for i, day in enumerate(days)}
    slot = geo.plot_width / max(len(days), 1)

    def x_of(day):
        """Lines run edge to edge; bars sit in the middle of their day's slot."""
        if kind == "line" and len(days) > 1:
            return geo.left + position[day] / (len(days) - 1) * geo.plot_width
        return geo.left + (position[day] + 0.5) * slot

    bar_width = max(slot * 0.8 / max(len(series), 1), 0.5)
    drawn = []
    for n, (label, points) in enumerate(values.items()):
        colour, dash = PALETTE[n % len(PALETTE)], DASHES[n % len(DASHES)]
        marks = []
        for day in days:
            if day not in points:
                continue
            value = points[day]
            x = x_of(day) - slot * 0.4 + n * bar_width if kind == "bar" else x_of(day)
            top = geo.baseline - value / top_value * geo.plot_height
            marks.append(
                {
                    "x": _c(x),
                    "y": _c(top),
                    "height": _c(geo.baseline - top),
                    "tip": f"{label} — {_when(day, period)}: {vi_number(value)} {unit}".strip(),
                }
            )
        drawn.append(
            {
                "label": label,
                "colour": colour,
                "dash": dash,
                "marks": marks,
                "points": " ".join(f"{m['x']},{m['y']}" for m in marks),
                "total": vi_number(sum(points.values())),
            }
        )

    chart_id = f"gs-chart-{next(_ids)}"
    if not description and days:
        description = (
            f"{'Biểu đồ đường' if kind == 'line' else 'Biểu đồ cột'} từ {_when(days[0], period)} "
            f"đến {_when(days[-1], period)}: " + "; ".join(f"{s['label']} (tổng {s['total']})" for s in drawn) + "."
        )
    context = {
        "id": chart_id,
        "kind": kind,
        "title": title,
        "description": description,
        "unit": unit,
        "width": _c(width),
        "height": _c(height),
        "series": drawn,
        "bar_width": _c(bar_width),
        "left": _c(geo.left),
        "right_edge": _c(geo.left + geo.plot_width),
        "baseline": _c(geo.baseline),
        "label_x": _c(geo.left - 6),
        "label_y": _c(geo.baseline + 16),
        "y_ticks": [{"y": y_of(t), "text": vi_number(t)} for t in ticks],
        "x_labels": _x_labels(days, lambda day: _c(x_of(day)), period) if days else [],
        "period_heading": "Tháng" if period == "month" else "Ngày",
        "rows": [
            {
                "day": _when(day, period),
                "cells": [vi_number(values[s["label"]][day]) if day in values[s["label"]] else "–" for s in drawn],
            }
            for day in days
        ],
        "empty": not days,
    }
    return render_to_string("components/chart.html", context)


def line_chart(
    series: dict[str, list[tuple[date, float]]],
    *,
    title: str,
    description: str = "",
    unit: str = "",
    width: int = 720,
    height: int = 260,
    period: str = "day",
) -> SafeString:
    return _chart(series, "line", title, description, unit, width, height, period)


def bar_chart(
    series: dict[str, list[tuple[date, float]]],
    *,
    title: str,
    description: str = "",
    unit: str = "",
    width: int = 720,
    height: int = 260,
    period: str = "day",
) -> SafeString:
    return _chart(series, "bar", title, description, unit, width, height, period)
