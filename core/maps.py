"""Bản đồ gương sáng: how many exemplars and articles readers can find for each of Vietnam's
34 provincial units, and the shapes to draw them with.

Counts come only from what readers may see (each registered kind's visible_to_readers()); an
article tagged with a unit from before 01/07/2025 counts for the unit it became part of. An
article counts once per unit, whatever the number of its localities there; an exemplar is a
distinct name (folded: "Nguyễn Văn Đức" and "nguyen van duc" are one) among the
ArticlePage.named_exemplars() of those articles. The answer is cached under the content and
assets versions (core.cache), so a publish or a locality edit is seen by the next reader.

The shapes (core/data/map/vietnam-34.json, docs/map.md) are the 63 former provinces of the npm
package @svg-maps/vietnam grouped by successor; the Hoàng Sa and Trường Sa archipelagos are
drawn with Đà Nẵng and Khánh Hòa.
"""

import functools
import json
import math
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

from core.cache import all_versions, get_versioned, set_versioned
from core.http import parse_int
from core.kinds import all_kinds, get_kind
from core.models import Locality
from core.text import fold

GEOMETRY = Path(__file__).resolve().parent / "data" / "map" / "vietnam-34.json"
CACHE_SECONDS = 24 * 3600
LEVELS = 5  # colour classes: 0 (none) and four steps
# One hue, lightness falling with the count, so the steps read in grey too; step 0 is also
# hatched (the template), and every count is printed in the table and the links' names.
PALETTE = ["#f4f1ea", "#fde3bd", "#f9b16e", "#e5732f", "#a8430f"]
ARCHIPELAGO_LABELS = {
    "hoangsa": ("Quần đảo Hoàng Sa", "Đà Nẵng"),
    "truongsa": ("Quần đảo Trường Sa", "Khánh Hòa"),
}


class MapFilterError(ValueError):
    """A filter value the map cannot use; the message is for readers (Vietnamese)."""


@functools.cache
def geometry() -> dict:
    return json.loads(GEOMETRY.read_text())


def unit_of() -> dict[int, int]:
    """Locality id -> the id of the current unit it is (or became part of)."""
    return {
        pk: successor_id or pk
        for pk, successor_id, is_current in Locality.objects.values_list("pk", "successor_id", "is_current")
        if is_current or successor_id
    }


def _count(movement=None, year=None) -> dict[int, tuple[int, int]]:
    units = unit_of()
    articles: dict[int, set] = {}
    exemplars: dict[int, set] = {}
    for kind in all_kinds():
        visible = kind.model.objects.visible_to_readers()
        if movement is not None:
            visible = visible.filter(movements=movement)
        if year is not None:
            visible = visible.filter(published_at__year=year)
        units_of_page: dict[int, set] = {}
        for pk, locality_id in visible.values_list("pk", "localities"):
            unit = units.get(locality_id)
            if unit is not None:
                units_of_page.setdefault(pk, set()).add(unit)
                articles.setdefault(unit, set()).add((kind.key, pk))
        for pk, name in kind.model.named_exemplars(visible):
            for unit in units_of_page.get(pk, ()):
                exemplars.setdefault(unit, set()).add(fold(name))
    return {unit: (len(exemplars.get(unit, ())), len(pages)) for unit, pages in articles.items()}


def unit_counts(movement=None, year=None) -> dict[int, tuple[int, int]]:
    """{unit id: (exemplars, articles)} for the units that have any, cached per content version."""
    key = f"core:map-counts:{all_versions()}:{getattr(movement, 'pk', '-')}:{year or '-'}"
    counts = get_versioned(key)
    if counts is None:
        counts = _count(movement, year)
        set_versioned(key, counts, CACHE_SECONDS)
    return counts


def parse_filters(params, movement_model) -> tuple[object, int | None]:
    """(movement page, year) from GET parameters; MapFilterError for a value that names
    nothing (an unknown movement, a malformed or impossible year)."""
    movement = None
    slug = params.get("movement", "").strip()
    if slug:
        movement = movement_model.objects.live().public().filter(slug=slug).first()
        if movement is None:
            raise MapFilterError(f"Không tìm thấy phong trào “{slug[:80]}”. Hãy chọn một phong trào trong danh sách.")
    year = None
    raw = params.get("year", "").strip()
    if raw:
        year = parse_int(raw, 1900, 2100)
        if year is None:
            raise MapFilterError(f"Năm “{raw[:20]}” không hợp lệ: hãy nhập một năm từ 1900 đến 2100, ví dụ 2025.")
    return movement, year


def filter_options(movement_model) -> tuple[list, list[int]]:
    """Movements readers can open, and the years in which something visible was published."""
    key = f"core:map-options:{all_versions()}"
    options = get_versioned(key)
    if options is None:
        movements = list(movement_model.objects.live().public().only("title", "slug").order_by("title"))
        years = set()
        for kind in all_kinds():
            years.update(d.year for d in kind.model.objects.visible_to_readers().dates("published_at", "year"))
        options = (movements, sorted(years, reverse=True))
        set_versioned(key, options, CACHE_SECONDS)
    return options


