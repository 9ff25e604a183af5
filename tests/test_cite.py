"""Citations in GB/T 7714-2015 style: exact strings for the seeds, the online form, the page."""

from __future__ import annotations

import pytest

from generator import cite
from generator.build import process
from generator.model import Meta
from tests.conftest import SEED_IDS, SEEDS, page_text, seed_path

# Read from the seeds: the government named in the title block or the text, the region's
# province and city, the report's title, the date it was delivered (or, for a page saved
# without its address, the publisher and the date of its 来源/时间 line).
EXPECTED = {
    # ——2025年3月1日…淇县第十四届人民代表大会第五次会议政府工作报告摘要
    "000": "河南省鹤壁市淇县人民政府. 淇县2025年政府工作报告（摘要）[R]. 2025.",
    # ——2025年2月9日在新乡市第十四届人民代表大会第三次会议上 / 新乡市人民政府市长 魏建平
    "001": "河南省新乡市人民政府. 新乡市2025年政府工作报告[R]. 2025.",
    # (河南省)漯河市郾城区人民政府工作报告(2025年4月17日), the part from 三、
    "002": "河南省漯河市郾城区人民政府. 郾城区2025年政府工作报告（节选）[R]. 2025.",
    # ——2021年3月12日在浚县第十五届人民代表大会第六次会议上; 来源:政府官网 names no publisher
    "003": "河南省鹤壁市浚县人民政府. 浚县2021年政府工作报告[R]. 2021.",
    # 来源: 周口市郸城县人民政府 时间: 2024-02-23 10:29:22; no date in the text itself
    "004": "河南省周口市郸城县人民政府. 郸城县2024年政府工作报告（摘编）[R]. 周口市郸城县人民政府, 2024.",
}


@pytest.mark.parametrize("prefix", sorted(EXPECTED))
def test_seed_citation(prefix):
    report, _ = process(seed_path(prefix), SEEDS)
    assert cite.citation(report.meta).text() == EXPECTED[prefix]


def test_online_citation_gives_published_date_access_date_and_address():
    m = Meta(title="新乡市2025年政府工作报告", region="新乡市", region_code="410700", level="city",
             province="河南省", city="新乡市", year=2025, date="2025-02-09",
             publisher="新乡市人民政府", published="2025-02-14", address="https://www.xinxiang.gov.cn/a/1.html")
    c = cite.citation(m)
    assert c.kind == "EB/OL"
    assert c.text("2026-11-23") == ("河南省新乡市人民政府. 新乡市2025年政府工作报告[EB/OL]. (2025-02-14)[2026-11-23]. "
                                    "https://www.xinxiang.gov.cn/a/1.html.")
    # Without the reader's date the access date is left out, never made up.
    assert c.text() == "河南省新乡市人民政府. 新乡市2025年政府工作报告[EB/OL]. (2025-02-14). https://www.xinxiang.gov.cn/a/1.html."


def test_missing_parts_are_left_out():
    # A place the division data does not list has no 人民政府 to name; no date, no publisher.
    m = Meta(title="航空港区2025年政府工作报告", region="航空港区", level="district", year=2025)
    assert cite.citation(m).text() == "航空港区2025年政府工作报告[R]. 2025."
    m = Meta(title="未知地区政府工作报告")
    assert cite.citation(m).text() == "未知地区政府工作报告[R]."
    # An online page without a publication date.
    m = Meta(title="未知地区政府工作报告", address="http://example.org/r.htm")
    assert cite.citation(m).text("2026-01-02") == "未知地区政府工作报告[EB/OL]. [2026-01-02]. http://example.org/r.htm."


def test_national_report_is_cited_to_the_state_council():
    m = Meta(title="国务院2024年政府工作报告", level="nation", region="全国", region_code="000000", year=2024,
             date="2024-03-05")
    assert cite.citation(m).text() == "中华人民共和国国务院. 国务院2024年政府工作报告[R]. 2024."


def test_report_page_shows_the_citation_and_a_hidden_copy_button(site):
    raw = (site / "site" / "reports" / SEED_IDS["001"] / "index.html").read_text(encoding="utf-8")
    assert '<button type="button" class="cite-copy md-button" aria-label="复制本报告的引用格式" hidden>复制引用</button>' in raw
    assert "引用本报告（GB/T 7714—2015）" + EXPECTED["001"] in page_text(site / "site" / "reports" / SEED_IDS["001"] / "index.html").replace("\n", "")
    assert "assets/javascripts/cite.js" in raw


def test_online_form_waits_for_the_readers_date(tmp_path):
    """A saved page that states its address is cited [EB/OL]; the page holds the form with
    the access date to fill ({accessed}) for the copy script, and the form without it."""
    from generator.build import build

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    text = seed_path("001").read_text(encoding="utf-8")
    seeds.joinpath("xinxiang.txt").write_text(
        "来源：新乡市人民政府 发布时间：2025-02-14\n本文链接：https://www.xinxiang.gov.cn/a/1.html\n" + text,
        encoding="utf-8")
    build(seeds, tmp_path / "docs")
    page = (tmp_path / "docs" / "reports" / "410700-2025.md").read_text(encoding="utf-8")
    head = "河南省新乡市人民政府. 新乡市2025年政府工作报告&#91;EB/OL&#93;. &#40;2025-02-14&#41;"
    assert (f'<p class="citation-text" data-accessed-form="{head}&#91;{{accessed}}&#93;. '
            f'https://www.xinxiang.gov.cn/a/1.html.">{head}. https://www.xinxiang.gov.cn/a/1.html.</p>') \
        .replace("{accessed}", "&#123;accessed&#125;") in page
