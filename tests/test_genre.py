"""Reports the way users bring them: no title block, the region and year only in the file
name, no year at all, districts of a city over many years. Vendored texts, no ../shared.
Each case once stopped the whole build with a traceback."""

from __future__ import annotations

import copy

import pytest

from generator.build import build, collect
from generator.clean import clean, drop_repeated
from generator.parse import is_report_line

BODY_NO_YEAR = (
    "各位代表：\n现在，我代表市人民政府，向大会报告政府工作，请予审议。\n"
    "一、过去一年工作回顾\n过去一年，全市地区生产总值增长5.1%，一般公共预算收入增长3.2%。\n"
    "二、今年工作安排\n今年经济社会发展的主要预期目标是：地区生产总值增长6%左右，城镇新增就业2万人。\n"
)


def body(review: int) -> str:
    return (
        f"各位代表：\n现在，我代表区人民政府，向大会报告工作，请予审议。\n一、{review}年工作回顾\n"
        f"{review}年，全区地区生产总值增长7.5%，一般公共预算收入增长9%。\n二、{review + 1}年工作安排\n"
        f"{review + 1}年全区经济社会发展的主要预期目标是：地区生产总值增长8%左右。\n"
    )


@pytest.fixture(scope="module")
def collection(tmp_path_factory):
    seeds = tmp_path_factory.mktemp("seeds")
    files = {
        "三亚.txt": BODY_NO_YEAR,  # city by file name only, no year anywhere
        "龙岗区2014年政府工作报告_2014.txt": body(2013),
        "深圳市政府工作报告_2001年.txt": body(2000).replace("区人民政府", "市人民政府").replace("全区", "全市"),
        "福田区政府工作报告（2016）_2016.txt": body(2015),
        "2024年鼓楼区政府工作报告.txt": body(2023),  # 鼓楼区: several cities have one
    }
    for name, text in files.items():
        (seeds / name).write_text(text, encoding="utf-8")
    docs = tmp_path_factory.mktemp("docs")
    return build(seeds, docs), docs


def test_the_build_finishes_and_every_file_is_published(collection):
    result, docs = collection
    assert [p for p in result.problems if p.severity == "error"] == []
    assert len(result.reports) == 5
    assert (docs / "index.md").exists()


def test_region_and_year_from_the_file_name(collection):
    result, _ = collection
    got = {r.source.path: (r.meta.region, r.meta.city, r.meta.year, r.meta.sources.get("region")) for r in result.reports}
    assert got == {
        "三亚.txt": ("三亚市", "三亚市", None, "filename"),
        "龙岗区2014年政府工作报告_2014.txt": ("龙岗区", "深圳市", 2014, "filename"),
        "深圳市政府工作报告_2001年.txt": ("深圳市", "深圳市", 2001, "filename"),
        "福田区政府工作报告（2016）_2016.txt": ("福田区", "深圳市", 2016, "filename"),
        "2024年鼓楼区政府工作报告.txt": (None, None, 2024, None),
    }


def test_a_report_without_a_year_is_published_without_one(collection):
    result, docs = collection
    sanya = next(r for r in result.reports if r.source.path == "三亚.txt")
    assert sanya.meta.title == "三亚市政府工作报告"
    page = (docs / "reports" / f"{sanya.meta.id}.md").read_text(encoding="utf-8")
    assert "| 年度 | 未识别 |" in page
    # Its figures are kept, without a period, and appear in the downloads.
    assert {f.period for f in sanya.figures} == {""}
    assert "三亚市" in (docs / "data" / "indicators.csv").read_text(encoding="utf-8-sig")


def test_precise_fixes(collection):
    result, _ = collection
    lines = [str(p) for p in result.problems]
    assert "三亚.txt: 无法识别报告年度，页面上不标年份 (fix: 在 seeds/三亚.yml 中写一行 year: 报告所在的年份（正文提到的最近年份是 " \
           "2024 年）)" not in lines  # the body names no year: no year is suggested
    assert "三亚.txt: 无法识别报告年度，页面上不标年份 (fix: 在 seeds/三亚.yml 中写一行 year: 报告所在的年份)" in lines
    gulou = [ln for ln in lines if ln.startswith("2024年鼓楼区政府工作报告.txt")]
    assert len(gulou) == 1 and "有多个同名地区" in gulou[0] and "南京市鼓楼区" in gulou[0]


def test_a_national_report_without_its_title_line(tmp_path):
    text = "各位代表：\n现在，我代表国务院，向大会报告政府工作，请予审议。\n一、2023年工作回顾\n" \
           "过去一年，国内生产总值超过126万亿元，增长5.2%。\n二、2024年经济社会发展总体要求和政策取向\n" \
           "今年发展主要预期目标是：国内生产总值增长5%左右。\n"
    (tmp_path / "content.txt").write_text(text, encoding="utf-8")
    result = collect(tmp_path)
    m = result.reports[0].meta
    assert (m.region, m.level, m.year, m.review_year, m.sources["region"], m.sources["year"]) == (
        "全国", "nation", 2024, 2023, "text", "text")


def test_the_text_outweighs_a_wrong_file_name(tmp_path):
    text = "各位代表：\n现在，我代表国务院，向大会报告政府工作，请予审议。\n一、2023年工作回顾\n过去一年，经济回升向好。\n"
    (tmp_path / "襄阳.txt").write_text(text, encoding="utf-8")
    result = collect(tmp_path)
    assert result.reports[0].meta.region == "全国"
    assert [str(p) for p in result.problems if p.severity == "note"] == [
        "襄阳.txt: 文件名说是襄阳市，正文却是国务院的报告（“我代表国务院”），以正文为准；请改正文件名"]


