# Year against year: one region's reports side by side (regions/<code>/years.md).
#
# For a region with reports of two or more years: the targets of each year, each beside the
# result the next year's report gives for it (完成 / 未完成 by the rule of indicators.yml), and
# the shared terms each report names for the first time in the region's reports, or no longer.

from __future__ import annotations

from dataclasses import dataclass, field

from generator import data, pages, tables
from generator.link import Corpus, RegionNode
from generator.messages import say
from generator.model import Record, Report
from generator.pages import Page
from generator.render.common import front_matter, render, stored, token


@dataclass
class Cell:
    target: list[Record] = field(default_factory=list)
    actual: list[Record] = field(default_factory=list)  # the next year's report, same measure
    actual_report: Report | None = None
    result: str = ""


@dataclass
class Year:
    report: Report
    cells: list[Cell]
    new_terms: list = field(default_factory=list)
    dropped_terms: list = field(default_factory=list)
    previous: Report | None = None


def compared(node: RegionNode) -> list[Report]:
    """The region's own reports with a year, one per year (the whole text before a summary)."""
    by_year: dict[int, Report] = {}
    rank = {"full": 0, "digest": 1, "summary": 2, "excerpt": 3}
    for r in sorted(node.reports, key=lambda r: (rank.get(r.meta.completeness, 9), r.meta.id)):
        if r.meta.year:
            by_year.setdefault(r.meta.year, r)
    return [by_year[y] for y in sorted(by_year)]


def comparison_pages(corpus: Corpus) -> dict[Page, str]:
    files = {}
    for node in corpus.regions.values():
        reports = compared(node)
        if len(reports) >= 2:
            files[pages.region_years(node.code)] = stored(
                pages.region_years(node.code).path,
                lambda node=node, reports=reports: (node.code, node.name, [
                    (token(r), [(t.name, t.slug) for t in corpus.terms_of.get(r.meta.id, [])]) for r in reports]),
                lambda node=node, reports=reports: _page(node, reports, corpus))
    return files


def _page(node: RegionNode, reports: list[Report], corpus: Corpus) -> str:
    names = {i["key"]: i["name"] for i in data.load("indicators")["indicators"]}
    order = list(names)
    # Columns: the indicators with a target of its own year in at least two of the reports.
    counts = {k: sum(1 for r in reports if _targets(r, k)) for k in order}
    columns = [k for k in order if counts[k] >= 2][: data.load("indicators")["compare_columns"]]
    by_year = {r.meta.year: r for r in reports}
    terms_of = {r.meta.id: corpus.terms_of.get(r.meta.id, []) for r in reports}
    years: list[Year] = []
    for k, r in enumerate(reports):
        nxt = by_year.get(r.meta.year + 1)
        cells = []
        for key in columns:
            cell = Cell(_targets(r, key))
            if nxt and cell.target:
                measures = {t.measure for t in cell.target}
                cell.actual = [a for a in nxt.figures if a.indicator == key and a.kind == "actual"
                               and a.period == str(r.meta.year) and a.measure in measures]
                cell.actual_report = nxt if cell.actual else None
                # Every target against every result of its measure: a mark only where all agree.
                results = {tables.met(tables.Attainment(r, nxt, t, a)) for t in cell.target for a in cell.actual
                           if a.measure == t.measure} - {"—"}
                cell.result = results.pop() if len(results) == 1 else ""
            cells.append(cell)
        year = Year(r, cells)
        if k:
            prev = reports[k - 1]
            before = {t.name for t in terms_of[prev.meta.id]}
            now = {t.name for t in terms_of[r.meta.id]}
            seen = {t.name for p in reports[:k] for t in terms_of[p.meta.id]}
            year.previous = prev
            year.new_terms = [t for t in terms_of[r.meta.id] if t.name not in seen]
            year.dropped_terms = [t for t in terms_of[prev.meta.id] if t.name in before - now]
        years.append(year)
    with_targets = [y for y in years if any(c.target for c in y.cells)]
    return render(
        "region-years.md.j2",
        pages.region_years(node.code),
        with_targets=with_targets,
        front_matter=front_matter(title=say("page.compare_title", region=node.name)),
        node=node,
        years=years,
        columns=[names[k] for k in columns],
        column_keys=columns,
        rule=data.load("indicators")["attainment"]["rule"],
    )


def _targets(r: Report, key: str) -> list[Record]:
    return [x for x in r.figures if x.indicator == key and x.kind == "target" and x.period == str(r.meta.year)]
