"""Extract stage: exact records from the seeds, and the national corpus."""

from __future__ import annotations

import json
import re

import pytest

from generator import data
from generator.build import collect, process_source
from generator.extract import extract
from generator.model import InputError
from generator.read import read_bytes
from tests.conftest import SEEDS, SHARED

CORPUS = SHARED / "corpora" / "national-gwr-1954-2025.jsonl"
needs_corpus = pytest.mark.skipif(not CORPUS.exists(), reason="../shared/corpora is not beside the project")


@pytest.fixture(scope="module")
def national():
    """Each document of the national corpus through the pipeline once, saved as a file of its
    title and text: (document, the report with id cn-<year> and its records as figures), or
    (document, the InputError) for one that is no report."""
    out = []
    for line in CORPUS.read_text(encoding="utf-8").splitlines():
        doc = json.loads(line)
        try:
            rep, _ = process_source(read_bytes(doc["title"] + ".txt", (doc["title"] + "\n" + doc["content"]).encode("utf-8")))
        except InputError as exc:
            out.append((doc, exc))
            continue
        rep.meta.id = f"cn-{doc['year']}"
        rep.figures = extract(rep).records
        out.append((doc, rep))
    return out


@pytest.fixture(scope="module")
def records():
    result = collect(SEEDS)
    return {r.meta.id: r.figures for r in result.reports}


def find(recs, **want):
    return [r for r in recs if all(getattr(r, k) == v for k, v in want.items())]


def one(recs, **want):
    got = find(recs, **want)
    assert len(got) == 1, (want, [(r.indicator, r.kind, r.period, r.value, r.unit) for r in got])
    return got[0]


def test_000_targets(records):
    recs = records["410622-2025-summary"]
    gdp = one(recs, indicator="gdp", kind="target", period="2025")
    assert (gdp.value, gdp.unit, gdp.qualifier, gdp.measure) == (7.0, "%", "左右", "growth")
    unemp = one(recs, indicator="unemployment", kind="target", period="2025")
    assert (unemp.value, unemp.unit, unemp.qualifier, unemp.measure) == (5.0, "%", "以内", "rate")
    rd = one(recs, indicator="rd", kind="target")
    assert (rd.value, rd.qualifier) == (1.5, "以上")
    assert one(recs, indicator="trade", kind="target").value_text == "稳中提质"
    assert one(recs, indicator="income", kind="target").value_text == "与经济增长同步"
    assert one(recs, indicator="energy", kind="target").value_text == "完成“十四五”考核目标"
    # 居民收入增长与经济增长同步 names 经济增长 but is not a GDP figure.
    assert len(find(recs, indicator="gdp", kind="target")) == 1


def test_000_results_of_2024(records):
    recs = records["410622-2025-summary"]
    assert one(recs, indicator="industry", kind="actual", period="2024").value == 10.4
    assert one(recs, indicator="gdp", kind="actual", period="2024").value_text == "完成预期目标"
    # 粮食总产完成年目标的121.2% measures the plan, not the harvest.
    assert find(recs, indicator="grain") == []


def test_001_actuals_and_targets(records):
    recs = records["410700-2025"]
    level = one(recs, indicator="gdp", kind="actual", period="2024", measure="level")
    assert (level.value, level.unit) == (3569.7, "亿元")
    growth = one(recs, indicator="gdp", kind="actual", period="2024", measure="growth")
    assert (growth.value, growth.unit) == (4.9, "%")
    assert level.anchor == growth.anchor
    assert level.text.startswith("全年完成地区生产总值3569.7亿元、增长4.9%")
    jobs = one(recs, indicator="jobs", kind="target", period="2025")
    assert (jobs.value, jobs.unit, jobs.qualifier) == (7.7, "万人", None)
    grain = one(recs, indicator="grain", kind="target", period="2025")
    assert (grain.value, grain.unit, grain.qualifier) == (90.0, "亿斤", "以上")
    # The news lead repeats the targets: one record each, anchored in the body.
    assert not any(r.anchor.startswith("lead") for r in recs)
    # 新增城镇就业8.3万人、农村劳动力转移就业2.8万人: only the first figure is jobs.
    assert [r.value for r in find(recs, indicator="jobs", kind="actual")] == [8.3]
    assert one(recs, indicator="rd", kind="actual").value == 2.77


