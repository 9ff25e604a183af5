"""The extractor against its specification table (tests/fixtures/extract/*.yml)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from generator.build import process_source
from generator.extract import extract
from generator.read import read_bytes

TABLES = sorted((Path(__file__).parent / "fixtures" / "extract").glob("*.yml"))
CASES = [(p.stem, c) for p in TABLES for c in yaml.safe_load(p.read_text(encoding="utf-8"))["cases"]]


def _records(text: str, context: str, year: int = 2025, heading: str | None = None) -> list[list]:
    """The records of a sentence standing in the review part (under 一、{year-1}年工作回顾) or
    in the plan part (under 二、{year}年工作安排) of a report of `year`; an entry's own heading
    replaces the part's."""
    review = heading if heading and context == "review" else f"一、{year - 1}年工作回顾"
    head = f"{year}年河南省政府工作报告\n各位代表：\n{review}\n"
    plan = heading or f"二、{year}年工作安排"
    body = text if context == "review" else f"过去一年，我们做了很多工作。\n{plan}\n" + text
    report, _ = process_source(read_bytes("x.txt", (head + body + "\n").encode("utf-8")))
    out = []
    for r in extract(report).records:
        row = [r.indicator, r.kind, r.period, r.measure, r.value, r.unit, r.qualifier]
        if r.value_text:
            row.append(r.value_text)
        out.append(row)
    return out


def _case(table: str, case: dict):
    marks = [pytest.mark.xfail(reason=case["xfail"], strict=True)] if case.get("xfail") else []
    return pytest.param(table, case, marks=marks, id=f"{table}:{case['text'][:16]}")


@pytest.mark.parametrize("table, case", [_case(t, c) for t, c in CASES])
def test_sentence_gives_exactly_its_records(table, case):
    want = [[*row[:4], None if row[4] is None else float(row[4]), *row[5:]] for row in case["records"]]
    assert _records(case["text"], case["context"], case.get("year", 2025), case.get("heading")) == want


def test_the_table_covers_enough_sentences():
    assert len(CASES) >= 150
    assert all(set(c) <= {"text", "context", "records", "year", "heading", "source", "xfail"} for _, c in CASES)


@pytest.mark.parametrize("indicator, measure, value, unit, std", [
    ("gdp", "level", 5.53, "万亿元", (55300.0, "亿元")),
    ("gdp", "level", 3569.7, "亿元", (3569.7, "亿元")),
    ("grain", "level", 132.4, "亿斤", (662.0, "万吨")),
    ("grain", "level", 1335.0, "万吨", (1335.0, "万吨")),
    ("jobs", "level", 8300.0, "人", (0.83, "万人")),
    ("income", "level", 4.1, "万元", (41000.0, "元")),
    ("gdp", "growth", 5.1, "%", (5.1, "%")),
    ("urbanization", "growth", 1.2, "个百分点", (1.2, "个百分点")),
    ("trade", "level", 120.0, "亿美元", (None, None)),
])
def test_standard_values_of_the_downloads(indicator, measure, value, unit, std):
    from generator.model import Record

    r = Record(report_id="x", region=None, level=None, year=2025, indicator=indicator, indicator_name="", kind="actual",
               period="2024", value=value, value_low=None, value_high=None, unit=unit, qualifier=None,
               measure=measure, text="", anchor="")
    assert r.standard() == std


def test_a_record_named_for_its_report_is_a_copy_with_that_id_alone_changed():
    import dataclasses

    from generator.model import Record

    r = Record(report_id="", region="410700", level="city", year=2025, indicator="gdp", indicator_name="地区生产总值",
               kind="target", period="2025", value=5.5, value_low=None, value_high=None, unit="%", qualifier="左右",
               measure="growth", text="地区生产总值增长5.5%左右", anchor="p3-2", statement=True)
    named = r.of_report("410700-2025")
    assert named == dataclasses.replace(r, report_id="410700-2025") and named is not r
    assert r.report_id == "" and named.display() == r.display() == "增长5.5%左右"
