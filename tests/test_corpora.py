"""The three real collections in ../shared/corpora/ against gold read from their texts by
people (tests/gold/*.yml). Skipped where ../shared is absent (the project's own runner)."""

from __future__ import annotations

import datetime as dt
import sys
from types import SimpleNamespace

import pytest
import yaml

from tests.conftest import ROOT, corpus_build

sys.path.insert(0, str(ROOT / "benchmarks"))
import corpora  # noqa: E402
from conformance import heading_key  # noqa: E402

pytestmark = pytest.mark.skipif(not corpora.available(), reason="../shared/corpora is not beside the project")

FIELDS = ("region", "year", "meeting", "date", "speaker", "speaker_title")
GOLD = {"national": "national.yml", "provinces": "provinces-2025.yml", "cities": "cities-2024.yml"}


def _gold(name: str) -> dict:
    path = ROOT / "tests" / "gold" / GOLD[name]
    return yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else {}


@pytest.fixture(scope="module", params=corpora.NAMES)
def built(request, tmp_path_factory):
    return request.param, corpus_build(tmp_path_factory, request.param), _gold(request.param)


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


# Share of the gold outlines' headings (top level and children) found, per collection: a
# floor under today's figures (make conformance), so that a change to the heading rules that
# loses structure fails. The misses left are listed by `conformance.py -v`.
OUTLINE_FLOOR = {"national": 0.75, "provinces": 0.97, "cities": 0.99}


def test_gold_outlines_hold(built):
    name, result, gold = built
    right = total = 0
    for fname, want in (gold.get("outlines") or {}).items():
        got = {heading_key(t): {heading_key(c) for c in kids} for t, kids in result.outlines.get(fname, [])}
        for item in want or []:
            children = item.get("children") or []
            total += 1 + len(children)
            key = heading_key(item["title"])
            if key in got:
                right += 1 + sum(1 for c in children if heading_key(c) in got[key])
    assert total and right / total >= OUTLINE_FLOOR[name], f"{right}/{total}"


def test_no_licence_or_site_footer_is_left_at_the_end(built):
    name, result, gold = built
    left = [(f, line) for f, lines in result.tails.items() for line in lines
            if any(w in line for w in ("维基文库", "公有领域", "著作权法", "ICP备", "公网安备", "版权所有"))]
    assert left == []


# The newsroom table against the hand-read gold of tests/gold/extract/: a floor under today's
# figures (make conformance prints them and lists every miss): provinces 609/633 with 0/547
# wrong, cities 360/377 with 0/329 wrong.
NEWSROOM_FLOOR = {"provinces": (0.955, 0.005), "cities": (0.95, 0.005)}  # (recall at least, wrong values at most)


def test_newsroom_table_against_the_gold(built):
    name, result, gold = built
    if name not in NEWSROOM_FLOOR:
        pytest.skip(f"no newsroom gold for {name}")
    from conformance import load_extract_gold, newsroom  # noqa: E402

    if not load_extract_gold(name):
        pytest.skip(f"no newsroom gold for {name}")
    n = newsroom(name, {f: SimpleNamespace(figures=x) for f, x in result.figures.items()})
    recall, wrong = n["found"] / n["total"], n["wrong"] / max(1, n["produced"])
    low, high = NEWSROOM_FLOOR[name]
    assert recall >= low and wrong <= high, (f"recall {n['found']}/{n['total']}, wrong {n['wrong']}/{n['produced']}",
                                             n["misses"][:10], n["wrongs"][:10])


def test_no_complete_report_is_labelled_a_digest(built):
    """The digest rule (data/digest.yml) over real collections: every published report of the
    provincial and city collections is whole, none of the national collection is a digest, and
    its one summary (1964, stated by its file name only) is labelled 摘要."""
    name, result, gold = built
    got = {f: m.completeness for f, m in result.metas.items()}
    assert [f for f, c in got.items() if c == "digest"] == []
    if name == "national":
        # (1985 is read as an excerpt by meta.detect, its parts being numbered oddly: not this rule.)
        want = {f: g["completeness"] for f, g in gold["files"].items() if g.get("completeness") not in (None, "full")}
        assert {f: got[f] for f in want} == want == {"1964年中华人民共和国国务院政府工作报告（摘要）.txt": "summary"}
    else:
        assert set(got.values()) == {"full"}


def test_provincial_terms_are_named_things(built):
    """Named things the provincial reports share are terms; fragments, words glued across a
    boundary and figures of speech are not (rules in generator/terms.py)."""
    name, result, _ = built
    if name != "provinces":
        pytest.skip("the term list is judged on the provincial collection")
    for t in ("专精特新", "三保", "单项冠军", "小巨人", "枫桥经验", "两个确立", "两新", "两重", "以旧换新", "负面清单", "比亚迪"):
        assert t in result.terms, t
    for t in ("关键变量", "最大增量", "幸福指数", "大民生", "延链", "强链", "补链", "文化", "数字", "六大行动", "最后一公里",
              "深化科技", "十五五", "五五"):
        assert t not in result.terms, t
