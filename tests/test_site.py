"""End to end: the real seeds built into the real site with `mkdocs build --strict`."""

from __future__ import annotations

import html
import json
import re
import sys
from pathlib import Path

import pytest

from generator.read import to_simplified
from tests.conftest import ROOT, SEED_IDS, copy_project, norm, page_text, run, seed_path

# Furniture strings of the issue, with the seed that carries each.
FURNITURE = [
    ("003", "会员菜单加载中"),
    ("003", "WAP手机版"),
    ("002", "导航菜单"),
    ("004", "字体大小"),
    ("004", "打印"),
    ("004", "分享:"),
    ("004", "访问量"),
    ("004", "责任编辑"),
    ("001", "责编"),
    ("002", "本文地址"),
    ("003", "版权所有"),
    ("001", "公网安备"),
    ("002", "留言与评论"),
    ("002", "验证码"),
    ("002", "本文仅代表作者观点"),
    ("003", "内容摘要"),
    ("003", "阅读:194"),
    ("001", "高志勇 摄"),
]


def report_html(site: Path, prefix: str) -> Path:
    return site / "site" / "reports" / SEED_IDS[prefix] / "index.html"


def log_html(site: Path, prefix: str) -> Path:
    return site / "site" / "logs" / SEED_IDS[prefix] / "index.html"


def test_mkdocs_build_strict_passes_without_warnings(site):
    log = (site / "mkdocs-build.log").read_text(encoding="utf-8")
    assert "WARNING" not in log
    assert (site / "site" / "index.html").exists()


@pytest.mark.parametrize(("prefix", "needle"), FURNITURE)
def test_furniture_is_not_on_the_report_page_but_on_its_log(site, prefix, needle):
    assert needle not in page_text(report_html(site, prefix))
    assert needle in page_text(log_html(site, prefix))


@pytest.mark.parametrize("prefix", sorted(SEED_IDS))
def test_nothing_lost_every_sentence_reaches_the_page(site, prefix):
    """Every sentence of the seed that is not furniture is on the report page."""
    from tests.test_clean import FURNITURE as REMOVED

    raw = seed_path(prefix).read_text(encoding="utf-8")
    if prefix == "001":
        raw = to_simplified(raw)
    removed = {" ".join(t.split()) for _, t in REMOVED[prefix] if t}
    removed_prefixes = ("内容摘要", "本文仅代表作者观点")
    page = norm(page_text(report_html(site, prefix)))
    missing = []
    for line in raw.splitlines():
        line = line.strip()
        if not line or " ".join(line.split()) in removed or line.startswith(removed_prefixes):
            continue
        line = re.sub(r"^[-•·]\s*", "", line)  # a list marker is structure, not text
        for sentence in re.split(r"(?<=[。！？；])", line):
            # A heading drops its final full stop (（一）坚持……向好。 → heading); the words stay.
            if sentence.strip() and norm(sentence.rstrip("。")) not in page:
                missing.append(sentence)
    assert missing == []


def test_report_page_has_metadata_table_outline_and_links(site):
    html = report_html(site, "001").read_text(encoding="utf-8")
    text = page_text(report_html(site, "001"))
    assert "<h1" in html and "新乡市2025年政府工作报告" in text
    assert '<h2 id="s1">一、2024年工作回顾' in html
    assert '<h3 id="s3-1">（一）坚持促消费、扩投资，以更大力度推动经济持续回升向好' in html
    for needle in ("地级市", "2025年2月9日", "市长 魏建平", "新乡市第十四届人民代表大会第三次会议", "原文繁体（已转为简体）"):
        assert needle in text
    assert 'href="../../raw/410700-2025.txt"' in html
    assert 'href="../../logs/410700-2025/"' in html
    assert 'href="../../regions/410700/"' in html
    # The news lead is set apart from the report.
    assert re.search(r'class="admonition quote lead".*?2月14日，2025年新乡市政府工作报告全文发布。', html, re.S)
    # Material's table of contents is there.
    assert 'class="md-nav md-nav--secondary"' in html


def test_raw_source_is_downloadable_byte_for_byte(site):
    for prefix, rid in SEED_IDS.items():
        assert (site / "site" / "raw" / f"{rid}.txt").read_bytes() == seed_path(prefix).read_bytes()


