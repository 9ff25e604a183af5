"""Small inline SVG charts (no JavaScript, no network): bars and lines with escaped labels."""

from __future__ import annotations

import math

from markupsafe import Markup

from generator.escape import h

PALETTE = {"target": "#c62828", "actual": "#1565c0"}


def ticks(vmin: float, vmax: float, count: int = 4) -> list[float]:
    """Round tick values from vmin to vmax, zero included (1, 2 or 5 times a power of ten)."""
    span = (vmax - vmin) or abs(vmax) or 1
    raw = span / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    first = math.floor(vmin / step) * step
    out, v = [], first
    while v <= vmax + step * 1e-9:
        out.append(round(v, 10))
        v += step
    if out[-1] < vmax:
        out.append(round(out[-1] + step, 10))
    return out


# The charts are drawn in a 480-unit-wide box shown at most 480 px wide: on a 390 px phone the
# box scales by about 0.75, and 14-unit labels stay above 10 px.
WIDTH = 480


def bars(rows: list[tuple[str, float, str]], unit: str = "%", title: str = "") -> Markup:
    """Horizontal bars from a zero axis, with tick labels: rows of (label, value, kind)."""
    if not rows:
        return Markup("")
    width, label_w, bar_h, gap = WIDTH, 130, 22, 8
    top = 28 if title else 6
    axis_h = 22
    height = top + len(rows) * (bar_h + gap) + axis_h
    grid = ticks(min(0.0, min(v for _, v, _ in rows)), max(0.0, max(v for _, v, _ in rows)))
    lo, hi = grid[0], grid[-1]
    plot_l, plot_r = label_w, width - 46

    def px(v: float) -> float:
        return plot_l + (v - lo) * (plot_r - plot_l) / ((hi - lo) or 1)

    bottom = top + len(rows) * (bar_h + gap)
    out = [f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" aria-label="{h(title)}" xmlns="http://www.w3.org/2000/svg">']
    if title:
        out.append(f'<text x="0" y="16" class="chart-title">{h(title)}</text>')
    for t in grid:
        out.append(f'<line x1="{px(t):.1f}" y1="{top - 2}" x2="{px(t):.1f}" y2="{bottom}" class="chart-grid"/>')
        out.append(f'<text x="{px(t):.1f}" y="{bottom + 16}" text-anchor="middle" class="chart-tick">{t:g}{h(unit)}</text>')
    for i, (label, value, kind) in enumerate(rows):
        y = top + i * (bar_h + gap)
        x0, x1 = sorted((px(0), px(value)))
        out.append(f'<text x="{label_w - 8}" y="{y + bar_h * 0.72:.1f}" text-anchor="end" class="chart-label">{h(label)}</text>')
        out.append(f'<rect x="{x0:.1f}" y="{y}" width="{max(1.0, x1 - x0):.1f}" height="{bar_h}" fill="{PALETTE.get(kind, "#555")}" rx="2"/>')
        out.append(f'<text x="{x1 + 4:.1f}" y="{y + bar_h * 0.72:.1f}" class="chart-value">{value:g}{h(unit)}</text>')
    out.append(f'<line x1="{px(0):.1f}" y1="{top - 2}" x2="{px(0):.1f}" y2="{bottom}" class="chart-axis"/>')
    out.append("</svg>")
    return Markup("".join(out))  # built from escaped labels


def lines(series: dict[str, list[tuple[int, float]]], unit: str = "%", title: str = "",
          names: dict[str, str] | None = None, linear_x: bool = False) -> Markup:
    """Year on the x axis, values on a y axis from zero with tick labels; one line per kind of
    series ("target" / "actual", coloured by PALETTE), labelled by `names`. The years are
    evenly spaced, or with `linear_x` placed by their distance (for years with gaps between)."""
    points = [p for s in series.values() for p in s]
    if len({x for x, _ in points}) < 2:
        return Markup("")
    width, height, left, right, top, bottom = WIDTH, 240, 52, 16, 30, 30
    xs = sorted({x for x, _ in points})
    grid = ticks(min(0.0, min(v for _, v in points)), max(0.0, max(v for _, v in points)))
    vmin, vmax = grid[0], grid[-1]

    def px(x: int) -> float:
        if linear_x:
            return left + (x - xs[0]) * (width - left - right) / ((xs[-1] - xs[0]) or 1)
        return left + (xs.index(x)) * (width - left - right) / max(1, len(xs) - 1)

    def py(v: float) -> float:
        return top + (vmax - v) * (height - top - bottom) / ((vmax - vmin) or 1)

    out = [f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" aria-label="{h(title)}" xmlns="http://www.w3.org/2000/svg">']
    if title:
        out.append(f'<text x="0" y="16" class="chart-title">{h(title)}</text>')
    for t in grid:
        out.append(f'<line x1="{left}" y1="{py(t):.1f}" x2="{width - right}" y2="{py(t):.1f}" class="chart-grid"/>')
        out.append(f'<text x="{left - 6}" y="{py(t) + 4:.1f}" text-anchor="end" class="chart-tick">{t:g}{h(unit)}</text>')
    out.append(f'<line x1="{left}" y1="{py(0):.1f}" x2="{width - right}" y2="{py(0):.1f}" class="chart-axis"/>')
    step = max(1, len(xs) // 6)  # at most about six year labels
    labels = [int(t) for t in ticks(xs[0], xs[-1], 5) if xs[0] <= t <= xs[-1] and t == int(t)] if linear_x else xs[::step]
    for x in labels:
        out.append(f'<text x="{px(x):.1f}" y="{height - 8}" text-anchor="middle" class="chart-tick">{x}</text>')
    for kind, pts in series.items():
        name = (names or {}).get(kind, kind)
        pts = sorted(pts)
        path = " ".join(f"{px(x):.1f},{py(v):.1f}" for x, v in pts)
        out.append(f'<polyline points="{path}" fill="none" stroke="{PALETTE[kind]}" stroke-width="2"/>')
        for x, v in pts:
            out.append(f'<circle cx="{px(x):.1f}" cy="{py(v):.1f}" r="3.5" fill="{PALETTE[kind]}"><title>{h(name)} {x}：{v:g}{h(unit)}</title></circle>')
    out.append("</svg>")
    return Markup("".join(out))  # built from escaped labels
