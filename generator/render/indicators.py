"""The indicators section: a page per indicator, the overview matrix, the downloads."""

from __future__ import annotations

import functools

from generator import charts, data, pages, tables
from generator.link import Corpus
from generator.messages import group, say
from generator.model import brief, digest_of, figures_view
from generator.pages import Page
from generator.render.common import front_matter, kept, names, render, stored, token

def indicators_with_records(corpus: Corpus) -> list[dict]:
    have = {r.indicator for r in tables.all_records(corpus.reports)}
    return [{"key": i["key"], "name": i["name"]} for i in data.load("indicators")["indicators"] if i["key"] in have]


def indicator_pages(corpus: Corpus) -> dict[Page, str]:
    """indicators/index.md (overview matrix), one page per indicator, and the downloads."""
    records = tables.all_records(corpus.reports)
    # The downloads and the overview show every report's records and, of the report, only
    # what the overview's rows name: an edit that leaves a report's figures as they were keeps
    # all three (the overview alone took 0.8 s to make again after each edit on a thousand).
    # The three share one digest of that view, made once.
    @functools.cache
    def every() -> str:
        shown = [(r.meta.id, r.meta.region, r.meta.year, r.meta.review_year, figures_view(r)) for r in corpus.reports]
        return digest_of(shown).hex()

    def each(kind: str, rows) -> list[str]:  # each report's part of a download, kept by the report
        return [kept(f"{kind}\n{r.meta.id}", lambda r=r: token(r), lambda r=r: rows(r.figures)) for r in corpus.reports]

    files: dict[Page, str] = {
        pages.data_file("indicators.csv"): stored(
            "indicators.csv", every, lambda: tables.csv_head() + "".join(each("csv", tables.csv_rows))),
        pages.data_file("indicators.json"): stored(
            "indicators.json", every, lambda: tables.json_list(each("json", tables.json_rows))),
        pages.indicators(): stored(pages.indicators().path, every, lambda: _overview(corpus, records)),
    }
    stating: dict[str, list] = {}  # indicator → the reports with records of it, in order
    for rep in corpus.reports:
        for key in dict.fromkeys(r.indicator for r in rep.figures):
            stating.setdefault(key, []).append(rep)
    for ind in data.load("indicators")["indicators"]:
        if ind["key"] not in stating:
            continue
        files[pages.indicator(ind["key"], ind["name"])] = stored(
            pages.indicator(ind["key"]).path, lambda ind=ind: _indicator_view(ind["key"], stating[ind["key"]]),
            lambda ind=ind: _indicator_page(ind, [r for r in records if r.indicator == ind["key"]], corpus))
    return files


def _overview(corpus: Corpus, records: list) -> str:
    """indicators/index.md: which report states which indicator."""
    inds = indicators_with_records(corpus)
    matrix = []
    for rep in corpus.reports:
        rows, _ = tables.summary(rep)
        matrix.append({"report": rep, "cells": {row.key: row for row in rows}})
    return render(
        "indicators-index.md.j2",
        pages.indicators(),
        front_matter=front_matter(title=say("page.indicators")),
        indicators=inds,
        matrix=matrix,
        counts={i["key"]: sum(1 for r in records if r.indicator == i["key"]) for i in inds},
        total=len(records),
    )


def _indicator_view(key: str, stating: list) -> list:
    """All an indicator page shows: the reports with records of the indicator (`stating`), each
    by its records of it (`figures_view`) and what the page shows of it besides (its rows, charts and
    the attainment across years read no more)."""
    return [(brief(rep), rep.meta.level, rep.meta.region_code, rep.meta.review_year, figures_view(rep, key))
            for rep in stating]


def _indicator_page(ind: dict, records: list, corpus: Corpus) -> str:
    n = names()
    reports = {r.meta.id: r for r in corpus.reports}
    rows = []
    for rep in corpus.reports:
        mine = [r for r in rep.figures if r.indicator == ind["key"]]
        if not mine:
            continue
        rows.append({
            "report": rep,
            "actual": [r for r in mine if r.kind == "actual" and r.period == str(rep.meta.review_year)],
            "target": [r for r in mine if r.kind == "target" and r.period == str(rep.meta.year)],
            "other": [r for r in mine if r.period not in (str(rep.meta.review_year), str(rep.meta.year))],
            "qualifiers": sorted({r.qualifier for r in mine if r.qualifier}),
            "level_name": n["level"].get(rep.meta.level, "—") if rep.meta.level else "—",
        })
    rows.sort(key=lambda x: (-(x["report"].meta.year or 0), x["report"].meta.region_code or ""))
    chart_list = _target_charts(ind, records, reports)
    # Over time: regions with several years.
    series_charts = []
    by_region: dict[str, list] = {}
    for r in records:
        if r.value is not None and r.period.isdigit() and r.measure == "growth":
            by_region.setdefault(reports[r.report_id].meta.region_code or "", []).append(r)
    for code, recs in sorted(by_region.items()):
        if len({r.report_id for r in recs}) < 2:
            continue  # one report gives one year's result and target: no trend to draw
        series = {kind: [(int(r.period), r.value) for r in recs if r.kind == kind] for kind in ("target", "actual")}
        name = reports[recs[0].report_id].meta.region
        svg = charts.lines({k: v for k, v in series.items() if v}, unit="%", names=group("kind"),
                           title=say("page.chart_series", region=name, indicator=ind["name"]))
        if svg:
            series_charts.append(svg)
    return render(
        "indicator.md.j2",
        pages.indicator(ind["key"]),
        front_matter=front_matter(title=ind["name"]),
        ind=ind,
        rows=rows,
        charts=chart_list,
        series_charts=series_charts,
        attainment=tables.attainment(corpus.reports, ind["key"]),
        attainment_rule=data.load("indicators")["attainment"]["rule"],
        met=tables.met,
        kind_names=group("kind"),
    )


def _target_charts(ind: dict, records: list, reports: dict) -> list:
    """Growth (or rate) targets by region, for each year with numbers."""
    chart_list = []
    for measure in ("growth", "rate", "level"):
        by_year: dict[str, list] = {}
        for r in records:
            if r.kind == "target" and r.measure == measure and r.value is not None and r.period.isdigit():
                by_year.setdefault(r.period, []).append(r)
        for year, recs in sorted(by_year.items(), reverse=True):
            units = {r.unit for r in recs}
            if len(units) != 1:
                continue
            bars = [(f"{reports[r.report_id].meta.region}", r.value, "target") for r in recs]
            title = say("page.chart_targets", year=year, indicator=ind["name"], measure=group("chart_measure")[measure])
            chart_list.append(charts.bars(bars, unit=units.pop(), title=title))
        if chart_list:
            break
    return chart_list
