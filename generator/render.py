"""Render stage: Corpus → Markdown pages and data files (relative path → content).

Templates (generator/templates/*.md.j2) hold the pages; this module only prepares the
values they show.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from pathlib import Path

import jinja2
import yaml

from generator import charts, data, escape, regions, tables, trie
from generator.extract import SENTENCE, cfg as indicator_cfg
from generator.link import Corpus, RegionNode
from generator.model import Block, Problem, Report

TEMPLATES = Path(__file__).parent / "templates"


@functools.cache
def env() -> jinja2.Environment:
    e = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=False,  # Markdown output: every value is escaped explicitly with |md or |h
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    e.filters["md"] = escape.md
    e.filters["h"] = escape.h
    e.globals["block_html"] = block_html
    return e


def block_html(b: Block, cited: frozenset[str] = frozenset(), cls: str = "", links: dict | None = None) -> str:
    """A paragraph, list or verse as HTML. Every string is escaped; sentences that a figure
    cites get their own anchor (p12-3) so that a link can land on, and highlight, them;
    `links` maps (block anchor, line index) to term links [(start, end, href, title)]."""
    k = 0
    rendered: list[str] = []
    for li, line in enumerate(b.lines):
        spans = (links or {}).get((b.anchor, li), [])
        parts = []
        pos = 0
        for sent in (s for s in SENTENCE.split(line) if s):
            k += 1
            start, end = pos, pos + len(sent)
            pos = end
            head = len(b.run_in) if (k == 1 and b.run_in and sent.startswith(b.run_in)) else 0
            mine = [(a - start, z - start, href, title) for a, z, href, title in spans if a >= start + head and z <= end]
            body = _linked(sent[head:], [(a - head, z - head, href, title) for a, z, href, title in mine])
            text = (f'<strong class="run-in">{escape.h(b.run_in)}</strong>' if head else "") + body
            sid = f"{b.anchor}-{k}"
            parts.append(f'<span class="cited" id="{sid}">{text}</span>' if sid in cited else text)
        rendered.append("".join(parts))
    attr = f' class="{cls}"' if cls else ""
    if b.kind == "list":
        items = "".join(f"<li>{item}</li>" for item in rendered)
        return f'<ul class="report-list" id="{b.anchor}">{items}</ul>'
    if b.kind == "verse":
        return f'<p class="verse" id="{b.anchor}">{"<br>".join(rendered)}</p>'
    return f'<p id="{b.anchor}"{attr}>{rendered[0] if rendered else ""}</p>'


def names() -> dict[str, dict[str, str]]:
    cfg = data.load("metadata")
    return {"level": cfg["level_names"], "completeness": cfg["completeness_names"], "script": cfg["script_names"]}


COMPLETENESS_SUFFIX = {"full": "", "summary": "（摘要）", "excerpt": "（节选）"}
SEVERITY_NAMES = {"error": "错误（未发布）", "warning": "警告（已发布）", "note": "提示"}


def front_matter(**fields) -> str:
    return yaml.safe_dump(fields, allow_unicode=True, sort_keys=False, width=1000).strip()


def record(r: Report) -> dict:
    """The report's entry in data/reports.json (and its page's front matter)."""
    m = r.meta
    return {
        "id": m.id,
        "title": m.title,
        "region": m.region,
        "level": m.level,
        "province": m.province,
        "city": m.city,
        "year": m.year,
        "review_year": m.review_year,
        "meeting": m.meeting,
        "date": m.date,
        "speaker": m.speaker,
        "speaker_title": m.speaker_title,
        "script": r.source.script,
        "completeness": m.completeness,
        "source": f"seeds/{r.source.path}",
        "page": f"reports/{m.id}/",
        "chars": r.chars,
    }


def _render(template: str, **ctx) -> str:
    return env().get_template(template).render(**ctx)


def _meeting_text(r: Report) -> str | None:
    m = r.meta
    if not m.meeting:
        return None
    return f"{m.region or ''}{m.meeting}" if m.region and m.level != "nation" else m.meeting


def _date_text(date: str | None) -> str:
    if not date:
        return "未注明"
    y, mo, d = date.split("-")
    return f"{int(y)}年{int(mo)}月{int(d)}日"


KIND_NAMES = {"actual": "实际", "target": "目标"}


def _linked(text: str, spans: list[tuple[int, int, str, str]]) -> str:
    """Escape `text`, turning the given spans into links."""
    out, pos = [], 0
    for a, z, href, title in sorted(spans):
        out.append(escape.h(text[pos:a]))
        out.append(f'<a class="term" href="{escape.h(href)}" title="{escape.h(title)}">{escape.h(text[a:z])}</a>')
        pos = z
    out.append(escape.h(text[pos:]))
    return "".join(out)


def term_links(r: Report, corpus: Corpus, rel: str) -> dict[tuple[str, int], list]:
    """The first mention of each shared term in each section links to the term's page."""
    if not corpus.terms:
        return {}
    surface = {s: t for t in corpus.terms for s in t.surfaces}
    pattern = trie.pattern(surface)
    out: dict[tuple[str, int], list] = {}
    linked: dict[str, set[str]] = {}
    for section, block in r.all_blocks():
        done = linked.setdefault(section.anchor if section else "", set())
        for li, line in enumerate(block.lines):
            for m in pattern.finditer(line):
                term = surface[m.group()]
                if term.name in done:
                    continue
                done.add(term.name)
                out.setdefault((block.anchor, li), []).append(
                    (m.start(), m.end(), f"{rel}terms/{term.slug}/", f"术语：{term.name}"))
    return out