def test_reports_json(site):
    data = json.loads((site / "site" / "data" / "reports.json").read_text(encoding="utf-8"))
    assert [r["id"] for r in data] == ["410621-2021", "410622-2025-summary", "410700-2025", "411103-2025-excerpt", "411625-2024-digest"]
    xinxiang = next(r for r in data if r["id"] == "410700-2025")
    assert xinxiang == {
        "id": "410700-2025",
        "title": "新乡市2025年政府工作报告",
        "region": "新乡市",
        "level": "city",
        "province": "河南省",
        "city": "新乡市",
        "year": 2025,
        "review_year": 2024,
        "meeting": "第十四届人民代表大会第三次会议",
        "date": "2025-02-09",
        "speaker": "魏建平",
        "speaker_title": "市长",
        "script": "hant",
        "completeness": "full",
        "source": f"seeds/{seed_path('001').name}",
        "page": "reports/410700-2025/",
        "chars": xinxiang["chars"],
        "publisher": None,
        "published": None,
        "address": None,
        "sources": {"date": "title", "meeting": "title", "region": "title", "speaker": "title", "year": "title"},
    }
    assert 13000 < xinxiang["chars"] < 14000
    for r in data:
        assert set(r) == set(xinxiang)
        assert r["level"] in {"nation", "province", "city", "county", "district"}
        assert (Path(__file__).parents[1] / r["source"]).exists()


def test_home_page_lists_every_report(site):
    html = (site / "site" / "index.html").read_text(encoding="utf-8")
    for rid in SEED_IDS.values():
        assert f'href="reports/{rid}/"' in html
    assert 'href="data/reports.json"' in html


