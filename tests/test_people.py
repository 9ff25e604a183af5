"""The speakers' pages (generator/people.py, render/people.py): who delivered which report."""

from __future__ import annotations

from generator.build import collect
from generator.people import people
from generator.model import Meta, Report
from tests.conftest import SEED_IDS, SEEDS, page_text


def test_speakers_of_the_seeds():
    # 新乡: 新乡市人民政府市长 魏建平 (2025年2月9日); 浚县: 浚县人民政府县长 刘青 (2021年3月12日).
    # 淇县, 郾城 and 郸城 name no speaker.
    got = [(p.name, p.slug, p.titles, p.regions, p.years, [r.meta.id for r in p.reports])
           for p in people(collect(SEEDS).reports)]
    assert got == [("刘青", "刘青", ["县长"], ["浚县"], [2021], [SEED_IDS["003"]]),
                   ("魏建平", "魏建平", ["市长"], ["新乡市"], [2025], [SEED_IDS["001"]])]


def _report(speaker, province, region, year, title="省长"):
    from types import SimpleNamespace

    m = Meta(title=f"{region}{year}年政府工作报告", region=region, province=province, level="province",
             year=year, speaker=speaker, speaker_title=title, id=f"{region}-{year}")
    return Report(source=SimpleNamespace(path=f"{region}{year}.txt"), cleaned=None, meta=m, head=[], lead=[],
                  preamble=[], sections=[])


def test_one_person_across_years_namesakes_in_two_provinces():
    reports = [_report("张伟", "河北省", "河北省", 2024), _report("张伟", "河北省", "河北省", 2025),
               _report("张伟", "山西省", "山西省", 2025), _report("李明", "山西省", "山西省", 2024, "代省长")]
    got = [(p.slug, p.years, p.titles) for p in people(reports)]
    assert got == [("张伟-河北省", [2024, 2025], ["省长"]), ("李明", [2024], ["代省长"]),
                   ("张伟-山西省", [2025], ["省长"])]


def test_people_pages_on_the_site(site):
    index = " ".join(page_text(site / "site" / "people" / "index.html").split())
    assert "共 2 人" in index and "另有 3 份报告（共 5 份）没有写明报告人" in index
    assert "刘青 县长 浚县 2021 2021年浚县" in index
    assert "魏建平 市长 新乡市 2025 2025年新乡市" in index
    page = " ".join(page_text(site / "site" / "people" / "魏建平" / "index.html").split())
    assert "市长 · 新乡市 · 2025年。本站收录其所作的政府工作报告 1 份。" in page
    assert "2025 新乡市2025年政府工作报告 市长 新乡市第十四届人民代表大会第三次会议 2025年2月9日" in page
    html = (site / "site" / "people" / "魏建平" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../reports/410700-2025/"' in html
    # The report page links its speaker; the home page and the navigation link the index.
    report = (site / "site" / "reports" / "410700-2025" / "index.html").read_text(encoding="utf-8")
    assert '市长 <a href="../../people/%E9%AD%8F%E5%BB%BA%E5%B9%B3/">魏建平</a>' in report
    home = (site / "site" / "index.html").read_text(encoding="utf-8")
    assert home.count('href="people/"') >= 2
