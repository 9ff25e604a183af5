"""Tables of figures for the pages: a report's summary, an indicator across reports,
the overview matrix, target attainment. Pure functions over model.Record lists."""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field

from generator import data
from generator.messages import say
from generator.model import CSV_COLUMNS, Record
from generator.model import Report


def indicator_order() -> list[tuple[str, str]]:
    return [(i["key"], i["name"]) for i in data.load("indicators")["indicators"]]


@dataclass
class SummaryRow:
    key: str
    name: str
    actual: list[Record] = field(default_factory=list)
    target: list[Record] = field(default_factory=list)


def summary(report: Report) -> tuple[list[SummaryRow], list[Record]]:
    """Annual rows (result of the reviewed year, target of the report year) and the
    multi-year records, in the order of the indicator list."""
    m = report.meta
    rows: dict[str, SummaryRow] = {k: SummaryRow(k, n) for k, n in indicator_order()}
    multi: list[Record] = []
    for r in report.figures:
        if "-" in r.period:
            multi.append(r)
        elif r.kind == "actual" and r.period == str(m.review_year):
            rows[r.indicator].actual.append(r)
        elif r.kind == "target" and r.period == str(m.year):
            rows[r.indicator].target.append(r)
        else:
            multi.append(r)  # another single year (2015年国内生产总值将超过……)
    order = {k: i for i, (k, _) in enumerate(indicator_order())}
    multi.sort(key=lambda r: (order[r.indicator], r.period, r.kind))
    return [row for row in rows.values() if row.actual or row.target], multi


def all_records(reports: list[Report]) -> list[Record]:
    return [r for rep in reports for r in rep.figures]


def csv_head() -> str:
    """What the CSV download starts with: a byte-order mark (spreadsheet programs then read the
    UTF-8 Chinese as Chinese instead of guessing a legacy encoding) and the header."""
    buf = io.StringIO()
    buf.write("\ufeff")
    csv.DictWriter(buf, fieldnames=CSV_COLUMNS, lineterminator="\n").writeheader()
    return buf.getvalue()


def csv_rows(records: list[Record]) -> str:
    """The CSV lines of these records (the download is its head and each report's rows)."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=CSV_COLUMNS, lineterminator="\n")
    for r in records:
        writer.writerow({k: ("" if v is None else v) for k, v in r.as_row().items()})
    return buf.getvalue()


def json_rows(records: list[Record]) -> str:
    """The records as JSON objects indented by two spaces, without the list around them: what
    json.dumps(rows, ensure_ascii=False, indent=2) writes of them, made with the C encoder of
    each value (an indented dump runs the pure-Python one over every value)."""
    value = json.JSONEncoder(ensure_ascii=False).encode
    return ",\n".join("  {\n" + ",\n".join(f"    {value(k)}: {value(v)}" for k, v in r.as_row().items()) + "\n  }"
                      for r in records)


def json_list(parts: list[str]) -> str:
    """The JSON list of the objects of `json_rows` parts (those of each report of a collection)."""
    parts = [p for p in parts if p]
    return "[\n" + ",\n".join(parts) + "\n]\n" if parts else "[]\n"


@dataclass
class Attainment:
    report_target: Report
    report_actual: Report
    target: Record
    actual: Record


def _met_in_words(r: Record) -> bool:
    # A result stated as the target met (国内生产总值增长率达到预期目标).
    return bool(r.value_text and re.search(data.load("indicators")["achieved_cue"], r.value_text))


def attainment(reports: list[Report], key: str) -> list[Attainment]:
    """Where a region has reports for consecutive years: year Y's target next to the result
    for Y reported the next year, a figure of the same measure or words saying the target
    was met."""
    by_region: dict[str, dict[int, Report]] = {}
    for rep in reports:
        if rep.meta.region_code and rep.meta.year:
            by_region.setdefault(rep.meta.region_code, {})[rep.meta.year] = rep
    out = []
    for code, years in sorted(by_region.items()):
        for y, rep in sorted(years.items()):
            nxt = years.get(y + 1)
            if not nxt:
                continue
            for t in (r for r in rep.figures if r.indicator == key and r.kind == "target" and r.period == str(y)):
                for a in (r for r in nxt.figures if r.indicator == key and r.kind == "actual"
                          and r.period == str(y) and (r.measure == t.measure or _met_in_words(r))):
                    out.append(Attainment(rep, nxt, t, a))
    return out


def attainment_by_report(reports: list[Report]) -> dict[str, list[Attainment]]:
    """Report id → the attainment pairs it takes part in (as the year of the target or as
    the next year's report of the result), every indicator, computed once for the site."""
    out: dict[str, list[Attainment]] = {}
    for ind in data.load("indicators")["indicators"]:
        for att in attainment(reports, ind["key"]):
            out.setdefault(att.report_target.meta.id, []).append(att)
            out.setdefault(att.report_actual.meta.id, []).append(att)
    return out


def met(att: Attainment) -> str:
    """Met or not (messages page.met / page.unmet) by the rule shown on the pages
    (attainment.rule in indicators.yml); "—" when either figure has no value."""
    t, a = att.target, att.actual
    if _met_in_words(a):
        return say("page.met")
    if a.value is None or (t.value is None and t.value_low is None):
        return "—"
    goal = t.value if t.value is not None else t.value_low
    rules = data.load("indicators")["attainment"]
    lower = {i["key"] for i in data.load("indicators")["indicators"] if i.get("lower_is_better")}
    if t.qualifier in rules["upper_bound_qualifiers"] or t.indicator in lower:
        done = a.value <= (t.value if t.value is not None else t.value_high)
    elif t.qualifier in rules["about_qualifiers"]:
        done = a.value >= goal - rules["about_tolerance"]
    else:
        done = a.value >= goal
    return say("page.met" if done else "page.unmet")
