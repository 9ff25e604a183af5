"""The maps: for each indicator with targets, regions coloured by their target (static SVG drawn at
build time by generator/geo.py), each region a link to its page, the same values in a table.

Which maps a collection gets follows its reports: a national map of the provinces when there are
provincial reports; for each province with reports of its cities or counties, a map of its
prefecture cities, where a city whose counties report is drawn as its counties. A map shows the
latest year in which its regions state a target of the indicator, of the measure most of them
state (maps.yml `measure_order` breaks ties).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

from markupsafe import Markup

from generator import data, geo, pages, regions
from generator.escape import h
from generator.link import Corpus
from generator.messages import group, say
from generator.model import Record, Report
from generator.pages import Page
from generator.render.common import front_matter, held, kept_at, render, stored_at

PAGE_LEVELS = {"nation": ("province",), "province": ("city", "county", "district")}


@dataclass
class Area:
    """One map: the country (code of the nation) or a province, the regions it fills, the cities
    drawn as their counties (outlined on top), and the levels of the reports it shows."""

    code: str
    name: str
    kind: str  # nation | province
    codes: list[str]
    outlines: list[str] = field(default_factory=list)
    plan: geo.Plan | None = None
    drawn: tuple[str, ...] = ()  # the regions its map fills (`geo.drawn`)
    layout: geo.Layout | None = None  # laid out only for a page made again


@dataclass
class Value:
    code: str
    name: str
    report: Report
    record: Record
    value: float
    klass: int = 0
    drawn: bool = True


@dataclass
class Klass:
    low: float
    high: float
    colour: int  # 0–4: the step of the sequential scale (maps.css)
    label: str
    members: frozenset = frozenset()  # the values in it


@dataclass
class Map:
    area: Area
    year: int
    measure: str
    unit: str
    values: list[Value]
    classes: list[Klass]
    svg: Markup = Markup("")
    heading: str = ""
    caption: str = ""


@functools.cache
def _children_index() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for d in regions._by_code().values():
        if d.parent_code and geo.has_boundary(d.code):
            out.setdefault(d.parent_code, []).append(d.code)
    return {k: sorted(v) for k, v in out.items()}


def _children(code: str) -> list[str]:
    """The subdivisions of `code` that have a boundary."""
    return _children_index().get(code, [])


def areas(corpus: Corpus) -> list[Area]:
    """The maps the collection's reports call for, national first, then by province code."""
    out: list[Area] = []
    if any(r.meta.level == "province" and r.meta.region_code for r in corpus.reports):
        provinces = sorted(d.code for d in regions._by_code().values() if d.level == "province" and geo.has_boundary(d.code))
        out.append(Area(data.load("regions")["nation"]["code"], data.load("regions")["nation"]["name"], "nation", provinces))
    below = [r for r in corpus.reports if r.meta.region_code and r.meta.level in PAGE_LEVELS["province"]]
    for province in sorted({r.meta.region_code[:2] + "0000" for r in below}):
        div = regions.get(province)
        if not div or not geo.has_boundary(province):
            continue
        split = sorted({regions.get(r.meta.region_code).city_code for r in below
                        if r.meta.region_code[:2] == province[:2] and r.meta.level in ("county", "district")
                        and regions.get(r.meta.region_code) and regions.get(r.meta.region_code).city_code} - {None})
        codes = []
        for c in _children(province):
            codes.extend(_children(c) if c in split else [c])
        out.append(Area(province, div.name, "province", codes, [c for c in split if geo.has_boundary(c)]))
    return out


def planned(found: list[Area]) -> list[Area]:
    """Each area's plan and the regions its map fills, without its geometry; the areas whose
    map would fill none drop."""
    for a in found:
        a.plan = geo.national_plan(a.codes) if a.kind == "nation" else geo.region_plan(a.code, a.codes, a.outlines)
    having = [a for a in found if a.plan]
    for a, codes in zip(having, geo.drawn([a.plan for a in having])):
        a.drawn = codes
    return [a for a in having if a.drawn]


def lay_out(found: list[Area]) -> None:
    """The geometry of the areas not laid out yet (all their outlines in one pool of workers)."""
    todo = list({id(a): a for a in found if a.layout is None}.values())
    for a, lay in zip(todo, geo.layouts([a.plan for a in todo])):
        a.layout = lay


def _in_area(area: Area, r: Report) -> bool:
    return _area_of(r) == _area_key(area)


def _area_of(r: Report) -> str | None:
    """The area whose maps show the report's values (`_area_key`): the nation's for a
    province, its province's for a region below one, None for any other."""
    if r.meta.level == "province":
        return "nation"
    if r.meta.level in PAGE_LEVELS["province"] and r.meta.region_code:
        return r.meta.region_code[:2]
    return None


def _area_key(area: Area) -> str:
    return "nation" if area.kind == "nation" else area.code[:2]


