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