SITE_HEAD = ["东湖发布｜东湖市人民政府新闻办公室官方平台", "掌上东湖 随时随地看东湖"]
SITE_TAIL = ["东湖市人民政府新闻办公室 出品"]


def test_furniture_repeated_across_files_of_one_site(tmp_path):
    """Three reports saved from one site carry its lines, which no rule knows: they repeat in
    the head and tail of every file, and go to the processing log, never to the pages."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for name, review in (("东湖区2021年政府工作报告.txt", 2020), ("东湖区2022年政府工作报告.txt", 2021),
                         ("东湖区2023年政府工作报告.txt", 2022)):
        (seeds / name).write_text("\n".join(SITE_HEAD + [body(review)] + SITE_TAIL), encoding="utf-8")
    result = collect(seeds)
    assert len(result.reports) == 3
    for report in result.reports:
        kept = [k.text for k in report.cleaned.kept]
        assert not set(SITE_HEAD + SITE_TAIL) & set(kept)
        assert [r.text for r in report.cleaned.removed if r.rule == "repeated-across-files"] == SITE_HEAD + SITE_TAIL
        # The report's own lines repeat too and stay.
        assert "各位代表：" in kept and [s.title for s in report.sections][0].startswith("一、")


def test_furniture_across_files_makes_new_results_and_leaves_the_read_ones_as_they_were():
    """The read stage's results may be values of the cache that the next build of a process
    (`mkdocs serve`) is handed again: the pass returns new ones, changing none it was given."""
    texts = {f"{y}.txt": "\n".join(SITE_HEAD + [body(y)] + SITE_TAIL) for y in (2020, 2021, 2022)}
    given = {name: clean(text) for name, text in texts.items()}
    before = copy.deepcopy(given)
    after = drop_repeated(given, is_report_line)
    assert given == before
    for name in texts:
        assert [r.text for r in after[name].removed if r.rule == "repeated-across-files"] == SITE_HEAD + SITE_TAIL
        assert drop_repeated(given, is_report_line)[name] == after[name]


def test_two_files_of_one_site_keep_their_lines(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for name, review in (("东湖区2021年政府工作报告.txt", 2020), ("东湖区2022年政府工作报告.txt", 2021)):
        (seeds / name).write_text("\n".join(SITE_HEAD + [body(review)]), encoding="utf-8")
    for report in collect(seeds).reports:
        assert not [r for r in report.cleaned.removed if r.rule == "repeated-across-files"]


def test_a_place_outside_the_division_data_is_kept_under_its_parent(tmp_path):
    """A functional area's report: the name as stated, placed under the city the title names."""
    seeds, docs = tmp_path / "seeds", tmp_path / "docs"
    seeds.mkdir()
    text = ("2024年郑州航空港经济综合实验区管委会政府工作报告\n各位代表：\n"
            "现在，我代表管委会向大会报告工作，请予审议。\n一、2023年工作回顾\n"
            "过去一年，全区地区生产总值增长7.5%，一般公共预算收入增长9%。\n")
    (seeds / "航空港.txt").write_text(text.replace("郑州航空港经济综合实验区管委会", "郑州市航空港区管委会"),
                                      encoding="utf-8")
    result = build(seeds, docs)
    [report] = result.reports
    m = report.meta
    assert (m.region, m.region_code, m.city) == ("郑州市航空港区管委会", None, "郑州市")
    zhengzhou = next(p for p in docs.glob("regions/*/index.md") if "# 郑州市" in p.read_text(encoding="utf-8"))
    page = zhengzhou.read_text(encoding="utf-8")
    assert "## 不在行政区划数据中的下级地区" in page
    assert f'<td>郑州市航空港区管委会</td>\n<td><a href="../../reports/{m.id}/">2024</a></td>' in page
    report_page = (docs / "reports" / f"{m.id}.md").read_text(encoding="utf-8")
    assert "郑州市](../regions/" in report_page and "郑州市航空港区管委会（不在行政区划数据中）" in report_page


def test_targets_meet_next_years_results_on_both_report_pages(tmp_path):
    """A region's consecutive reports: the 2014 target beside the result the 2015 report gives."""
    seeds, docs = tmp_path / "seeds", tmp_path / "docs"
    seeds.mkdir()
    (seeds / "龙岗区2014年政府工作报告_2014.txt").write_text(body(2013), encoding="utf-8")
    (seeds / "龙岗区2015年政府工作报告_2015.txt").write_text(body(2014), encoding="utf-8")
    result = build(seeds, docs)
    ids = {r.meta.year: r.meta.id for r in result.reports}
    # Each figure links to its sentence: on its own page by anchor, on the other by the file.
    rows = {
        2014: f"| [地区生产总值](../indicators/gdp.md) | 2014 | [增长8%左右](#p4-1) | [增长7.5%]({ids[2015]}.md#p3-1) | 完成 |",
        2015: f"| [地区生产总值](../indicators/gdp.md) | 2014 | [增长8%左右]({ids[2014]}.md#p4-1) | [增长7.5%](#p3-1) | 完成 |",
    }
    for year in (2014, 2015):
        page = (docs / "reports" / f"{ids[year]}.md").read_text(encoding="utf-8")
        assert "## 目标完成情况" in page
        assert rows[year] in page
        assert "目标带“左右”时允许低 0.5" in page
