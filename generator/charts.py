"""Small inline SVG charts (no JavaScript, no network): bars and lines with escaped labels."""

from __future__ import annotations

from markupsafe import Markup

from generator.escape import h

PALETTE = {"target": "#c62828", "actual": "#1565c0"}


def bars(rows: list[tuple[str, float, str]], unit: str = "%", title: str = "") -> Markup:
    """Horizontal bars: rows of (label, value, kind)."""
    if not rows:
        return Markup("")
    width, label_w, bar_h, gap = 640, 150, 22, 8
    top = 28 if title else 6
    height = top + len(rows) * (bar_h + gap) + 10
    vmax = max(abs(v) for _, v, _ in rows) or 1
    scale = (width - label_w - 70) / vmax
    out = [f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" aria-label="{h(title)}" xmlns="http://www.w3.org/2000/svg">']
    if title:
        out.append(f'<text x="0" y="16" class="chart-title">{h(title)}</text>')
    for i, (label, value, kind) in enumerate(rows):
        y = top + i * (bar_h + gap)
        w = max(1.0, abs(value) * scale)
        out.append(f'<text x="{label_w - 8}" y="{y + bar_h * 0.72:.1f}" text-anchor="end" class="chart-label">{h(label)}</text>')
        out.append(f'<rect x="{label_w}" y="{y}" width="{w:.1f}" height="{bar_h}" fill="{PALETTE.get(kind, "#555")}" rx="2"/>')
        out.append(f'<text x="{label_w + w + 6:.1f}" y="{y + bar_h * 0.72:.1f}" class="chart-value">{value:g}{h(unit)}</text>')
    out.append("</svg>")
    return Markup("".join(out))  # built from escaped labels


def lines(series: dict[str, list[tuple[int, float]]], unit: str = "%", title: str = "") -> Markup:
    """Year on the x axis; one line per series name (target / actual)."""
    points = [p for s in series.values() for p in s]
    if len({x for x, _ in points}) < 2:
        return Markup("")
    width, height, left, right, top, bottom = 640, 260, 50, 20, 30, 30
    xs = sorted({x for x, _ in points})
    vmin, vmax = min(0.0, min(v for _, v in points)), max(v for _, v in points) or 1
    def px(x: int) -> float:
        return left + (xs.index(x)) * (width - left - right) / max(1, len(xs) - 1)
    def py(v: float) -> float:
        return top + (vmax - v) * (height - top - bottom) / ((vmax - vmin) or 1)
    out = [f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" aria-label="{h(title)}" xmlns="http://www.w3.org/2000/svg">']
    if title:
        out.append(f'<text x="0" y="16" class="chart-title">{h(title)}</text>')
    out.append(f'<line x1="{left}" y1="{py(0):.1f}" x2="{width - right}" y2="{py(0):.1f}" class="chart-axis"/>')
    for x in xs:
        out.append(f'<text x="{px(x):.1f}" y="{height - 8}" text-anchor="middle" class="chart-label">{x}</text>')
    for name, pts in series.items():
        kind = "target" if "目标" in name else "actual"
        pts = sorted(pts)
        path = " ".join(f"{px(x):.1f},{py(v):.1f}" for x, v in pts)
        out.append(f'<polyline points="{path}" fill="none" stroke="{PALETTE[kind]}" stroke-width="2"/>')
        for x, v in pts:
            out.append(f'<circle cx="{px(x):.1f}" cy="{py(v):.1f}" r="3.5" fill="{PALETTE[kind]}"><title>{h(name)} {x}：{v:g}{h(unit)}</title></circle>')
    out.append("</svg>")
    return Markup("".join(out))  # built from escaped labels
