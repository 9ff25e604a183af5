"""The maps: projection and simplification (generator/geo.py), colour classes, the seeds' map of
河南 and the provincial corpus's national map (generator/render/maps.py), in a browser."""

from __future__ import annotations

import math
import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from generator import geo, regions
from generator.render.maps import classes
from tests.conftest import SEEDS, SHARED, appended, built_with_cache, copy_project, corpus_project, run, seed_path

SVG = "{http://www.w3.org/2000/svg}"


# ---------- projection ----------

def test_the_projection_puts_the_origin_at_zero_and_the_central_meridian_upright():
    p = geo.Albers(105, 35, 25, 47)
    assert p.xy(105, 35) == pytest.approx((0, 0), abs=1e-12)
    for lat in (20, 30, 40, 50):
        assert p.xy(105, lat)[0] == pytest.approx(0, abs=1e-12)
    # North is up (SVG's y grows downwards); east and west of the meridian mirror each other.
    assert p.xy(105, 45)[1] < p.xy(105, 25)[1]
    east, west = p.xy(115, 30), p.xy(95, 30)
    assert east[0] == pytest.approx(-west[0]) and east[1] == pytest.approx(west[1])


def test_the_projection_keeps_areas():
    """Albers is equal-area: a 2°×2° cell's projected area is its area on the unit sphere,
    (sin φ2 − sin φ1)·Δλ, wherever it lies."""
    p = geo.Albers(105, 35, 25, 47)

    def projected_area(w, s, e, n, k=200):
        ring = ([(w + (e - w) * i / k, s) for i in range(k)] + [(e, s + (n - s) * i / k) for i in range(k)]
                + [(e - (e - w) * i / k, n) for i in range(k)] + [(w, n - (n - s) * i / k) for i in range(k)])
        xy = [p.xy(lon, lat) for lon, lat in ring]
        return abs(sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(xy, xy[1:] + xy[:1]))) / 2

    for w, s in ((80, 40), (110, 20), (125, 48)):
        sphere = (math.sin(math.radians(s + 2)) - math.sin(math.radians(s))) * math.radians(2)
        assert projected_area(w, s, w + 2, s + 2) == pytest.approx(sphere, rel=1e-4)


def test_a_square_on_the_ground_stays_a_square_on_a_standard_parallel():
    # A 0.1°-high square at 25°N is 0.1/cos(25°) degrees wide; on a standard parallel Albers
    # keeps its shape.
    p = geo.Albers(105, 35, 25, 47)
    side = 0.1
    corners = [p.xy(110 + dx * side / math.cos(math.radians(25)), 25 - side / 2 + dy * side) for dx, dy in
               ((0, 0), (1, 0), (1, 1), (0, 1))]
    (x0, y0), (x1, y1), (x2, y2), (x3, y3) = corners
    bottom, right = math.dist((x0, y0), (x1, y1)), math.dist((x1, y1), (x2, y2))
    top, left = math.dist((x2, y2), (x3, y3)), math.dist((x3, y3), (x0, y0))
    assert right == pytest.approx(bottom, rel=1e-3) and top == pytest.approx(left, rel=1e-3)
    assert math.dist((x0, y0), (x2, y2)) == pytest.approx(bottom * math.sqrt(2), rel=1e-3)


def test_a_fitted_projection_centres_on_the_region():
    p = geo.fitted((110.0, 31.0, 116.0, 37.0))
    assert (p.lon0, p.lat0, p.lat1, p.lat2) == (113.0, 34.0, 32.0, 36.0)


# ---------- simplification ----------

def test_a_square_with_points_along_its_edges_simplifies_to_its_corners():
    edge = [i / 10 for i in range(10)]
    ring = ([(x, 0.0) for x in edge] + [(1.0, y) for y in edge] + [(1 - x, 1.0) for x in edge]
            + [(0.0, 1 - y) for y in edge] + [(0.0, 0.0)])
    assert geo.simplify(ring, 0.01) == [(0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 1.0), (0.0, 0.0)]


def _distance(p, a, b):
    (px, py), (ax, ay), (bx, by) = p, a, b
    dx, dy = bx - ax, by - ay
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
    return math.hypot(px - ax - t * dx, py - ay - t * dy)