def test_region_pages_place_reports_in_the_hierarchy(site):
    hebi = page_text(site / "site" / "regions" / "410600" / "index.html")
    assert "淇县" in hebi and "浚县" in hebi and "河南省" in hebi
    html = (site / "site" / "regions" / "410600" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../reports/410622-2025-summary/"' in html
    assert 'href="../../reports/410621-2021/"' in html


def test_dark_mode_toggle_and_chinese_language(site):
    html = (site / "site" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="zh"' in html
    assert 'data-md-color-scheme="slate"' in html


def test_generator_is_idempotent(site, tmp_path_factory):
    """A second build writes and deletes nothing. Through the cache the session's build filled
    (that a build without it gives the same files: tests/test_robustness.py)."""
    from tests.conftest import run, shared_cache
    import sys

    before = {p: p.read_bytes() for p in (site / "docs").rglob("*") if p.is_file()}
    proc = run([sys.executable, "-m", "generator", "build"], site, cache=shared_cache(tmp_path_factory))
    assert "0 files written" in proc.stdout and "0 deleted" in proc.stdout
    after = {p: p.read_bytes() for p in (site / "docs").rglob("*") if p.is_file()}
    assert before == after


def test_summary_table_links_each_figure_to_its_sentence(site):
    html = report_html(site, "001").read_text(encoding="utf-8")
    m = re.search(r'<a href="#(p\d+-\d+)">3569\.7亿元</a>', html)
    assert m, "the GDP level links to its sentence"
    sentence = re.search(rf'<span class="cited" id="{m.group(1)}">(.*?)</span>', html).group(1)
    assert sentence.startswith("全年完成地区生产总值3569.7亿元、增长4.9%")
    assert '<a href="#p15-1">增长6%左右</a>' in html
    assert '>90亿斤以上</a>' in html
    assert 'href="../../indicators/gdp/"' in html


def test_indicator_downloads(site):
    import csv

    raw = (site / "site" / "data" / "indicators.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # a BOM: spreadsheet programs read the Chinese
    rows = list(csv.DictReader((site / "site" / "data" / "indicators.csv").open(encoding="utf-8-sig")))
    assert list(rows[0]) == ["report_id", "region", "level", "year", "indicator", "indicator_name", "kind", "period",
                             "value", "value_low", "value_high", "unit", "qualifier", "measure", "std_value", "std_unit",
                             "text", "anchor"]
    fai = [r for r in rows if r["report_id"] == "410621-2021" and r["indicator"] == "fai" and r["period"] == "2016-2020"]
    assert [(r["kind"], r["value"], r["unit"], r["measure"]) for r in fai] == [("actual", "11.4", "%", "avg_growth")]
    gdp = [r for r in rows if r["report_id"] == "410700-2025" and r["indicator"] == "gdp" and r["measure"] == "level"]
    assert [(r["value"], r["unit"], r["std_value"], r["std_unit"]) for r in gdp] == [("3569.7", "亿元", "3569.7", "亿元")]
    data = json.loads((site / "site" / "data" / "indicators.json").read_text(encoding="utf-8"))
    assert len(data) == len(rows)


def test_indicator_page_compares_reports(site):
    html = (site / "site" / "indicators" / "gdp" / "index.html").read_text(encoding="utf-8")
    text = page_text(site / "site" / "indicators" / "gdp" / "index.html")
    assert "2025年地区生产总值目标（增速）" in html  # the chart
    assert '<a href="../../reports/410622-2025-summary/#p10-1">增长7%左右</a>' in html
    assert "新乡市" in text and "浚县" in text
    overview = (site / "site" / "indicators" / "index.html").read_text(encoding="utf-8")
    assert '<a href="../reports/410700-2025/#p15-1">增长6%左右</a>' in overview  # 新乡's GDP target
    assert '<a href="../reports/410700-2025/#p4-3">增长4.9%</a>' in overview  # and its 2024 result


# Schemes a built page may link to; everything else is a path relative to the site. The
# theme's share button is the one javascript: link, and it runs the theme's own code.
ALLOWED_SCHEMES = ("https:", "mailto:")
THEME_LINKS = {"javascript:void(0)"}


def test_every_link_is_relative_or_of_a_listed_scheme(site):
    bad = []
    for page in sorted((site / "site").rglob("*.html")):
        raw = page.read_text(encoding="utf-8")
        for attr, value in re.findall(r'\b(href|src)=["\']([^"\']*)["\']', raw):
            value = html.unescape(value).strip()
            if value in THEME_LINKS or value.startswith(ALLOWED_SCHEMES):
                continue
            if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", value) or value.startswith("//"):
                bad.append((page.relative_to(site / "site").as_posix(), attr, value))
    assert bad == []


def test_year_page_gives_each_region_its_parent_not_itself(site):
    page = (site / "docs" / "years" / "2025.md").read_text(encoding="utf-8")
    assert "| [新乡市](../reports/410700-2025.md) | 河南省 | 地级市 |" in page
    assert "| [淇县](../reports/410622-2025-summary.md) | 鹤壁市 | 县级 |" in page


def test_the_downloads_made_of_each_reports_part_are_what_the_standard_writers_write(tmp_path):
    # The downloads are made of each report's rows (kept by the report), written value by value:
    # joined, they must be byte for byte the standard JSON dump and CSV of all the records, for
    # the seeds' records and for values a dump writes in its own way.
    import csv
    import dataclasses
    import io

    from generator import tables
    from generator.build import collect
    from generator.model import CSV_COLUMNS

    reports = collect(ROOT / "seeds").reports
    parts = [r.figures for r in reports]
    assert sum(map(len, parts)) > 50 and all(parts)
    odd = dataclasses.replace(parts[0][0], value=1e-07, value_low=-0.0, value_high=12345678901234567890,
                              text='引号"、反斜杠\\、制表\t、换行\n、\u2028 与 \x01', qualifier=None)
    for chosen in (parts, [[odd]], [[], parts[1], []], []):
        rows = [r.as_row() for part in chosen for r in part]
        assert tables.json_list([tables.json_rows(p) for p in chosen]) == json.dumps(
            rows, ensure_ascii=False, indent=2) + "\n"
        standard = io.StringIO()
        standard.write("\ufeff")
        writer = csv.DictWriter(standard, fieldnames=CSV_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows({k: ("" if v is None else v) for k, v in row.items()} for row in rows)
        assert tables.csv_head() + "".join(tables.csv_rows(p) for p in chosen) == standard.getvalue()


def test_mkdocs_leaves_early_only_after_a_whole_site(tmp_path):
    """The hooks end `mkdocs build` with os._exit once the site is written: the exit code
    and the site are MkDocs' own, and a build strict mode aborts still fails."""
    (tmp_path / "no-seeds").mkdir()
    project = copy_project(tmp_path / "project", tmp_path / "no-seeds")
    run([sys.executable, "-m", "generator", "build"], project)  # a collection of no reports
    done = run([sys.executable, "-m", "mkdocs", "build", "--strict"], project)
    assert done.returncode == 0
    assert (project / "site" / "index.html").is_file()
    assert json.loads((project / "site" / "search" / "meta.json").read_text(encoding="utf-8"))  # the index is whole
    (project / "docs" / "index.md").write_text("# 首页\n\n[不存在的页面](nowhere.md)\n", encoding="utf-8")
    failed = run([sys.executable, "-m", "mkdocs", "build", "--strict"], project, check=False)
    assert failed.returncode == 1
    assert "Aborted with 1 warnings in strict mode" in failed.stdout + failed.stderr


@pytest.mark.parametrize("watch", [sys.setprofile, sys.settrace])
def test_a_command_watched_by_a_profiler_or_tracer_leaves_the_normal_way(watch):
    """generator/leave.py ends the process at once, unless a profiler (cProfile) or a tracer
    (coverage) watches it: they write their results on the normal way out."""
    from generator import leave

    previous = sys.getprofile() if watch is sys.setprofile else sys.gettrace()
    watch(lambda *args: None)
    try:
        leave.at_once(3)  # returns instead of ending this process
    finally:
        watch(previous)