def targets(corpus: Corpus) -> dict[str, list[tuple[Report, Record, float, str]]]:
    """Indicator key → (report, record, value, unit) of every target of a report's own year with
    a value in the indicator's standard unit (a range: its midpoint), reports in order."""
    out: dict[str, list] = {}
    for rep in corpus.reports:
        if not rep.meta.year or not rep.meta.region_code:
            continue
        for rec in rep.figures:
            if rec.kind == "target" and rec.period == str(rep.meta.year):
                value, unit = rec.standard()
                if value is not None:
                    out.setdefault(rec.indicator, []).append((rep, rec, value, unit))
    return out


def map_of(area: Area, found: list[tuple[Report, Record, float, str]]) -> Map | None:
    """The area's map of one indicator (its `targets`): the latest year with targets, the measure
    most regions state that year, each region's first such target (reports in the collection's
    order)."""
    found = [t for t in found if _in_area(area, t[0])]
    if not found:
        return None
    year = max(rep.meta.year for rep, *_ in found)
    order = data.load("maps")["measure_order"]
    groups: dict[tuple[str, str], dict[str, tuple]] = {}
    for rep, rec, value, unit in found:
        if rep.meta.year == year:
            groups.setdefault((rec.measure, unit), {}).setdefault(rep.meta.region_code, (rep, rec, value))
    (measure, unit), chosen = min(groups.items(), key=lambda kv: (-len(kv[1]), order.index(kv[0][0])
                                                                 if kv[0][0] in order else len(order), kv[0][1]))
    drawn = set(area.drawn)
    values = [Value(code, rep.meta.region, rep, rec, value, drawn=code in drawn)
              for code, (rep, rec, value) in sorted(chosen.items())]
    m = Map(area, year, measure, unit, values, classes([v.value for v in values], unit))
    for v in values:
        v.klass = next(i for i, k in enumerate(m.classes) if v.value in k.members)
    return m


def _num(v: float) -> str:
    return f"{round(v, 2):g}"


def klass_of(value: float, lo: float, width: float, n: int) -> int:
    """The equal-width bin of `value`: [lo + i·width, lo + (i+1)·width), the last one closed."""
    return min(n - 1, int((value - lo) / width + 1e-9)) if width else 0


def classes(values: list[float], unit: str) -> list[Klass]:
    """Five classes of equal width from the least to the greatest value, each labelled with the
    least and greatest value in it (so that no label overlaps another), or its bounds when no
    region falls in it; with five distinct values or fewer, one class per value, spread over the
    scale's steps."""
    n = data.load("maps")["classes"]
    distinct = sorted(set(values))
    if len(distinct) <= n:
        steps = [round(i * (n - 1) / (len(distinct) - 1)) if len(distinct) > 1 else n - 1 for i in range(len(distinct))]
        return [Klass(v, v, s, say("map.value", value=_num(v), unit=unit), frozenset([v])) for v, s in zip(distinct, steps)]
    lo, width = distinct[0], (distinct[-1] - distinct[0]) / n
    out = []
    for i in range(n):
        mine = [v for v in distinct if klass_of(v, lo, width, n) == i]
        low, high = (mine[0], mine[-1]) if mine else (lo + i * width, lo + (i + 1) * width)
        label = (say("map.value", value=_num(low), unit=unit) if low == high
                 else say("map.range", low=_num(low), high=_num(high), unit=unit))
        out.append(Klass(low, high, i, label, frozenset(mine)))
    return out


def _region_name(code: str) -> str:
    div = regions.get(code)
    return div.name if div else code


def svg(m: Map, with_page: set[str], here: Page) -> Markup:
    """The map as inline SVG: each region a path filled by its class (grey: no target); a region
    with a page (a report of its own or below it) is a link to it, named by its <title> and
    aria-label."""
    lay, pid = m.area.layout, f"m{m.area.code}"
    by_code = {v.code: v for v in m.values if v.drawn}
    x, y, w, ht = lay.view
    out = [f'<svg class="gwr-map" viewBox="{x} {y} {w} {ht}" role="group" aria-labelledby="{pid}-cap" '
           f'xmlns="http://www.w3.org/2000/svg">']
    # Regions with a page are links named by their <title>; the others are grey shapes only.
    for s in lay.shapes:
        v = by_code.get(s.code)
        name = v.name if v else _region_name(s.code)
        label = (say("map.region", region=name, value=v.record.display(), year=m.year) if v
                 else say("map.no_target", region=name, year=m.year))
        path = f'<path id="{pid}-{s.code}" class="{_fill(m, v)}" d="{s.d}"/>'
        if s.code in with_page:
            out.append(f'<a href="{h(here.url_to(pages.region(s.code)))}" aria-label="{h(label)}"><title>{h(label)}</title>{path}</a>')
        else:  # no report of its own or below it: a grey shape, not named
            out.append(path)
    if lay.outlines:
        out.append('<g class="map-outline" aria-hidden="true">')
        out.extend(f'<path d="{s.d}"/>' for s in lay.outlines)
        out.append("</g>")
    if lay.inset_view:
        out.append(_inset(m, pid, by_code))
    out.append("</svg>")
    return Markup("".join(out))  # built from escaped labels and numbers


