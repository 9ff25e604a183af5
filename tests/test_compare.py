"""Year against year for one region (render/compare.py): four national reports, 2022–2025.

Values read from the texts: 2022 report 国内生产总值增长5.5%左右; 2023 report (2022) 国内生产总值增长3%
and (2023) 增长5%左右; 2024 report (2023) 增长5.2%, (2024) 增长5%左右; 2025 report (2025) 增长5%左右.
高效办成一件事 first appears in 2024 (and again in 2025); 以旧换新 is in 2022, not in 2023.
Skipped where ../shared is absent."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, files_of, build_site, copy_project, shared_cache

sys.path.insert(0, str(ROOT / "benchmarks"))
import corpora  # noqa: E402

pytestmark = pytest.mark.skipif(not corpora.available(), reason="../shared/corpora is not beside the project")

YEARS = (2022, 2023, 2024, 2025)


def four_years(tmp: Path) -> Path:
    """A seeds folder of the national reports of YEARS, under `tmp`."""
    corpora.materialise("national", tmp / "all")
    seeds = tmp / "seeds"
    seeds.mkdir()
    for y in YEARS:
        name = f"{y}年中华人民共和国国务院政府工作报告.txt"
        (seeds / name).write_bytes((tmp / "all" / name).read_bytes())
    return seeds


@pytest.fixture(scope="module")
def national(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("national")
    project = copy_project(tmp / "project", four_years(tmp))
    build_site(project, cache=shared_cache(tmp_path_factory))
    return project


def _rows(page: str, start: str, end: str | None = None) -> list[list[str]]:
    """The body rows of the first table after the heading `start` (up to `end`) in a built
    page, each a list of its cells as HTML."""
    part = page[page.index(f'<h2 id="{start}"'):page.index(f'<h2 id="{end}"') if end else None]
    body = part[part.index("<tbody>"):part.index("</tbody>")]
    return [re.findall(r"<td[^>]*>(.*?)</td>", row, re.S) for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)]


def _text(cell: str) -> str:
    return re.sub(r"<[^>]+>", "", cell)


def _years_page(national) -> str:
    return (national / "site" / "regions" / "000000" / "years" / "index.html").read_text(encoding="utf-8")


def test_targets_beside_next_years_results(national):
    rows = _rows(_years_page(national), "targets", "terms")
    assert [_text(r[0]) for r in rows] == ["2022", "2023", "2024", "2025"]
    assert [_text(r[1]) for r in rows] == [  # 国内生产总值
        "增长5.5%左右 → 增长3%（未完成）",
        "增长5%左右 → 增长5.2%（完成）",
        "增长5%左右 → 增长5%（完成）",
        "增长5%左右",
    ]
    # Each figure links to its sentence in its own report.
    assert re.fullmatch(r'<a href="../../../reports/cn-2023/#p\d+-\d+">增长5%左右</a> → '
                        r'<a href="../../../reports/cn-2024/#p\d+-\d+">增长5.2%</a>（完成）', rows[1][1])


def test_terms_new_and_no_longer_named(national):
    rows = {int(_text(r[0])): r[1:] for r in _rows(_years_page(national), "terms")}
    assert sorted(rows) == [2023, 2024, 2025]  # the first report has nothing to compare with

    def names(cell: str) -> list[str]:
        return re.findall(r'<a href="../../../terms/[^"]+/">([^<]+)</a>', cell)

    assert "以旧换新" in names(rows[2023][1])
    assert "高效办成一件事" in names(rows[2024][0]) and "高效办成一件事" not in names(rows[2025][0])
    assert all(names(c) or c == "—" for row in rows.values() for c in row)  # links, or a dash


def test_region_page_links_the_comparison(national):
    html = (national / "site" / "regions" / "000000" / "index.html").read_text(encoding="utf-8")
    assert '<a href="years/">逐年对比</a>' in html


def test_home_page_names_the_regions_compared(national):
    md = (national / "docs" / "index.md").read_text(encoding="utf-8")
    assert "逐年对比（同一地区各年的目标、完成情况与新提法）：[全国](regions/000000/years.md)。" in md


def test_reader_compares_the_years_in_a_browser(national, browser):
    from tests.test_browser import _serve

    served = _serve(national / "site")
    base = next(served)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{base}/regions/000000/")
    page.get_by_role("link", name="逐年对比").click()
    assert page.locator("h1").first.inner_text().rstrip("¶") == "全国：逐年对比"
    first = page.locator("article table").first
    assert first.locator("thead th").first.inner_text() == "年度"
    cells = first.locator("tbody tr").nth(1).locator("td").all_inner_texts()
    assert cells[:2] == ["2023", "增长5%左右 → 增长5.2%（完成）"]
    # The result links to its sentence in the 2024 report, highlighted on arrival.
    first.locator("tbody tr").nth(1).get_by_role("link", name="增长5.2%").click()
    assert re.search(r"/reports/cn-2024/#p\d+-\d+$", page.url)
    assert page.locator("h1").first.inner_text().rstrip("¶") == "国务院2024年政府工作报告"
    page.close()
    served.close()


def test_a_kept_comparison_page_follows_an_edited_target(tmp_path, monkeypatch):
    """The year-against-year and indicator pages are kept by what they show: after the 2024
    report's GDP target changes, a rebuild through the cache gives exactly a fresh build."""
    from generator.build import build

    seeds = four_years(tmp_path)
    monkeypatch.setenv("GWR_CACHE", str(tmp_path / "cache"))
    build(seeds, tmp_path / "docs")
    edited = seeds / "2024年中华人民共和国国务院政府工作报告.txt"
    text = edited.read_text(encoding="utf-8")
    assert "国内生产总值增长5%左右" in text
    edited.write_text(text.replace("国内生产总值增长5%左右", "国内生产总值增长5.5%左右", 1), encoding="utf-8")
    build(seeds, tmp_path / "docs")
    page = (tmp_path / "docs" / "regions" / "000000" / "years.md").read_text(encoding="utf-8")
    assert ">增长5.5%左右</a>" in page
    monkeypatch.setenv("GWR_CACHE", "off")
    build(seeds, tmp_path / "fresh")


    assert files_of(tmp_path / "docs") == files_of(tmp_path / "fresh")