def stories_section_url() -> str | None:
    """Where a unit's link leads: the stories section (the exemplars' own listing, whose
    filters fold historic localities into their successor), else the first section."""
    kinds = [get_kind("story"), *all_kinds()]
    for kind in filter(None, kinds):
        section = kind.index_model.objects.live().public().first()
        if section is not None:
            return section.url
    return None


def breaks(values: list[int]) -> list[int]:
    """Upper bounds of colour steps 1..4 for counts in `values` (step 0 is none)."""
    top = max(values, default=0)
    if top <= 0:
        return []
    bounds = sorted({max(1, math.ceil(top * k / (LEVELS - 1))) for k in range(1, LEVELS)})
    return bounds


def level(value: int, bounds: list[int]) -> int:
    """The colour step of `value`: 0 for none; with fewer steps than colours (small counts),
    the darkest colours are used, so the unit with the most is always the darkest."""
    if value <= 0:
        return 0
    offset = LEVELS - 1 - len(bounds)
    return offset + next(i for i, bound in enumerate(bounds, start=1) if value <= bound)


def vi_number(value: int) -> str:
    return f"{value:,}".replace(",", ".")


@dataclass
class UnitRow:
    locality: Locality
    exemplars: int
    articles: int
    level: int
    url: str
    path: str  # SVG path data; "" for a unit the geometry lacks
    label_xy: tuple[int, int] | None
    islands: list = None  # dots of an archipelago drawn inside this unit's link

    @property
    def fill(self) -> str:
        return PALETTE[self.level]

    @property
    def accessible_name(self) -> str:
        if not self.articles:
            return f"{self.locality.name}: chưa có bài viết"
        return f"{self.locality.name}: {vi_number(self.exemplars)} gương sáng, {vi_number(self.articles)} bài viết"


def map_context(movement=None, year=None, heading="Bản đồ gương sáng", map_id="ban-do") -> dict:
    """What components/vietnam_map.html draws: one row per current unit in Vietnamese order,
    its counts, colour step, link and shape, the legend and the archipelagos."""
    counts = unit_counts(movement, year)
    shapes = geometry()
    section = stories_section_url()
    bounds = breaks([exemplars for exemplars, _ in counts.values()])
    rows = []
    for locality in Locality.current_sorted():
        exemplars, articles = counts.get(locality.pk, (0, 0))
        params = {"locality": locality.slug, "movement": getattr(movement, "slug", None), "year": year}
        url = f"{section}?{urlencode({k: v for k, v in params.items() if v})}" if section else ""
        shape = shapes["units"].get(locality.slug)
        rows.append(
            UnitRow(
                locality=locality,
                exemplars=exemplars,
                articles=articles,
                level=level(exemplars, bounds),
                url=url,
                path=shape["d"] if shape else "",
                label_xy=tuple(shape["label"]) if shape else None,
            )
        )
    legend = [{"level": 0, "fill": PALETTE[0], "text": "Chưa có gương sáng"}]
    low = 1
    for bound in bounds:
        step = level(bound, bounds)
        text = vi_number(low) if low == bound else f"{vi_number(low)}–{vi_number(bound)}"
        legend.append({"level": step, "fill": PALETTE[step], "text": text})
        low = bound + 1
    by_slug = {row.locality.slug: row for row in rows}
    archipelagos = []
    for key, data in shapes["archipelagos"].items():
        name, unit_name = ARCHIPELAGO_LABELS[key]
        # integers: a float would print as "436,0" under the Vietnamese locale, which SVG rejects
        x, y, width, height = (int(n) for n in data["box"])
        if data["unit"] in by_slug:
            by_slug[data["unit"]].islands = (by_slug[data["unit"]].islands or []) + data["dots"]
        archipelagos.append(
            {
                "key": key,
                "name": name,
                "unit_name": unit_name,
                "unit": by_slug.get(data["unit"]),
                "dots": data["dots"],
                "box": {"x": x, "y": y, "width": width, "height": height},
                "label_x": x + width // 2,  # two lines centred above the frame
                "label_y": y - 30,
            }
        )
    scope = []
    if movement is not None:
        scope.append(f"phong trào “{movement.title}”")
    if year:
        scope.append(f"năm {year}")
    drawn = [row for row in rows if row.path]
    with_articles = sum(1 for row in rows if row.articles)
    description = (
        f"Bản đồ {len(drawn)} tỉnh, thành phố của Việt Nam (từ 01/07/2025), kể cả quần đảo Hoàng Sa "
        f"(thành phố Đà Nẵng) và quần đảo Trường Sa (tỉnh Khánh Hòa). Màu càng đậm, càng nhiều gương sáng. "
        f"{with_articles} tỉnh, thành phố có bài viết{(' về ' + ', '.join(scope)) if scope else ''}. "
        f"Số liệu từng địa phương có trong bảng bên cạnh."
    )
    return {
        "map_id": map_id,
        "heading": heading,
        "scope": ", ".join(scope),
        "view_box": shapes["viewBox"],
        "rows": rows,
        "drawn": drawn,
        "legend": legend,
        "archipelagos": archipelagos,
        "description": description,
        "has_any": bool(with_articles),
    }
