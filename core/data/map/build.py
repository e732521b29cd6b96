"""Builds vietnam-34.json (the 34 provincial units and the two archipelagos) from the
63-province SVG of the npm package @svg-maps/vietnam 2.0.0 (CC BY 4.0, see README.md).

Not imported by the site: run it by hand when the source or the grouping changes.
It needs shapely (`pip install shapely`), which the site itself does not:

    python core/data/map/build.py path/to/package/vietnam.svg

Each unit is the union of its predecessors' shapes (the successor of each historic locality
in core/data/localities.json), simplified (Douglas-Peucker, tolerance TOLERANCE in the
source's 812 x 873 units) and written with integer coordinates in relative SVG path syntax.
"""

import json
import re
import sys
from pathlib import Path

from shapely.geometry import MultiPolygon, Polygon
from shapely.ops import unary_union

HERE = Path(__file__).resolve().parent
TOLERANCE = 0.7
SCALE = 1  # coordinates are rounded to 1 / SCALE of a source unit

# id in @svg-maps/vietnam -> slug of the historic locality in core/data/localities.json
SOURCE_TO_HISTORIC = {
    "angiang": "an-giang-truoc-2025",
    "baria": "ba-ria-vung-tau",
    "baclieu": "bac-lieu",
    "bacgiang": "bac-giang",
    "backan": "bac-kan",
    "bacninh": "bac-ninh-truoc-2025",
    "bentre": "ben-tre",
    "binhduong": "binh-duong",
    "binhdinh": "binh-dinh",
    "binhphuoc": "binh-phuoc",
    "binhthuan": "binh-thuan",
    "camau": "ca-mau-truoc-2025",
    "caobang": "cao-bang-truoc-2025",
    "cantho": "can-tho-truoc-2025",
    "danang": "da-nang-truoc-2025",
    "daklak": "dak-lak-truoc-2025",
    "daknong": "dak-nong",
    "dongnai": "dong-nai-truoc-2025",
    "dongthap": "dong-thap-truoc-2025",
    "dienbien": "dien-bien-truoc-2025",
    "gialai": "gia-lai-truoc-2025",
    "hagiang": "ha-giang",
    "hanam": "ha-nam",
    "hanoi": "ha-noi-truoc-2025",
    "hatinh": "ha-tinh-truoc-2025",
    "haiduong": "hai-duong",
    "haiphong": "hai-phong-truoc-2025",
    "haugiang": "hau-giang",
    "hoabinh": "hoa-binh",
    "hcm": "ho-chi-minh-truoc-2025",
    "hungyen": "hung-yen-truoc-2025",
    "khanhhoa": "khanh-hoa-truoc-2025",
    "kiengiang": "kien-giang",
    "kontum": "kon-tum",
    "lamdong": "lam-dong-truoc-2025",
    "langson": "lang-son-truoc-2025",
    "laichau": "lai-chau-truoc-2025",
    "laocai": "lao-cai-truoc-2025",
    "longan": "long-an",
    "namdinh": "nam-dinh",
    "ninhbinh": "ninh-binh-truoc-2025",
    "ninhthuan": "ninh-thuan",
    "nghean": "nghe-an-truoc-2025",
    "phutho": "phu-tho-truoc-2025",
    "phuyen": "phu-yen",
    "quangbinh": "quang-binh",
    "quangnam": "quang-nam",
    "quangngai": "quang-ngai-truoc-2025",
    "quangninh": "quang-ninh-truoc-2025",
    "quangtri": "quang-tri-truoc-2025",
    "sonla": "son-la-truoc-2025",
    "soctrang": "soc-trang",
    "tayninh": "tay-ninh-truoc-2025",
    "thanhhoa": "thanh-hoa-truoc-2025",
    "thaibinh": "thai-binh",
    "thainguyen": "thai-nguyen-truoc-2025",
    "tthue": "thua-thien-hue",
    "tiengiang": "tien-giang",
    "travinh": "tra-vinh",
    "tuyenquang": "tuyen-quang-truoc-2025",
    "vinhlong": "vinh-long-truoc-2025",
    "vinhphuc": "vinh-phuc",
    "yenbai": "yen-bai",
}
# The archipelagos: drawn as dots (one per island group) inside the unit they belong to.
ARCHIPELAGOS = {"hoangsa": "da-nang", "truongsa": "khanh-hoa"}

_TOKEN = re.compile(r"[MmLlCcZzHhVv]|-?(?:\d+\.?\d*|\.\d+)(?:e-?\d+)?")


