"""Render stage: Corpus → Markdown pages and data files (relative path → content).

Templates (generator/templates/*.md.j2) hold the pages; the modules of this package only
prepare the values they show.
"""

from __future__ import annotations

import json

from generator import data, tables
from generator.link import Corpus
from generator.messages import group, say
from generator.model import Guard, Problem
from generator.render.collection import home_page, region_page, report_nav, tree
from generator.render.common import completeness_suffix, front_matter, names, record, render
from generator.render.indicators import indicator_pages, indicators_with_records
from generator.render.reports import log_page, report_page
from generator.people import people
from generator.render.compare import comparison_pages
from generator.render.people import people_pages
from generator.render.terms import term_pages
from generator.render.words import word_pages

__all__ = ["render_site"]

def render_site(corpus: Corpus, problems: list[Problem]) -> dict[str, bytes]:
    """Every generated file, keyed by its path relative to the docs dir. A report whose own
    pages cannot be made is left out of the site, with a line in the build report."""
    n = names()
    files: dict[str, str | bytes] = {}
    guard = Guard("render")
    corpus.attainment = tables.attainment_by_report(corpus.reports)
    pages = {id(r): guard.run(r, lambda: (report_page(r, corpus), log_page(r))) for r in list(corpus.reports)}
    if guard.failed:
        # Leave the failed reports out, then make the others again: none may link to them.
        for r in guard.reports():
            corpus.drop(r)
        corpus.attainment = tables.attainment_by_report(corpus.reports)
        pages = {id(r): guard.run(r, lambda: (report_page(r, corpus), log_page(r))) for r in list(corpus.reports)}
        for r in [r for r in corpus.reports if pages[id(r)] is None]:
            corpus.drop(r)
    for r in corpus.reports:
        page, log = pages[id(r)]
        files[f"reports/{r.meta.id}.md"] = page
        files[f"logs/{r.meta.id}.md"] = log
        files[f"raw/{r.meta.id}{r.source.suffix}"] = r.source.data
    for node in corpus.regions.values():
        files[node.page] = region_page(node, corpus)
    files["regions/index.md"] = render(
        "regions-index.md.j2",
        front_matter=front_matter(title=say("page.regions")),
        tree=tree(corpus),
        completeness_suffix=completeness_suffix(),
        attribution=data.load("regions")["attribution"],
    )
    for year, reports in corpus.years.items():
        files[f"years/{year}.md"] = render(
            "year.md.j2",
            front_matter=front_matter(title=say("page.year", year=year)),
            year=year,
            reports=reports,
            level_names=n["level"],
            completeness_names=n["completeness"],
        )
    files["years/index.md"] = render("years-index.md.j2", front_matter=front_matter(title=say("page.years")), years=corpus.years)
    problems.extend(guard.problems())
    files["index.md"] = home_page(corpus, problems)
    files["build-report.md"] = render(
        "build-report.md.j2",
        front_matter=front_matter(title=say("page.build_report"), search={"exclude": True}),
        problems=problems,
        report_count=len(corpus.reports),
        severity_names=group("severity"),
    )
    files["SUMMARY.md"] = render("SUMMARY.md.j2", report_nav=report_nav(corpus), years=list(corpus.years),
                                  indicators=indicators_with_records(corpus), has_terms=bool(corpus.terms),
                                  has_people=any(r.meta.speaker for r in corpus.reports), people=people(corpus.reports))
    files.update(indicator_pages(corpus))
    files.update(term_pages(corpus))
    files.update(people_pages(corpus))
    files.update(comparison_pages(corpus))
    files.update(word_pages(corpus))
    files["data/reports.json"] = json.dumps([record(r) for r in corpus.reports], ensure_ascii=False, indent=2) + "\n"
    return {k: (v.encode("utf-8") if isinstance(v, str) else v) for k, v in files.items()}
