"""Record building: a sentence's figures as indicator records, with their measure (growth,
level, share, rate, a yearly average), sign, qualifier and period."""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator import data
from generator.extract.clauses import Found, Subject, clause_figures, expand_ellipsis, names
from generator.extract.context import Sentence
from generator.extract.vocab import CLAUSE, plan_forms
from generator.model import Meta, Record


@dataclass(frozen=True)
class Value:
    """What a figure says: its measure, number or range, unit and qualifier, or words."""

    measure: str
    unit: str | None = None
    value: float | None = None
    value_low: float | None = None
    value_high: float | None = None
    qualifier: str | None = None
    text: str | None = None


@dataclass(frozen=True)
class SentenceRecords:
    """The records of a sentence, and whether any clause gave an indicator a figure or
    words (a target sentence that gives none may be a quantified commitment)."""

    records: list[Record]
    named: bool


def _measure(ind: dict, alias: str, prefix: str, unit: str) -> tuple[str, int]:
    # (measure, sign) of a figure from the words just before it. A yearly average over a
    # period (年均增长8.2%) is its own measure, avg_growth.
    measure, sign = _plain_measure(ind, alias, prefix, unit)
    if measure == "growth" and any(w in prefix[-8:] for w in data.load("indicators")["average_words"]):
        return "avg_growth", sign
    return measure, sign


def _plain_measure(ind: dict, alias: str, prefix: str, unit: str) -> tuple[str, int]:
    c = data.load("indicators")
    tail = prefix[-8:]
    if ind.get("measure"):
        fell = any(w in tail[-4:] for w in c["decline_words"]) and not re.search(c["to_level"], tail)
        return ind["measure"], -1 if fell else 1  # 涨幅回落到2.6% is the level reached
    if any(w in tail for w in c["share_words"]):
        return "share", 1
    if unit == c["point_unit"]:
        return "growth", -1 if any(w in tail for w in c["decline_words"]) else 1
    if unit == "%":
        fell = any(w in tail[-4:] for w in c["decline_words"]) and not re.search(c["to_level"], tail)
        if fell:
            return "growth", -1
        grew = any(w in tail[-4:] for w in c["growth_words"]) and not re.search(c["to_level"], tail)
        if ind.get("rate") and not grew:
            return "rate", 1
        if grew or alias in ind.get("growth_alias", []):
            return "growth", 1
        return ("rate" if ind.get("rate") else "growth"), 1
    return "level", 1


def _qualifier(prefix: str, qual: str | None) -> str | None:
    if qual:
        return qual
    tail = prefix[-6:]
    for w in data.load("indicators")["qualifiers_before"]:
        if w in tail:
            return w
    return None


def value(found: Found) -> Value:
    if found.figure is None:
        return Value("level", text=found.text)
    f = found.figure
    unit = data.load("indicators")["units"][f.group("unit")]
    measure, sign = _measure(found.indicator, found.alias, found.prefix, unit)
    qualifier = _qualifier(found.prefix, f.group("qual") or found.qualifier)
    low, high = float(f.group("low")), f.group("high")
    if high is not None:
        return Value(measure, unit, None, low, float(high), qualifier)
    return Value(measure, unit, sign * low, None, None, qualifier)


def period(kind: str, multi: bool, year: int | None, review: int | None, context: str) -> str:
    # The year of a figure, or the span of years of a multi-year one: the five-year plan its
    # context names (“十四五”时期), else the five years up to the review or from this year.
    if not multi:
        p = review if kind == "actual" else year
        return str(p) if p else ""
    for name, (start, end) in sorted(data.load("indicators")["plans"].items(), key=lambda kv: -len(kv[0])):
        if any(form in context for form in plan_forms(name)):
            if kind == "actual" and review and not (start <= review <= end):
                continue
            return f"{start}-{end}"
    if kind == "actual" and review:
        return f"{review - 4}-{review}"
    if year:
        return f"{year}-{year + 4}"
    return ""