def rings(d: str) -> list[list[tuple[float, float]]]:
    """The closed rings of an SVG path (M, L, H, V, C and Z, absolute or relative; a curve is
    replaced by its end point, which the simplification would have flattened anyway)."""
    tokens = _TOKEN.findall(d)
    out, ring = [], []
    x = y = 0.0
    start = (0.0, 0.0)
    cmd = None
    i = 0
    while i < len(tokens):
        t = tokens[i]
        if t.isalpha():
            cmd = t
            i += 1
            if cmd in "Zz":
                if ring:
                    out.append(ring)
                ring = []
                x, y = start
                continue
            continue
        if cmd in "Mm":
            dx, dy = float(tokens[i]), float(tokens[i + 1])
            i += 2
            if ring:
                out.append(ring)
            x, y = (x + dx, y + dy) if cmd == "m" else (dx, dy)
            start = (x, y)
            ring = [(x, y)]
            cmd = "l" if cmd == "m" else "L"  # following pairs are line-tos
        elif cmd in "Ll":
            dx, dy = float(tokens[i]), float(tokens[i + 1])
            i += 2
            x, y = (x + dx, y + dy) if cmd == "l" else (dx, dy)
            ring.append((x, y))
        elif cmd in "Hh":
            v = float(tokens[i])
            i += 1
            x = x + v if cmd == "h" else v
            ring.append((x, y))
        elif cmd in "Vv":
            v = float(tokens[i])
            i += 1
            y = y + v if cmd == "v" else v
            ring.append((x, y))
        elif cmd in "Cc":
            dx, dy = float(tokens[i + 4]), float(tokens[i + 5])
            i += 6
            x, y = (x + dx, y + dy) if cmd == "c" else (dx, dy)
            ring.append((x, y))
        else:
            raise ValueError(f"unexpected {t!r} after {cmd!r}")
    if ring:
        out.append(ring)
    return [r for r in out if len(r) >= 3]


def shape(d: str):
    polys = [Polygon(r).buffer(0) for r in rings(d)]
    return unary_union([p for p in polys if not p.is_empty])


def path_data(geom) -> str:
    """Integer coordinates, relative moves and line-tos: the shortest plain SVG."""
    parts = []
    last = (0, 0)
    polys = list(geom.geoms) if isinstance(geom, MultiPolygon) else [geom]
    for poly in polys:
        for ring in [poly.exterior, *poly.interiors]:
            pts = [(round(px * SCALE), round(py * SCALE)) for px, py in ring.coords[:-1]]
            dedup = [p for k, p in enumerate(pts) if k == 0 or p != pts[k - 1]]
            if len(dedup) < 3:
                continue
            first = dedup[0]
            seg = [f"m{first[0] - last[0]} {first[1] - last[1]}"]
            prev = first
            steps = []
            for p in dedup[1:]:
                steps.append(f"{p[0] - prev[0]} {p[1] - prev[1]}")
                prev = p
            seg.append("l" + " ".join(steps) + "z")
            parts.append("".join(seg))
            last = first
    return "".join(parts).replace(" -", "-")


def main(source: str) -> None:
    svg = Path(source).read_text()
    view_box = re.search(r'viewBox="([^"]+)"', svg).group(1)
    view_width, view_height = (float(n) for n in view_box.split()[2:])
    paths = dict(re.findall(r'<path\s+id="([^"]+)"[^>]*?\sd="([^"]+)"', svg, re.S))
    localities = json.loads((HERE.parent / "localities.json").read_text())
    successor = {loc["slug"]: loc["successor"] for loc in localities if not loc["current"]}
    current = [loc["slug"] for loc in localities if loc["current"]]

    members: dict[str, list] = {slug: [] for slug in current}
    for source_id, historic in SOURCE_TO_HISTORIC.items():
        members[successor[historic]].append(shape(paths[source_id]))
    assert set(SOURCE_TO_HISTORIC) | set(ARCHIPELAGOS) == set(paths), set(paths) ^ set(SOURCE_TO_HISTORIC)

    units = {}
    for slug, shapes in members.items():
        assert shapes, slug
        merged = unary_union([s.buffer(0.05) for s in shapes]).buffer(-0.05)
        simple = merged.simplify(TOLERANCE, preserve_topology=True)
        # drop specks (islets smaller than a pixel): they add bytes and no information
        if isinstance(simple, MultiPolygon):
            keep = [p for p in simple.geoms if p.area >= 2.0] or [max(simple.geoms, key=lambda p: p.area)]
            simple = MultiPolygon(keep) if len(keep) > 1 else keep[0]
        point = merged.representative_point()
        units[slug] = {"d": path_data(simple), "label": [round(point.x), round(point.y)]}

    archipelagos = {}
    for source_id, unit in ARCHIPELAGOS.items():
        geom = shape(paths[source_id])
        islands = list(geom.geoms) if isinstance(geom, MultiPolygon) else [geom]
        # one dot per 6-unit cell that holds an island: the archipelago's extent, not each reef
        cells = sorted({(round(p.centroid.x / 6) * 6, round(p.centroid.y / 6) * 6) for p in islands})
        minx, miny, maxx, maxy = geom.bounds
        x, y = round(minx) - 6, round(miny) - 6
        width = int(min(round(maxx - minx) + 12, view_width - x - 1))  # the dashed frame stays in view
        height = int(min(round(maxy - miny) + 12, view_height - y - 1))
        archipelagos[source_id] = {"unit": unit, "dots": [list(c) for c in cells], "box": [x, y, width, height]}

    out = {
        "source": "@svg-maps/vietnam 2.0.0 (CC BY 4.0), grouped into the 34 units of 01/07/2025",
        "viewBox": view_box,
        "units": units,
        "archipelagos": archipelagos,
    }
    target = HERE / "vietnam-34.json"
    target.write_text(json.dumps(out, ensure_ascii=False, separators=(",", ":")) + "\n")
    size = sum(len(u["d"]) for u in units.values())
    print(f"{target}: {len(units)} units, {size:,} bytes of path data")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else str(HERE / "source" / "vietnam.svg"))
