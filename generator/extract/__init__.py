"""Extract stage: a Report → its key figures (indicator records) and quantified commitments.

Per report only; no knowledge of other reports. The vocabulary (indicators, aliases, units,
qualifiers, cue words, five-year plans) is data: generator/data/indicators.yml. Three parts:

* `context`: where each sentence stands (review or plan, the statement of the year's
  targets, a five-year review or plan) and so whether its figures are results or targets;
* `clauses`: the indicators each clause names and the figures that belong to each;
* `records`: the records built from them, with measure, qualifier and period.
"""

from __future__ import annotations

import re

from generator import data
from generator.extract.context import sentences
from generator.extract.records import sentence_records
from generator.model import Commitment, Extraction, Record, Report

__all__ = ["cfg", "extract"]


def extract(report: Report) -> Extraction:
    c = data.load("indicators")
    records: list[Record] = []
    commitments: list[Commitment] = []
    for s in sentences(report):
        got = sentence_records(report.meta, s)
        records.extend(got.records)
        if not got.named and s.kind == "target" and s.source == "body" and re.search(r"\d" + c["commitment_units"], s.clean):
            commitments.append(Commitment(s.text.strip(), s.anchor))
    return Extraction(records=_dedupe(records), commitments=commitments)


def _dedupe(records: list[Record]) -> list[Record]:
    # One record per fact. A target restated outside the targets paragraph is dropped when
    # the statement already gives that indicator's target as a figure (a statement in words,
    # 完成省定任务, leaves room for the figure stated later).
    seen: set[tuple] = set()
    stated = {(r.indicator, r.period, r.measure) for r in records
              if r.kind == "target" and r.statement and not r.value_text}
    out = []
    for r in records:
        if r.key() in seen:
            continue
        if r.kind == "target" and not r.statement and (r.indicator, r.period, r.measure) in stated:
            continue
        if r.kind == "target" and not r.statement and r.value_text:
            continue  # words in the plan part are aims, not targets
        seen.add(r.key())
        out.append(r)
    return out
