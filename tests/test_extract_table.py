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


def _records(text: str, context: str) -> list[list]:
    head = "2025年河南省政府工作报告\n各位代表：\n一、2024年工作回顾\n"
    body = text if context == "review" else "过去一年，我们做了很多工作。\n二、2025年工作安排\n" + text
    report, _ = process_source(read_bytes("x.txt", (head + body + "\n").encode("utf-8")))
    out = []
    for r in extract(report).records:
        row = [r.indicator, r.kind, r.period, r.measure, r.value, r.unit, r.qualifier]
        if r.value_text:
            row.append(r.value_text)
        out.append(row)
    return out


@pytest.mark.parametrize("table, case", CASES, ids=[f"{t}:{c['text'][:16]}" for t, c in CASES])
def test_sentence_gives_exactly_its_records(table, case):
    want = [[*row[:4], None if row[4] is None else float(row[4]), *row[5:]] for row in case["records"]]
    assert _records(case["text"], case["context"]) == want


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