def _committed(clause: str, found: Found) -> bool:
    """A figure in the plan part is a commitment, not a recollection of the past."""
    return found.figure is not None and not any(w in clause for w in data.load("indicators")["past_markers"])


def _fits(found: Found, v: Value) -> bool:
    # A level in a unit the indicator is not counted in is not the indicator's (粮食种植面积和
    # 产量稳定在557万亩、262万吨以上: 557万亩 is the area).
    std = found.indicator.get("level_unit")
    if v.measure != "level" or not std or v.unit is None:
        return True
    return v.unit in data.load("indicators")["standard_units"].get(std, {}) or v.unit in data.load("indicators")["other_level_units"]


def _multi(s: Sentence, clause: str) -> bool:
    # A figure over several years: a yearly average, a result in a paragraph on the past five
    # years, a target of a five-year plan or of the next five years (今后五年，……).
    c = data.load("indicators")
    if any(w in clause for w in c["multi_year_words"]):
        return True
    if s.kind == "actual":
        return s.five_years
    return bool(s.plan_span) or s.clean.startswith(tuple(c["five_years_ahead"]))


def _record(meta: Meta, s: Sentence, clause: str, found: Found, v: Value, multi: bool) -> Record:
    c = data.load("indicators")
    p = period(s.kind, multi, meta.year, meta.review_year, s.context)
    if multi and s.kind == "target" and s.plan_span:
        p = "-".join(str(y) for y in c["plans"][s.plan_span])  # the plan whose targets are stated
    explicit = re.search(c["explicit_year"], clause[: found.figure.start()] if found.figure else clause)
    by_year = re.match(c["by_year"], s.clean)
    yearly = any(w in clause for w in c["multi_year_words"])
    # A year written before the figure dates it; a plan's target for its last year too
    # (2015年国内生产总值将超过55万亿元; 到2020年，常住人口城镇化率达到60%).
    if explicit and (not multi or (s.kind == "target" and not yearly)):
        p = explicit.group(1)
    elif by_year and s.kind == "target" and not yearly:
        p = by_year.group("year")
    ind = found.indicator
    return Record(
        report_id=meta.id, region=meta.region, level=meta.level, year=meta.year,
        indicator=ind["key"], indicator_name=ind["name"], kind=s.kind, period=p,
        value=v.value, value_low=v.value_low, value_high=v.value_high, unit=v.unit,
        qualifier=v.qualifier, measure=v.measure, text=s.text.strip(), anchor=s.anchor,
        value_text=v.text, source=s.source, statement=s.stated,
    )


def _subjects(clause: str, found: list[Found], stated: bool) -> list[Subject]:
    # The subjects a clause leaves to the next one: those with figures here, else those
    # it only names (粮食总产量再上新台阶，突破1600亿斤: named here, measured next).
    by_key: dict[str, Subject] = {}
    for f in found:
        by_key[f.indicator["key"]] = Subject(f.indicator, f.alias)
    return list(by_key.values()) or [n.subject for n in names(expand_ellipsis(clause), stated)]


def sentence_records(meta: Meta, s: Sentence) -> SentenceRecords:
    records: list[Record] = []
    named = False
    previous: list[Subject] | None = None
    before = ""
    for clause in CLAUSE.split(s.clean):
        multi = _multi(s, clause)
        found = clause_figures(clause, previous, s.stated, before)
        # A clause that only ranks the figure before it (增速全国第3) keeps the subjects before it.
        aside = not found and re.match(data.load("indicators")["aside_clause"], clause)
        previous = _subjects(clause, found, s.stated) or (previous if aside else None)
        before = clause
        named = named or bool(found)
        for f in found:
            if s.kind == "target" and not s.stated and not _committed(clause, f):
                continue  # the plan part also recalls the past: only commitments count
            v = value(f)
            if _fits(f, v):
                records.append(_record(meta, s, clause, f, v, multi))
    return SentenceRecords(records, named)
