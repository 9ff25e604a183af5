"""Link stage: all reports → a Corpus with the region tree, years and related reports.

The only stage that sees every report at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from generator import regions
from generator.model import Report


@dataclass
class RegionNode:
    code: str
    name: str
    level: str
    parent: str | None
    reports: list[Report] = field(default_factory=list)  # this region's own reports
    children: list[str] = field(default_factory=list)  # child region codes with reports below
    mentioned_by: list[tuple[Report, int]] = field(default_factory=list)  # other reports naming it

    @property
    def page(self) -> str:
        return f"regions/{self.code}/index.md"


@dataclass
class Corpus:
    reports: list[Report]
    regions: dict[str, RegionNode]
    years: dict[int, list[Report]]

    def roots(self) -> list[RegionNode]:
        return [n for n in self.regions.values() if n.parent is None]

    def region_path(self, code: str | None) -> list[RegionNode]:
        out = []
        while code and code in self.regions:
            out.append(self.regions[code])
            code = self.regions[code].parent
        return list(reversed(out))

    def by_id(self, rid: str) -> Report:
        return next(r for r in self.reports if r.meta.id == rid)


def sort_key(r: Report) -> tuple:
    return (r.meta.region_code or "999999", -(r.meta.year or 0), r.meta.id)


def build_corpus(reports: list[Report]) -> Corpus:
    reports = sorted(reports, key=sort_key)
    nodes: dict[str, RegionNode] = {}

    def node_for(code: str) -> RegionNode | None:
        if code in nodes:
            return nodes[code]
        if code == "000000":
            nodes[code] = RegionNode(code, "全国", "nation", None)
            return nodes[code]
        div = regions.get(code)
        if not div:
            return None
        node = RegionNode(div.code, div.name, div.level, div.parent_code)
        nodes[code] = node
        if div.parent_code:
            parent = node_for(div.parent_code)
            if parent and code not in parent.children:
                parent.children.append(code)
            if not parent:
                node.parent = None
        return node

    for r in reports:
        if r.meta.region_code and (node := node_for(r.meta.region_code)):
            node.reports.append(r)
    for n in nodes.values():
        n.children.sort()

    # Other reports that name a region of the collection.
    for r in reports:
        text = "\n".join(line for _, b in r.all_blocks() for line in b.lines)
        for code, count in sorted(regions.mentions(text).items()):
            if code in nodes and code != r.meta.region_code:
                nodes[code].mentioned_by.append((r, count))

    years: dict[int, list[Report]] = {}
    for r in reports:
        if r.meta.year:
            years.setdefault(r.meta.year, []).append(r)
    return Corpus(reports=reports, regions=dict(sorted(nodes.items())), years=dict(sorted(years.items(), reverse=True)))