def report_page(r: Report, corpus: Corpus) -> str:
    n = names()
    m = r.meta
    summary_rows, multi = tables.summary(r)
    fm = front_matter(
        title=m.title,
        description=_description(r),
        report=record(r),
    )
    return _render(
        "report.md.j2",
        front_matter=fm,
        report=r,
        meta=m,
        rel="../",
        region_path=corpus.region_path(m.region_code),
        level_name=n["level"].get(m.level, "未识别") if m.level else "未识别",
        completeness_name=n["completeness"][m.completeness],
        script_name=n["script"][r.source.script],
        meeting=_meeting_text(r),
        date_text=_date_text(m.date),
        summary_rows=summary_rows,
        multi=multi,
        cited=frozenset(x.anchor for x in r.figures) | frozenset(c.anchor for c in r.commitments),
        kind_names=KIND_NAMES,
        links=term_links(r, corpus, "../../"),
        related=corpus.related.get(m.id, []),
        terms_here=[t for t in corpus.terms if any(x.meta.id == m.id for x in t.reports)],
        kind_labels=data.load("terms")["kinds"],
    )


def _description(r: Report) -> str:
    m = r.meta
    parts = [m.title]
    if m.meeting:
        parts.append(_meeting_text(r) or "")
    if m.speaker:
        parts.append(f"{m.speaker_title or ''}{m.speaker}")
    if m.date:
        parts.append(_date_text(m.date))
    return "，".join(p for p in parts if p) + "。"


def log_page(r: Report) -> str:
    n = names()
    fm = front_matter(title=f"处理日志：{r.meta.title}", search={"exclude": True})
    return _render("log.md.j2", front_matter=fm, report=r, meta=r.meta, script_name=n["script"][r.source.script])


@dataclass
class TreeLine:
    depth: int
    node: RegionNode


def _tree(corpus: Corpus) -> list[TreeLine]:
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
    out = list(node.reports)
    for c in node.children:
        out.extend(_all_reports(corpus, c))
    return out


def region_page(node: RegionNode, corpus: Corpus) -> str:
    n = names()
    children = []
    for c in node.children:
        child = corpus.regions[c]
        children.append(
            {"name": child.name, "code": child.code, "level": child.level, "all_reports": _all_reports(corpus, c)}
        )
    return _render(
        "region.md.j2",
        front_matter=front_matter(title=node.name),
        node=node,
        path=corpus.region_path(node.code),
        level_name=n["level"].get(node.level, node.level),
        level_names=n["level"],
        completeness_names=n["completeness"],
        completeness_suffix=COMPLETENESS_SUFFIX,
        children=children,
        region_pages=set(corpus.regions),
    )


def report_nav(corpus: Corpus) -> list[dict]:
    """Navigation: province › city › report; county pages are reached from their reports."""
    out: list[dict] = []

    def walk(code: str, depth: int) -> None:
        node = corpus.regions[code]
        for r in sorted(node.reports, key=lambda r: -(r.meta.year or 0)):
            label = f"{r.meta.region} {r.meta.year or ''}年{COMPLETENESS_SUFFIX[r.meta.completeness]}"
            out.append({"depth": depth, "label": label, "page": f"reports/{r.meta.id}.md"})
        for c in node.children:
            child = corpus.regions[c]
            if child.level in ("province", "city", "nation"):
                out.append({"depth": depth, "label": child.name, "page": child.page})
                walk(c, depth + 1)
            else:
                walk(c, depth)

    for root in corpus.roots():
        out.append({"depth": 0, "label": root.name, "page": root.page})
        walk(root.code, 1)
    orphans = [r for r in corpus.reports if not r.meta.region_code or r.meta.region_code not in corpus.regions]
    if orphans:
        out.append({"depth": 0, "label": "未识别地区", "page": None})
        for r in orphans:
            out.append({"depth": 1, "label": r.meta.title, "page": f"reports/{r.meta.id}.md"})
    return out


