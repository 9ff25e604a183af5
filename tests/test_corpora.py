"""The three real collections in ../shared/corpora/ against gold read from their texts by
people (tests/gold/*.yml). Skipped where ../shared is absent (the project's own runner)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
import corpora  # noqa: E402

pytestmark = pytest.mark.skipif(not corpora.available(), reason="../shared/corpora is not beside the project")

FIELDS = ("region", "year", "meeting", "date", "speaker", "speaker_title")
GOLD = {"national": "national.yml", "provinces": "provinces-2025.yml", "cities": "cities-2024.yml"}


def _gold(name: str) -> dict:
    path = ROOT / "tests" / "gold" / GOLD[name]
    return yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else {}


@pytest.fixture(scope="module", params=corpora.NAMES)
def built(request, tmp_path_factory):
    from generator.build import build

    tmp = tmp_path_factory.mktemp(request.param)
    corpora.materialise(request.param, tmp / "seeds")
    result = build(tmp / "seeds", tmp / "docs")
    # Only what the tests read: a failing assertion must not print whole reports.
    light = Light({Path(r.source.path).name: r.meta for r in result.reports}, [str(p) for p in result.problems],
                  sorted(p.file for p in result.problems if p.severity == "error"),
                  [str(p) for p in result.problems if p.severity == "note"])
    return request.param, light, _gold(request.param)


@dataclass
class Light:
    metas: dict
    problems: list[str]
    refused: list[str]
    notes: list[str]


def _value(v):
    return v.isoformat() if isinstance(v, dt.date) else v


def test_whole_collection_builds_without_internal_errors(built):
    name, result, gold = built
    assert [p for p in result.problems if "内部错误" in p] == []
    refused = result.refused
    resolutions = sorted(f for f, g in (gold.get("files") or {}).items() if g.get("is_report") is False)
    assert refused == resolutions


def test_fields_stated_in_title_block_or_file_name_are_right(built):
    """Every field the title block or the file name states, for every file (a mislabelled
    file's region is the text's, and the build report names it)."""
    name, result, gold = built
    by_file = result.metas
    wrong = []
    for fname, g in (gold.get("files") or {}).items():
        if g.get("is_report") is False or g.get("duplicate_of"):
            continue
        for field in FIELDS:
            sources = (g.get("sources") or {}).get(field) or []
            if g.get(field) is None or not {"title", "filename"} & set(sources):
                continue
            if field == "region" and g.get("mislabelled"):
                continue
            got = getattr(by_file[fname], field)
            if got != _value(g[field]):
                wrong.append((fname, field, _value(g[field]), got))
    assert wrong == []


def test_no_report_is_placed_in_a_wrong_region(built):
    """A region is right or left empty with a fix, never wrong."""
    name, result, gold = built
    by_file = result.metas
    wrong = [(f, g["region"], by_file[f].region) for f, g in (gold.get("files") or {}).items()
             if f in by_file and g.get("region") and by_file[f].region not in (None, g["region"])]
    assert wrong == []


def test_mislabelled_and_duplicate_files_are_named(built):
    name, result, gold = built
    notes = result.notes
    for fname, g in (gold.get("files") or {}).items():
        if g.get("mislabelled"):
            assert any(n.startswith(f"{fname}: 文件名说是") for n in notes), fname
        if g.get("duplicate_of"):
            assert f"{fname}: 与 {g['duplicate_of']} 内容相同，只发布一次 (fix: 删除 seeds/{fname})" in notes
