"""Pages about the collection: home, regions, the navigation."""

from __future__ import annotations

from dataclasses import dataclass

from generator import data, pages, tables
from generator.link import Corpus, RegionNode
from generator.messages import say
from generator.model import Problem, Report
from generator.pages import Page
from generator.render.compare import compared
from generator.render.common import Stored, completeness_suffix, front_matter, names, remembered_page, render, token

@dataclass
class TreeLine:
    depth: int
    node: RegionNode


def tree(corpus: Corpus) -> list[TreeLine]:
    out: list[TreeLine] = []

    def walk(code: str, depth: int) -> None:
        node = corpus.regions[code]
        out.append(TreeLine(depth, node))
        for c in node.children:
            walk(c, depth + 1)

    for root in corpus.roots():
        walk(root.code, 0)
    return out


def _all_reports(corpus: Corpus, code: str) -> list[Report]:
    node = corpus.regions[code]
    out = list(node.reports) + node.unlisted
    for c in node.children:
        out.extend(_all_reports(corpus, c))
    return out


def region_pages(corpus: Corpus) -> dict[Page, str | Stored]:
    """The region tree (regions/index.md, listed as the reports section) and a page per region."""
    files = {pages.region(node.code): region_page(node, corpus) for node in corpus.regions.values()}
    files[pages.regions()] = render(
        "regions-index.md.j2",
        pages.regions(),
        front_matter=front_matter(title=say("page.regions")),
        tree=tree(corpus),
        completeness_suffix=completeness_suffix(),
        attribution=data.load("regions")["attribution"],
    )
    return files


def year_pages(corpus: Corpus) -> dict[Page, str]:
    """A page per report year and their index."""
    n = names()
    files = {pages.years(): render("years-index.md.j2", pages.years(), front_matter=front_matter(title=say("page.years")),
                                   years=corpus.years)}
    for year, reports in corpus.years.items():
        title = say("page.year", year=year)
        files[pages.year(year, title)] = render("year.md.j2", pages.year(year), front_matter=front_matter(title=title),
                                                year=year, reports=reports, level_names=n["level"],
                                                completeness_names=n["completeness"])
    return files


def region_page(node: RegionNode, corpus: Corpus) -> str | Stored:
    """A region's page, kept in the cache by its view (`_region_view`): an edit makes again
    only the pages of the regions whose reports or names it changed (making all 400 took 0.3 s
    of an edit's rebuild on a thousand reports)."""
    n = names()
    children = []
    for c in node.children:
        child = corpus.regions[c]
        children.append(
            {"name": child.name, "code": child.code, "level": child.level, "all_reports": _all_reports(corpus, c)}
        )
    return remembered_page(
        "region.md.j2",
        pages.region(node.code),
        lambda: _region_view(node, corpus, children),
        front_matter=front_matter(title=node.name),
        node=node,
        path=corpus.region_path(node.code),
        level_name=n["level"].get(node.level, node.level),
        level_names=n["level"],
        completeness_names=n["completeness"],
        completeness_suffix=completeness_suffix(),
        children=children,
        region_pages=set(corpus.regions),
        compared=len(compared(node)) >= 2,
    )


def _region_view(node: RegionNode, corpus: Corpus, children: list[dict]) -> tuple:
    """All a region's page shows: the region, the regions above it, each report it lists (by
    its `token`, which fixes all the page shows of it), its subdivisions and their reports,
    the subdivisions its reports name (and which of them have a page), the reports naming
    it, and whether its reports are compared year by year."""
    return (node.code, node.name, node.level, [(p.code, p.name) for p in corpus.region_path(node.code)],
            [token(r) for r in node.reports], [token(r) for r in node.unlisted],
            [(c["code"], c["name"], c["level"], [token(r) for r in c["all_reports"]]) for c in children],
            [(code, name, count, code in corpus.regions) for code, name, count in node.names],
            [(token(r), count) for r, count in node.mentioned_by], len(compared(node)) >= 2)


def report_nav(corpus: Corpus) -> list[dict]:
    """Navigation: province › city › report; county pages are reached from their reports."""
    out: list[dict] = []

    def walk(code: str, depth: int) -> None:
        node = corpus.regions[code]
        for r in sorted(node.reports + node.unlisted, key=lambda r: -(r.meta.year or 0)):
            label = say("page.tree_report", region=r.meta.region, year=r.meta.year or "",
                        suffix=completeness_suffix()[r.meta.completeness])
            out.append({"depth": depth, "label": label, "page": pages.report(r.meta.id)})
        for c in node.children:
            child = corpus.regions[c]
            if child.level in ("province", "city", "nation"):
                out.append({"depth": depth, "label": child.name, "page": pages.region(c)})
                walk(c, depth + 1)
            else:
                walk(c, depth)

    for root in corpus.roots():
        out.append({"depth": 0, "label": root.name, "page": pages.region(root.code)})
        walk(root.code, 1)
    placed = {id(r) for node in corpus.regions.values() for r in node.unlisted}
    orphans = [r for r in corpus.reports if (not r.meta.region_code or r.meta.region_code not in corpus.regions)
               and id(r) not in placed]
    if orphans:
        out.append({"depth": 0, "label": say("page.unplaced"), "page": None})
        for r in orphans:
            out.append({"depth": 1, "label": r.meta.title, "page": pages.report(r.meta.id)})
    return out


def home_page(corpus: Corpus, problems: list[Problem], has_maps: bool = False) -> str:
    n = names()
    rows = []
    for r in corpus.reports:
        m = r.meta
        rows.append(
            {
                "region": m.region or say("page.unidentified"),
                "report": r,
                "parent": " › ".join(m.parents),
                "level_name": n["level"].get(m.level, "—") if m.level else "—",
                "year": m.year,
                "date": m.date,
                "completeness_name": n["completeness"][m.completeness],
                "chars": r.chars,
            }
        )
    home_keys = data.load("indicators")["home_indicators"]
    names_by_key = {i["key"]: i["name"] for i in data.load("indicators")["indicators"]}
    figures = []
    for r in sorted(corpus.reports, key=lambda r: (-(r.meta.year or 0), r.meta.region_code or "")):
        summary_rows, _ = tables.summary(r)
        cells = {row.key: row for row in summary_rows}
        if any(k in cells for k in home_keys):
            figures.append({"report": r, "cells": [cells.get(k) for k in home_keys]})
    return render(
        "home.md.j2",
        pages.home(),
        figures=figures,
        figure_names=[names_by_key[k] for k in home_keys],
        front_matter=front_matter(title=say("page.home"), hide=["navigation"]),
        reports=corpus.reports,
        rows=rows,
        region_count=len({r.meta.region_code for r in corpus.reports if r.meta.region_code}),
        years=sorted(corpus.years),
        total_chars=sum(r.chars for r in corpus.reports),
        problem_count=sum(1 for p in problems if p.severity != "note"),
        has_people=any(r.meta.speaker for r in corpus.reports),
        has_maps=has_maps,
        comparisons=[n for n in corpus.regions.values() if len(compared(n)) >= 2],
        comparisons_shown=data.load("indicators")["home_comparisons"],
    )