def home_page(corpus: Corpus, problems: list[Problem]) -> str:
    n = names()
    rows = []
    for r in corpus.reports:
        m = r.meta
        rows.append(
            {
                "region": m.region or "未识别",
                "page": f"reports/{m.id}.md",
                "parent": " › ".join(x for x in (m.province, m.city) if x and x != m.region),
                "level_name": n["level"].get(m.level, "—") if m.level else "—",
                "year": m.year,
                "date": m.date,
                "completeness_name": n["completeness"][m.completeness],
                "chars": r.chars,
            }
        )
    home_keys = indicator_cfg()["home_indicators"]
    names_by_key = {i["key"]: i["name"] for i in indicator_cfg()["indicators"]}
    figures = []
    for r in sorted(corpus.reports, key=lambda r: (-(r.meta.year or 0), r.meta.region_code or "")):
        summary_rows, _ = tables.summary(r)
        cells = {row.key: row for row in summary_rows}
        if any(k in cells for k in home_keys):
            figures.append({"report": r, "cells": [cells.get(k) for k in home_keys]})
    return _render(
        "home.md.j2",
        figures=figures,
        figure_names=[names_by_key[k] for k in home_keys],
        front_matter=front_matter(title="首页", hide=["navigation"]),
        reports=corpus.reports,
        rows=rows,
        region_count=len({r.meta.region_code for r in corpus.reports if r.meta.region_code}),
        years=sorted(corpus.years),
        total_chars=sum(r.chars for r in corpus.reports),
        problem_count=sum(1 for p in problems if p.severity != "note"),
    )


def render_site(corpus: Corpus, problems: list[Problem]) -> dict[str, bytes]:
    """Every generated file, keyed by its path relative to the docs dir."""
    n = names()
    files: dict[str, str | bytes] = {}
    for r in corpus.reports:
        files[f"reports/{r.meta.id}.md"] = report_page(r, corpus)
        files[f"logs/{r.meta.id}.md"] = log_page(r)
        files[f"raw/{r.meta.id}.txt"] = r.source.data
    for node in corpus.regions.values():
        files[node.page] = region_page(node, corpus)
    files["regions/index.md"] = _render(
        "regions-index.md.j2",
        front_matter=front_matter(title="地区"),
        tree=_tree(corpus),
        completeness_suffix=COMPLETENESS_SUFFIX,
        attribution=regions.DATA_ATTRIBUTION,
    )
    for year, reports in corpus.years.items():
        files[f"years/{year}.md"] = _render(
            "year.md.j2",
            front_matter=front_matter(title=f"{year}年"),
            year=year,
            reports=reports,
            level_names=n["level"],
            completeness_names=n["completeness"],
        )
    files["years/index.md"] = _render("years-index.md.j2", front_matter=front_matter(title="年份"), years=corpus.years)
    files["index.md"] = home_page(corpus, problems)
    files["build-report.md"] = _render(
        "build-report.md.j2",
        front_matter=front_matter(title="构建报告", search={"exclude": True}),
        problems=problems,
        report_count=len(corpus.reports),
        severity_names=SEVERITY_NAMES,
    )
    files["SUMMARY.md"] = _render("SUMMARY.md.j2", report_nav=report_nav(corpus), years=list(corpus.years),
                                  indicators=_indicators_with_records(corpus), has_terms=bool(corpus.terms))
    files.update(indicator_pages(corpus))
    files.update(term_pages(corpus))
    files["data/reports.json"] = json.dumps([record(r) for r in corpus.reports], ensure_ascii=False, indent=2) + "\n"
    return {k: (v.encode("utf-8") if isinstance(v, str) else v) for k, v in files.items()}


def _indicators_with_records(corpus: Corpus) -> list[dict]:
    have = {r.indicator for r in tables.all_records(corpus.reports)}
    return [{"key": i["key"], "name": i["name"]} for i in indicator_cfg()["indicators"] if i["key"] in have]