def test_003_five_year_results_and_annual_targets(records):
    recs = records["410621-2021"]
    fai = one(recs, indicator="fai", kind="actual", period="2016-2020")
    assert (fai.value, fai.unit, fai.measure) == (11.4, "%", "avg_growth")  # 固定资产投资年均增长11.4%
    assert one(recs, indicator="gdp", kind="actual", period="2016-2020").value == 4.8
    gdp = one(recs, indicator="gdp", kind="target", period="2021")
    assert (gdp.value, gdp.unit, gdp.qualifier) == (8.0, "%", "以上")
    assert one(recs, indicator="jobs", kind="target", period="2021").unit == "人"
    energy = one(recs, indicator="energy", kind="actual", period="2016-2020")
    assert (energy.value, energy.measure) == (-18.0, "growth")  # 万元GDP能耗下降18%


def test_004_results_of_2023(records):
    recs = records["411625-2024-digest"]
    fai = one(recs, indicator="fai", kind="actual", period="2023")
    assert (fai.value, fai.unit) == (12.3, "%")
    grain = one(recs, indicator="grain", kind="target", period="2024")
    assert (grain.value, grain.unit, grain.qualifier) == (24.0, "亿斤", "以上")


def test_every_record_points_at_a_sentence_that_contains_its_figure(records):
    for rid, recs in records.items():
        for r in recs:
            assert re.fullmatch(r"(p|lead-)\d+-\d+", r.anchor), r.anchor
            if r.value is not None:
                assert f"{abs(r.value):g}" in r.text.replace("％", "%"), (rid, r.text)


def test_similar_looking_figures_are_not_gdp():
    from generator.model import Line
    from generator.parse import parse
    from generator.model import Report, Meta, Source, Cleaned

    lines = [Line(1, "一、2025年主要预期目标"), Line(2, "主要预期目标是：数字经济核心产业增加值增长12%，海洋生产总值增长6%，人均地区生产总值增长5%，地区生产总值增长5.5%左右，进出口总额增长5%—5.5%，规上工业增加值按增长４．５－５％安排。")]
    parsed = parse(lines)  # anchors assigned by parse
    rep = Report(source=Source("x", b"", "", "utf-8", "hans"), cleaned=Cleaned([], []),
                 meta=Meta(region="某县", year=2025, review_year=2024, id="x"), head=[], lead=[], preamble=[],
                 sections=parsed.sections)
    recs = extract(rep).records
    assert [(r.indicator, r.value) for r in recs if r.indicator == "gdp"] == [("gdp", 5.5)]
    trade = one(recs, indicator="trade")
    assert (trade.value, trade.value_low, trade.value_high) == (None, 5.0, 5.5)
    industry = one(recs, indicator="industry")
    assert (industry.value_low, industry.value_high, industry.unit) == (4.5, 5.0, "%")


@needs_corpus
def test_national_corpus(national):
    """No crash; resolutions are not reports; each report from 2000 on that states a GDP
    growth target yields exactly one annual GDP target for its year."""
    stated = re.compile(r"(今年|预期目标)[^。]{0,40}(国内生产总值|经济增长)[^。；，]{0,12}(增长|为)\s*[\d０-９]")
    checked = 0
    for doc, report in national:
        if doc["year"] is None:
            assert isinstance(report, InputError)
            continue
        assert report.meta.level == "nation"
        assert report.meta.year == int(doc["year"])
        year = int(doc["year"])
        text = doc["content"].replace("\n", "")
        if year >= 2000 and any("年均" not in m.group(0) for m in stated.finditer(text)):
            annual = [r for r in report.figures if r.indicator == "gdp" and r.kind == "target" and r.period == str(year)
                      and r.measure == "growth"]
            assert len(annual) == 1, (year, [(r.display(), r.text[:60]) for r in annual])
            checked += 1
    assert checked >= 20