def test_simplification_keeps_the_ends_reduces_the_points_and_stays_within_the_tolerance():
    line = [(x / 10, math.sin(x / 7) + 0.05 * math.sin(x * 1.7)) for x in range(400)]
    out = geo.simplify(line, 0.1)
    assert out[0] == line[0] and out[-1] == line[-1]
    assert 5 < len(out) < len(line) / 4
    assert all(p in line for p in out)
    # Every point dropped lies within the tolerance of the segment that replaced it.
    kept = [line.index(p) for p in out]
    for a, b in zip(kept, kept[1:]):
        assert all(_distance(line[i], line[a], line[b]) <= 0.1 for i in range(a + 1, b))
    assert geo.simplify(line, 0.0) == line  # no point of a curve lies on a chord


def _by_recursion(points, tolerance, monkeypatch) -> list[bool]:
    with monkeypatch.context() as m:
        m.setattr(geo, "LEVELS_FROM", len(points) + 1)
        return geo._kept(points, tolerance)


@pytest.mark.parametrize("points, tolerance", [
    # Two points equally far from the chord: the first of them is the one split at.
    ([(0.0, 0.0), (1.0, 1.0), (2.0, 0.9), (3.0, 1.0), (4.0, 0.0)], 0.95),
    # A closed ring: its first segment has no length, distances are to the point itself.
    ([(0.0, 0.0), (2.0, 0.0), (2.0, 2.0), (1.0, 2.1), (0.0, 2.0), (0.0, 0.0)], 0.05),
    ([(x / 10, math.sin(x / 7) + 0.05 * math.sin(x * 1.7)) for x in range(400)], 0.01),
])
def test_simplifying_a_level_at_a_time_keeps_the_points_the_recursion_keeps(points, tolerance, monkeypatch):
    assert geo._kept_by_levels(points, tolerance) == _by_recursion(points, tolerance, monkeypatch)


@pytest.mark.parametrize("code", ["410622", "460000"])  # 淇县; 海南, the province of islands
def test_real_outlines_keep_the_same_points_simplified_either_way(code, monkeypatch):
    rings = [ring for polygon in geo.polygons(code) for ring in polygon]
    assert sum(len(r) >= geo.LEVELS_FROM for r in rings) >= 1
    for tolerance in (0.001, 0.01, 0.05):
        for ring in rings:
            assert geo._kept_by_levels(ring, tolerance) == _by_recursion(ring, tolerance, monkeypatch)


def test_path_data_steps_back_to_the_points():
    ring = [(10, 20), (13, 18), (9, 25), (10, 20)]
    d = geo.path_data([ring])
    assert d == "M10 20l3-2-4 7 1-5z"
    x, y, points = 10, 20, [(10, 20)]
    steps = [int(v) for v in re.findall(r"-?\d+", d.split("l")[1])]
    for dx, dy in zip(steps[::2], steps[1::2]):
        x, y = x + dx, y + dy
        points.append((x, y))
    assert points == ring


# ---------- colour classes ----------

@pytest.mark.parametrize("values, labels, members", [
    # Five distinct values or fewer: one class per value, spread over the scale's five steps.
    ([6.0, 7.0], ["6%", "7%"], [{6.0}, {7.0}]),
    ([5.0, 5.0], ["5%"], [{5.0}]),
    # More: five bins of equal width from 4.5 to 7 (width 0.5), each labelled by its values.
    ([4.5, 5, 5, 5.25, 5.5, 6, 7], ["4.5%", "5–5.25%", "5.5%", "6%", "7%"], [{4.5}, {5, 5.25}, {5.5}, {6}, {7}]),
    # From 0 to 10 (width 2): no value between 4 and 8, those bins are labelled by their bounds.
    ([0, 1, 2, 3, 9, 10], ["0–1%", "2–3%", "4–6%", "6–8%", "9–10%"], [{0, 1}, {2, 3}, set(), set(), {9, 10}]),
])
def test_classes(values, labels, members):
    got = classes(values, "%")
    assert [k.label for k in got] == labels
    assert [set(k.members) for k in got] == members


def test_few_values_spread_over_the_scale():
    assert [k.colour for k in classes([6.0, 7.0], "%")] == [0, 4]
    assert [k.colour for k in classes([1.0, 2.0, 3.0], "%")] == [0, 2, 4]
    assert [k.colour for k in classes([5.0], "%")] == [4]


# ---------- the seeds: a map of 河南 ----------

def _svg(page: str, area: str) -> ET.Element:
    m = re.search(rf'<figure class="gwr-map-figure">(<svg class="gwr-map".*?</svg>)<figcaption id="m{area}-cap">', page)
    assert m, area
    return ET.fromstring(m.group(1))