def indicator_pages(corpus: Corpus) -> dict[str, str]:
    """indicators/index.md (overview matrix), one page per indicator, and the downloads."""
    records = tables.all_records(corpus.reports)
    files: dict[str, str] = {
        "data/indicators.csv": tables.to_csv(records),
        "data/indicators.json": tables.to_json(records),
    }
    inds = _indicators_with_records(corpus)
    matrix = []
    for rep in corpus.reports:
        rows, _ = tables.summary(rep)
        cells = {row.key: row for row in rows}
        matrix.append({"report": rep, "cells": cells})
    files["indicators/index.md"] = _render(
        "indicators-index.md.j2",
        front_matter=front_matter(title="指标"),
        indicators=inds,
        matrix=matrix,
        counts={i["key"]: sum(1 for r in records if r.indicator == i["key"]) for i in inds},
        total=len(records),
    )
    for ind in indicator_cfg()["indicators"]:
        mine = [r for r in records if r.indicator == ind["key"]]
        if not mine:
            continue
        files[f"indicators/{ind['key']}.md"] = _indicator_page(ind, mine, corpus)
    return files


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
    # Chart: growth (or rate) targets by region, for each year with numbers.
    chart_list = []
    for measure in ("growth", "rate", "level"):
        by_year: dict[str, list] = {}
        for r in records:
            if r.kind == "target" and r.measure == measure and r.value is not None and "-" not in r.period:
                by_year.setdefault(r.period, []).append(r)
        for year, recs in sorted(by_year.items(), reverse=True):
            units = {r.unit for r in recs}
            if len(units) != 1:
                continue
            bars = [(f"{reports[r.report_id].meta.region}", r.value, "target") for r in recs]
            title = f"{year}年{ind['name']}目标（{ {'growth': '增速', 'rate': '水平', 'level': '总量'}[measure] }）"
            chart_list.append(charts.bars(bars, unit=units.pop(), title=title))
        if chart_list:
            break
    # Over time: regions with several years.
    series_charts = []
    by_region: dict[str, list] = {}
    for r in records:
        if r.value is not None and "-" not in r.period and r.measure == "growth":
            by_region.setdefault(reports[r.report_id].meta.region_code or "", []).append(r)
    for code, recs in sorted(by_region.items()):
        if len({r.report_id for r in recs}) < 2:
            continue  # one report gives one year's result and target: no trend to draw
        series = {"目标": [(int(r.period), r.value) for r in recs if r.kind == "target"],
                  "实际": [(int(r.period), r.value) for r in recs if r.kind == "actual"]}
        name = reports[recs[0].report_id].meta.region
        svg = charts.lines({k: v for k, v in series.items() if v}, unit="%", title=f"{name}：{ind['name']}增速，目标与实际")
        if svg:
            series_charts.append(svg)
    return _render(
        "indicator.md.j2",
        front_matter=front_matter(title=ind["name"]),
        ind=ind,
        rows=rows,
        charts=chart_list,
        series_charts=series_charts,
        attainment=tables.attainment(corpus.reports, ind["key"]),
        met=tables.met,
        kind_names=KIND_NAMES,
    )


def term_pages(corpus: Corpus) -> dict[str, str]:
    kinds = data.load("terms")["kinds"]
    files: dict[str, str] = {}
    groups = []
    for kind, label in kinds.items():
        mine = [t for t in corpus.terms if t.kind == kind]
        if mine:
            groups.append({"label": label, "terms": mine})
    files["terms/index.md"] = _render("terms-index.md.j2", front_matter=front_matter(title="名词"),
                                      groups=groups, total=len(corpus.terms))
    for t in corpus.terms:
        first: dict[str, object] = {}
        for rep in sorted(t.reports, key=lambda r: (r.meta.year or 9999, r.meta.date or "", r.meta.id)):
            first.setdefault(rep.meta.id, rep)
        by_report = []
        for rep in t.reports:
            occ = [o for o in t.occurrences if o.report is rep]
            by_report.append({"report": rep, "occurrences": occ})
        by_report.sort(key=lambda x: (-len(x["occurrences"]), x["report"].meta.id))
        files[f"terms/{t.slug}.md"] = _render(
            "term.md.j2",
            front_matter=front_matter(title=t.name),
            term=t,
            kind_label=kinds[t.kind],
            timeline=list(first.values()),
            by_report=by_report,
        )
    return files