@needs_corpus
def test_target_attainment_across_consecutive_national_reports(national):
    """2023's target (5%左右, in the 2023 report) next to 2023's result (5.2%, in the 2024 report)."""
    from generator.tables import attainment, met

    reports = [rep for doc, rep in national if doc["year"] in ("2023", "2024")]
    pairs = attainment(reports, "gdp")
    assert [(a.target.period, a.target.display(), a.actual.display(), met(a)) for a in pairs] == [
        ("2023", "增长5%左右", "增长5.2%", "完成")]


def test_the_extractor_code_holds_no_chinese_words():
    """Cue words, qualifiers and patterns are data (indicators.yml): no Han character in the
    extract package's code outside docstrings and comments."""
    import ast
    from pathlib import Path

    han = re.compile(r"[\u4e00-\u9fff]")
    for path in sorted((Path(__file__).parents[1] / "generator" / "extract").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docs = {id(n.body[0].value) for n in ast.walk(tree)
                if isinstance(n, (ast.Module, ast.FunctionDef, ast.ClassDef)) and n.body
                and isinstance(n.body[0], ast.Expr) and isinstance(n.body[0].value, ast.Constant)}
        words = [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)
                 and id(n) not in docs and han.search(n.value)]
        assert words == [], path.name


@pytest.fixture
def indicators_data(tmp_path, monkeypatch):
    """A copy of indicators.yml to edit; the extractor reads it instead of the real one."""
    import shutil

    from generator import data
    from generator.extract import vocab

    copy = tmp_path / "data"
    shutil.copytree(data.DATA_DIR, copy)
    monkeypatch.setattr(data, "DATA_DIR", copy)
    caches = (data.load, vocab.alias_table, vocab.figure)
    for fn in caches:
        fn.cache_clear()
    yield copy / "indicators.yml"
    for fn in caches:
        fn.cache_clear()


def _sentence_records(text: str) -> list[tuple]:
    head = "2025年河南省政府工作报告\n各位代表：\n一、2024年工作回顾\n过去一年，我们做了很多工作。\n二、2025年工作安排\n"
    report, _ = process_source(read_bytes("x.txt", (head + text + "\n").encode("utf-8")))
    return [(r.indicator, r.value, r.qualifier) for r in extract(report).records]


def test_a_qualifier_added_to_the_data_is_read(indicators_data):
    sentence = "主要预期目标是：城镇调查失业率控制在5.5%之内。"
    assert _sentence_records(sentence) == [("unemployment", 5.5, "控制在")]
    text = indicators_data.read_text(encoding="utf-8")
    indicators_data.write_text(text.replace("qualifiers_after: [左右, 以上, 以内, 以下, 上下]",
                                            "qualifiers_after: [左右, 以上, 以内, 以下, 上下, 之内]"), encoding="utf-8")
    from generator import data
    from generator.extract import vocab

    for fn in (data.load, vocab.alias_table, vocab.figure):
        fn.cache_clear()
    assert _sentence_records(sentence) == [("unemployment", 5.5, "之内")]


@needs_corpus
def test_attainment_across_the_consecutive_national_reports(national):
    """25 of the 45 pairs of consecutive national reports set a target of the first year beside
    its result in the second. The other first years state no target of a canonical indicator
    for themselves in Arabic figures or percentages (工农业总产值 and 国民生产总值 in 1954–1993;
    none quantified in 2000–2002).
    1999's 经济增长预期为7%左右 stands beside 2000's 国内生产总值增长率达到预期目标: 完成."""
    from generator.tables import attainment, met

    reports = [rep for doc, rep in national if doc["year"] is not None]
    years = {r.meta.year for r in reports}
    pairs = {y for y in years if y + 1 in years}
    found = {a.report_target.meta.year: a for ind in data.load("indicators")["indicators"] for a in attainment(reports, ind["key"])}
    assert len(pairs) == 45 and len(set(found) & pairs) >= 25
    att = found[1999]
    assert (att.target.display(), att.actual.display(), met(att)) == ("增长7%左右", "达到预期目标", "完成")