def _regions(svg: ET.Element, area: str) -> dict[str, dict]:
    """Each region drawn on the main map: its fill class, its link and title (regions with a
    page), or none (a grey shape)."""
    out = {}
    for holder in list(svg):
        path = holder if holder.tag == f"{SVG}path" else holder.find(f"{SVG}path")
        if path is None or not path.get("id", "").startswith(f"m{area}-"):
            continue
        title = holder.find(f"{SVG}title")
        out[path.get("id").split("-")[1]] = {"class": path.get("class"), "href": holder.get("href"),
                                             "title": title.text if title is not None else None}
    return out


@pytest.fixture(scope="module")
def henan(site):
    return (site / "docs" / "maps" / "gdp.md").read_text(encoding="utf-8")


def _gdp_targets_from_the_seeds() -> dict[str, float]:
    # 淇县 2025 (000): 地区生产总值增长7%左右; 新乡市 2025 (001, in Traditional characters):
    # 主要預期目標是:經濟增長6%左右.
    qi = re.search(r"地区生产总值增长(\d+(?:\.\d+)?)%左右", seed_path("000").read_text(encoding="utf-8"))
    xin = re.search(r"主要預期目標是:經濟增長(\d+(?:\.\d+)?)%左右", seed_path("001").read_text(encoding="utf-8"))
    return {"410622": float(qi.group(1)), "410700": float(xin.group(1))}


def test_the_seeds_map_shows_the_cities_of_henan_and_the_counties_that_report(henan):
    drawn = _regions(_svg(henan, "410000"), "410000")
    divisions = regions._by_code().values()
    cities = {d.code for d in divisions if d.parent_code == "410000"}
    # 鹤壁 (淇县, 浚县), 漯河 (郾城区) and 周口 (郸城县) have county reports: drawn as their counties.
    split = {"410600", "411100", "411600"}
    counties = {d.code for d in divisions if d.parent_code in split}
    assert set(drawn) == (cities - split) | counties
    assert {"410621", "410622", "411103", "411625", "410700", "419001"} <= set(drawn)


def test_the_seeds_map_colours_exactly_the_regions_with_a_2025_target(henan, site):
    drawn = _regions(_svg(henan, "410000"), "410000")
    targets = _gdp_targets_from_the_seeds()
    assert targets == {"410622": 7.0, "410700": 6.0}
    coloured = {code: r["class"] for code, r in drawn.items() if r["class"] != "map-none"}
    # Two values: the lower at the scale's first step, the higher at its last.
    assert coloured == {"410700": "map-c0", "410622": "map-c4"}
    assert drawn["410700"]["title"] == "新乡市：增长6%左右（2025年目标）"
    assert drawn["410622"]["title"] == "淇县：增长7%左右（2025年目标）"
    # 浚县's target is of 2021: grey on the 2025 map, still a link to its page.
    assert drawn["410621"]["title"] == "浚县：无2025年目标"
    assert drawn["410621"]["href"] == "../../regions/410621/"
    # Regions with pages are links; the others (no report) are grey shapes without a name.
    assert {c for c, r in drawn.items() if r["href"]} == {"410621", "410622", "410700", "411103", "411625"}
    assert {c for c, r in drawn.items() if r["title"]} == {"410621", "410622", "410700", "411103", "411625"}
    assert drawn["410100"] == {"class": "map-none", "href": None, "title": None}


def test_the_map_links_resolve_in_the_built_site(henan, site):
    built = (site / "site" / "maps" / "gdp" / "index.html").read_text(encoding="utf-8")
    hrefs = re.findall(r'<a href="([^"]+)" aria-label=', built)
    assert len(hrefs) == 5
    for href in hrefs:
        target = (site / "site" / "maps" / "gdp" / href / "index.html").resolve()
        assert target.is_file(), href
        code = href.rstrip("/").split("/")[-1]
        assert f"regions/{code}/index.html" in target.as_posix()


_ROW = re.compile(r'<tr>\n<td><a href="(?:\.\./)+regions/(\d+)/">([^<]+)</a></td>\n'
                  r'<td><a href="[^"]+">([^<]+)</a></td>\n<td style="text-align: right;">([^<]+)</td>')


def _table_rows(page: str) -> list[tuple[str, str, str, str]]:
    """The rows of a map's table (written as HTML) whose place has a page: (place, its region
    code, the target as the report words it, the value coloured)."""
    return [(name, code, target, value) for code, name, target, value in _ROW.findall(page)]


def test_the_legend_and_the_table_give_the_same_values(henan):
    legend = re.search(r'<ul class="map-legend".*?</ul>', henan, re.S).group()
    assert re.findall(r'<span class="map-swatch (map-c\d|map-none)" aria-hidden="true"></span>([^<\n]+)</li>', legend) == [
        ("map-c0", "6%"), ("map-c4", "7%"), ("map-none", "无目标")]
    rows = _table_rows(henan)
    assert rows == [("淇县", "410622", "增长7%左右", "7%"), ("新乡市", "410700", "增长6%左右", "6%")]