def _fill(m: Map, v: Value | None) -> str:
    return f"map-c{m.classes[v.klass].colour}" if v else "map-none"


def _inset(m: Map, pid: str, by_code: dict[str, Value]) -> str:
    """The South China Sea inset: the nearby provinces again, the islands, the maritime line."""
    lay = m.area.layout
    ax, ay, aw, ah = lay.inset_at
    vx, vy, vw, vh = lay.inset_view
    cut = next((s for s in lay.shapes if s.cut), None)
    out = [f'<svg x="{ax}" y="{ay}" width="{aw}" height="{ah}" viewBox="{vx} {vy} {vw} {vh}" class="map-inset" '
           f'aria-hidden="true"><rect x="{vx}" y="{vy}" width="{vw}" height="{vh}" class="map-inset-frame"/>']
    out.extend(f'<use href="#{pid}-{c}"/>' for c in lay.inset_codes)
    if cut:
        out.append(f'<path class="{_fill(m, by_code.get(cut.code))}" d="{cut.cut}"/>')
    out.append(f'<path class="map-sea" d="{lay.maritime}"/></svg>')
    return "".join(out)


def map_pages(corpus: Corpus) -> dict[Page, str]:
    """maps/<indicator>.md for each indicator with targets to map, and their index. Each map
    page is kept by a view of what it shows (drawing and writing the maps again took 0.9 s of
    an edit's rebuild on a thousand reports)."""
    with_page = set(corpus.regions)
    by_area: dict[tuple[str, str], list] = {}  # (area, indicator) → its targets, reports in order
    for key, found in targets(corpus).items():
        for t in found:
            if where := _area_of(t[0]):
                by_area.setdefault((where, key), []).append(t)
    # Only areas that will have a map are drawn (drawing reads every outline of the area).
    having = {where for where, _ in by_area}
    found = planned([a for a in areas(corpus) if _area_key(a) in having])
    files: dict[Page, str] = {}
    listed, pending = [], []
    for ind in data.load("indicators")["indicators"]:
        maps = [m for a in found if (m := map_of(a, by_area.get((_area_key(a), ind["key"]), [])))]
        if not maps:
            continue
        here = pages.indicator_map(ind["key"], ind["name"])
        measure = group("map_measure")
        for m in maps:
            m.heading = say("map.heading", area=m.area.name, year=m.year, measure=measure[m.measure])
        listed.append({"key": ind["key"], "name": ind["name"], "maps": maps})
        pending.append((ind, maps, here, kept_at(here.path, lambda ind=ind, maps=maps: _view(ind, maps, with_page))))
    # The geometry of the maps on pages made again, laid out together; kept pages need none.
    lay_out([m.area for _, maps, _, where in pending if not held(where) for m in maps])
    for ind, maps, here, where in pending:
        files[here] = stored_at(where, lambda ind=ind, maps=maps, here=here: _map_page(ind, maps, with_page, here))
    index = pages.maps() if listed else Page(pages.maps().path)  # in the navigation when there are maps
    files[index] = render("map-index.md.j2", index, front_matter=front_matter(title=say("map.index")),
                          listed=listed, measure_names=group("map_measure"))
    return files


def _view(ind: dict, maps: list[Map], with_page: set[str]) -> tuple:
    """All an indicator's map page shows: the boundary data, and for each map its area, the
    values and the report of each, and the classes (the geometry follows from the area, the
    boundary package's version and the code)."""
    return (geo.package_version(), ind["key"], ind["name"], sorted(with_page),
            [(m.area.code, m.area.name, m.area.kind, m.area.codes, m.area.outlines, m.year, m.measure, m.unit,
              [(v.code, v.name, v.value, v.klass, v.drawn, v.record, v.report.meta.id, v.report.meta.title)
               for v in m.values], [(k.low, k.high, k.colour, k.label) for k in m.classes]) for m in maps])


def _map_page(ind: dict, maps: list[Map], with_page: set[str], here: Page) -> str:
    lay_out([m.area for m in maps])  # laid out already, unless its kept page could not be read
    measure = group("map_measure")
    for m in maps:
        m.svg = svg(m, with_page, here)
        m.caption = say("map.caption", area=m.area.name, year=m.year, indicator=ind["name"], measure=measure[m.measure],
                        unit=m.unit) + (say("map.inset") if m.area.layout.inset_view else "")
    return render("map.md.j2", here, front_matter=front_matter(title=say("map.title", indicator=ind["name"])),
                  ind=ind, maps=maps, with_page=with_page, none_label=say("map.none"), off_map=say("map.off_map"), num=_num)