def test_the_maps_are_listed_linked_from_home_and_navigation(site):
    docs = site / "docs"
    index = (docs / "maps" / "index.md").read_text(encoding="utf-8")
    assert "[地区生产总值](gdp.md)" in index and "河南省 2025年（增速，2 个地区）" in index
    assert "](maps/index.md)" in (docs / "index.md").read_text(encoding="utf-8")
    summary = (docs / "SUMMARY.md").read_text(encoding="utf-8")
    assert "- [地图](maps/index.md)" in summary and "    - [地区生产总值](maps/gdp.md)" in summary


def test_a_collection_without_regional_reports_has_no_maps(tmp_path):
    """The national reports alone: the maps page says there is nothing to map, and neither the
    home page nor the navigation links it."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "national.txt").write_text("2025年政府工作报告\n\n各位代表：\n\n今年发展主要预期目标是：国内生产总值增长5%左右。\n",
                                        encoding="utf-8")
    project = copy_project(tmp_path / "p", seeds)
    run([sys.executable, "-m", "generator", "build", "-q"], project, check=False)
    docs = project / "docs"
    assert sorted(p.name for p in (docs / "maps").iterdir()) == ["index.md"]
    assert "还没有可以上地图比较的地区目标" in (docs / "maps" / "index.md").read_text(encoding="utf-8")
    assert "maps/" not in (docs / "SUMMARY.md").read_text(encoding="utf-8")


def test_a_process_that_builds_again_draws_each_region_once(tmp_path, monkeypatch):
    """A second build in the same process (`mkdocs serve`), with the cache off, takes every
    outline and frame from memory: it reads no boundary and writes the same maps."""
    from generator.build import build

    monkeypatch.setenv("GWR_WORKERS", "1")  # outlines drawn here, where they are counted
    monkeypatch.setattr(geo, "_made", {})
    read = []
    polygons = geo.polygons
    monkeypatch.setattr(geo, "polygons", lambda code: read.append(code) or polygons(code))
    build(SEEDS, tmp_path / "first")
    assert {"410000", "410700", "410622"} <= set(read)  # the province fitted, a city and a county drawn
    read.clear()
    build(SEEDS, tmp_path / "second")
    assert read == []
    first, second = sorted((tmp_path / "first" / "maps").glob("*.md")), sorted((tmp_path / "second" / "maps").glob("*.md"))
    assert [p.name for p in first] == [p.name for p in second]
    assert 'class="gwr-map"' in (tmp_path / "second" / "maps" / "gdp.md").read_text(encoding="utf-8")  # drawn
    assert all(a.read_bytes() == b.read_bytes() for a, b in zip(first, second))


def test_a_rebuild_whose_map_pages_are_kept_lays_out_no_map_and_one_that_changes_lays_out_its_own(tmp_path, monkeypatch):
    """With the cache on, a new process whose map pages are all kept lays out no map (it reads
    which regions each map fills from the cache); a target changed on 河南's map lays out that
    map alone (tests/test_cache.py compares such pages with a fresh build's)."""
    from generator.build import build

    seeds = built_with_cache(tmp_path, monkeypatch)
    laid_out = []
    layouts = geo._layouts
    monkeypatch.setattr(geo, "_layouts", lambda plans: laid_out.extend(p.codes for p in plans) or layouts(plans))
    monkeypatch.setattr(geo, "_made", {})  # as in a new process
    changed = next(seeds.glob("000_*.txt"))  # 淇县 2025
    appended(changed, "持续优化营商环境。")
    build(seeds, tmp_path / "docs")
    assert laid_out == []
    changed.write_text(changed.read_text(encoding="utf-8").replace("生产总值增长7%左右", "生产总值增长7.5%左右"), encoding="utf-8")
    monkeypatch.setattr(geo, "_made", {})
    build(seeds, tmp_path / "docs")
    # 河南's map alone: its 17 cities and 济源 (419001), drawn as counties where the seeds are (淇县 410622).
    [henan] = laid_out
    assert {c[:4] for c in henan} == {f"41{k:02d}" for k in range(1, 18)} | {"4190"} and "410622" in henan
    assert "增长7.5%左右" in (tmp_path / "docs" / "maps" / "gdp.md").read_text(encoding="utf-8")


def test_the_outlines_kept_in_memory_are_forgotten_whole_past_their_limit(monkeypatch):
    monkeypatch.setattr(geo, "_made", {})
    monkeypatch.setattr(geo, "MADE_KEPT", 5)
    geo._remember({"a": 1, "b": 2, "c": 3, "d": 4})
    geo._remember({"e": 5})
    assert geo._made == {"a": 1, "b": 2, "c": 3, "d": 4, "e": 5}
    geo._remember({"f": 6, "g": 7})
    assert geo._made == {"f": 6, "g": 7}


# ---------- the provincial corpus: the national map ----------

PROVINCES = SHARED / "corpora" / "provinces-2025"


@pytest.fixture(scope="module")
def provinces(tmp_path_factory) -> Path:
    return corpus_project(tmp_path_factory, "provinces", site=False)


def _docx_text(name: str) -> str:
    import docx

    return "\n".join(p.text for p in docx.Document(str(PROVINCES / f"2025年{name}政府工作报告.docx")).paragraphs)


def test_the_national_map_colours_the_31_provinces(provinces):
    page = (provinces / "docs" / "maps" / "gdp.md").read_text(encoding="utf-8")
    svg = _svg(page, "000000")
    drawn = _regions(svg, "000000")
    # The 31 province-level units of the mainland: codes 11–65 (71 台湾, 81 香港, 82 澳门 have none).
    mainland = {d.code for d in regions._by_code().values() if d.level == "province" and d.code < "700000"}
    assert len(mainland) == 31
    assert {c for c, r in drawn.items() if r["class"] != "map-none"} == mainland
    assert {c: r["class"] for c, r in drawn.items() if c in ("710000", "810000", "820000")} == {
        "710000": "map-none", "810000": "map-none", "820000": "map-none"}
    assert all(drawn[c]["href"] == f"../../regions/{c}/" for c in mainland)
    # The inset of the South China Sea, and the whole map well under 200 KB.
    assert svg.find(f".//{SVG}svg[@class='map-inset']") is not None
    assert len(ET.tostring(svg)) < 100_000


@pytest.mark.parametrize("name, code, pattern", [
    ("河南省", "410000", r"经济增长(\d+(?:\.\d+)?)%左右"),
    ("西藏", "540000", r"地区生产总值增长(\d+)%以上、力争"),
    # A range is coloured by its midpoint: 5.0%—5.5% → 5.25%.
    ("福建省", "350000", r"地区生产总值增长(\d+\.\d+)%—(\d+\.\d+)%"),
])
def test_national_map_values_are_the_reports_targets(provinces, name, code, pattern):
    m = re.search(pattern, _docx_text(name))
    want = sum(float(g) for g in m.groups()) / len(m.groups())
    page = (provinces / "docs" / "maps" / "gdp.md").read_text(encoding="utf-8")
    [value] = [value for _, c, _, value in _table_rows(page) if c == code]
    assert float(value.rstrip("%")) == want


# ---------- in a browser ----------

def test_the_map_fits_a_phone_and_a_region_leads_to_its_page(server, browser):
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(f"{server}/maps/gdp/")
    box = page.locator("svg.gwr-map").first.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390 and box["width"] > 300
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 1
    page.locator("svg.gwr-map a[aria-label^='新乡市']").click()
    page.wait_for_url("**/regions/410700/")
    assert page.locator("article h1").first.inner_text().rstrip("¶").startswith("新乡市")
    page.close()


def test_a_city_drawn_as_its_counties_keeps_its_own_target_in_the_table(tmp_path):
    """鹤壁市's counties report (淇县, 浚县), so the map draws 鹤壁 as its counties; a report of
    鹤壁市 itself then has its target in the table, marked as not drawn on its own."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for prefix in ("000", "003"):
        (seeds / seed_path(prefix).name).write_bytes(seed_path(prefix).read_bytes())
    (seeds / "hebi.txt").write_text("鹤壁市2025年政府工作报告\n\n各位代表：\n\n"
                                    "今年经济社会发展的主要预期目标是：地区生产总值增长5.5%左右。\n", encoding="utf-8")
    project = copy_project(tmp_path / "p", seeds)
    run([sys.executable, "-m", "generator", "build", "-q"], project, check=False)
    page = (project / "docs" / "maps" / "gdp.md").read_text(encoding="utf-8")
    drawn = _regions(_svg(page, "410000"), "410000")
    assert "410600" not in drawn and {"410621", "410622"} <= set(drawn)
    assert {c for c, r in drawn.items() if r["class"] != "map-none"} == {"410622"}
    rows = _table_rows(page)
    assert rows == [("鹤壁市", "410600", "增长5.5%左右", "5.5%（图中未单独绘出）"), ("淇县", "410622", "增长7%左右", "7%")]
