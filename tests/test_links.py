"""Cross-links: regions, shared terms, related reports; every internal link resolves."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlparse

import pytest

from tests.conftest import page_text


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "a" and a.get("href"):
            self.hrefs.append(a["href"])
        if tag == "link" and a.get("href") and a.get("rel") in ("stylesheet",):
            self.hrefs.append(a["href"])


def _parse(path: Path) -> _Links:
    p = _Links()
    p.feed(path.read_text(encoding="utf-8"))
    return p


def _target(site: Path, page: Path, href: str) -> tuple[Path, str]:
    url, frag = urldefrag(href)
    if not url:
        return page, frag
    resolved = (page.parent / unquote(url)).resolve()
    if resolved.is_dir():
        resolved = resolved / "index.html"
    return resolved, frag


def test_every_internal_link_and_anchor_resolves(site):
    root = site / "site"
    # 404.html is served at any path, so MkDocs gives it absolute links on purpose.
    pages = sorted(p for p in root.rglob("*.html") if p.name != "404.html")
    ids = {}
    broken = []
    checked = 0
    for page in pages:
        links = _parse(page)
        for href in links.hrefs:
            parsed = urlparse(href)
            if parsed.scheme or href.startswith("//") or href.startswith("mailto:"):
                continue
            target, frag = _target(root, page, href)
            checked += 1
            if not str(target).startswith(str(root.resolve())) or not target.exists():
                broken.append((page.relative_to(root).as_posix(), href))
                continue
            if frag and target.suffix == ".html":
                if target not in ids:
                    ids[target] = _parse(target).ids
                if frag not in ids[target]:
                    broken.append((page.relative_to(root).as_posix(), href))
    assert broken == []
    assert checked > 1000


def _term_page(site: Path, name: str) -> Path:
    for page in (site / "site" / "terms").glob("*/index.html"):
        if re.search(rf"<h1[^>]*>{re.escape(name)}", page.read_text(encoding="utf-8")):
            return page
    raise AssertionError(f"no term page for {name}")


def _article(path: Path) -> str:
    html = path.read_text(encoding="utf-8")
    return html[html.index("<article"):html.index("</article>")]


def test_zhongyuan_nonggu_links_xinxiang_and_dancheng(site):
    html = _article(_term_page(site, "中原农谷"))
    assert 'href="../../reports/410700-2025/#' in html
    assert 'href="../../reports/411625-2024-digest/#' in html
    assert "410622" not in html


def test_qianxihe_links_yancheng_and_dancheng(site):
    page = _term_page(site, "千喜鹤")
    html = _article(page)
    assert 'href="../../reports/411103-2025-excerpt/#' in html
    assert 'href="../../reports/411625-2024-digest/#' in html
    assert "千喜鹤集团" in page_text(page)  # both spellings


def test_programmes_are_shared_terms(site):
    index = page_text(site / "site" / "terms" / "index.html")
    for name in ("万人助万企", "三个一批", "四高四争先", "十大战略", "高效办成一件事", "两重", "两新", "千万工程", "中原农谷", "千喜鹤"):
        assert name in index
    # Not terms: web furniture, plan names, fragments of longer names.
    for name in ("会员菜单", "十四五", "农谷", "责编"):
        assert f">{name}<" not in (site / "site" / "terms" / "index.html").read_text(encoding="utf-8")


def test_hebi_region_page_lists_its_counties_reports(site):
    html = (site / "site" / "regions" / "410600" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../reports/410622-2025-summary/"' in html
    assert 'href="../../reports/410621-2021/"' in html
    text = page_text(site / "site" / "regions" / "410600" / "index.html")
    assert "提到鹤壁市的其他报告" in text


def test_xinxiang_region_page_lists_its_report(site):
    html = (site / "site" / "regions" / "410700" / "index.html").read_text(encoding="utf-8")
    assert '<a href="../../reports/410700-2025/">新乡市2025年政府工作报告</a>' in html


def test_qixian_related_includes_xunxian_same_city(site):
    html = (site / "site" / "reports" / "410622-2025-summary" / "index.html").read_text(encoding="utf-8")
    related = html[html.index('id="related"'):]
    assert re.search(r'href="\.\./410621-2021/">浚县2021年政府工作报告</a></td>\s*<td>同属鹤壁市', related)


def test_report_links_first_mention_of_a_term_once_per_section(site):
    html = (site / "site" / "reports" / "410700-2025" / "index.html").read_text(encoding="utf-8")
    section = html[html.index('id="s1"'):html.index('id="s2"')]
    term_href = re.search(r'<a class="term" href="([^"]+)" title="术语：中原农谷">中原农谷</a>', section).group(1)
    assert section.count(f'href="{term_href}"') == 1
    # Never inside a heading.
    assert not re.search(r"<h[1-6][^>]*>[^<]*<a class=\"term\"", html)


def test_terms_are_deterministic(site):
    from generator.build import collect
    from generator.terms import shared_terms
    from tests.conftest import SEEDS

    a = [(t.name, t.kind, len(t.occurrences)) for t in shared_terms(collect(SEEDS).reports)]
    b = [(t.name, t.kind, len(t.occurrences)) for t in shared_terms(collect(SEEDS).reports)]
    assert a == b


def test_xinxiang_region_page_names_the_counties_its_report_mentions(site):
    text = page_text(site / "site" / "regions" / "410700" / "index.html")
    section = text[text.index("本地区报告提到的下级地区"):]
    for name in ("长垣市", "辉县市", "卫辉市", "原阳县"):
        assert name in section
    # Named without their suffix in the report (G230封丘开封黄河大桥, 长修高速封丘至修武段;
    # 博爱—获嘉—长垣输气管道); the seeds have no report of either, so neither has a page of its own.
    for named in ("封丘县（2 次）", "获嘉县（1 次）"):
        assert named in section


def test_region_tree_nests_counties_under_their_city(site):
    html = (site / "site" / "regions" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'河南省</a>\s*<ul>\s*<li><a href="410600/">鹤壁市</a>\s*<ul>\s*<li><a href="410621/">浚县</a>', html)


def test_a_place_name_inside_an_institutions_name_is_no_mention():
    from generator import regions

    text = "河南师范大学和新乡学院在河南省新乡市。河南经济稳步增长，新乡路上车水马龙。"
    assert regions.mentions(text) == {"410000": 2, "410700": 1}


def _term_index(reports_of: dict[str, list[str]]):
    from types import SimpleNamespace

    from generator.link import TermIndex

    index = TermIndex({}, {}, {}, {})
    for name, ids in reports_of.items():
        index.ids[name], index.sets[name] = ids, set(ids)
        for x in ids:
            index.terms_of.setdefault(x, []).append(SimpleNamespace(name=name))
            index.reports[x] = SimpleNamespace(meta=SimpleNamespace(id=x))
    return index


@pytest.mark.parametrize("with_numpy", [False, True])
@pytest.mark.parametrize("rid, most, ranked", [
    ("a", 20, [("c", 3), ("b", 1), ("d", 1)]),  # most shared first, then by id
    ("a", 2, [("c", 3), ("b", 1)]),
    ("d", 20, [("a", 1)]),
    ("e", 20, []),  # a report without shared terms
])
def test_related_reports_rank_by_terms_shared_then_by_id(rid, most, ranked, with_numpy):
    """The first reports a build ranks are counted in Python, the others with numpy."""
    from generator.link import FEW_RANKED

    index = _term_index({"t1": ["c", "a", "b"], "t2": ["a", "c"], "t3": ["d", "a"], "t4": ["c", "a"]})
    index.counted = FEW_RANKED if with_numpy else 0
    assert index.sharing(rid, most) == ranked


def test_both_ways_of_ranking_related_reports_agree_on_many_ties():
    import random

    from generator.link import FEW_RANKED

    rnd = random.Random(7)
    ids = [f"r{n:03d}" for n in range(300)]
    index = _term_index({f"t{k}": rnd.sample(ids, rnd.randint(2, 120)) for k in range(400)})
    python = [index.sharing(rid, 20) for rid in ids[:FEW_RANKED]]
    assert index.counted == FEW_RANKED
    assert python == [index.sharing(rid, 20) for rid in ids[:FEW_RANKED]]  # now with numpy
    assert index.counted == 2 * FEW_RANKED and all(len(p) == 20 for p in python)
    assert python[0][0][1] > python[0][-1][1] and len({n for p in python for _, n in p}) > 5  # ranks with ties


def _found(changes: dict) -> dict:
    """Two reports' occurrences of two terms, changed as `changes` says for report "a"."""
    from dataclasses import replace
    from types import SimpleNamespace

    from generator.terms import Occurrence, Term

    a, b = (SimpleNamespace(meta=SimpleNamespace(id=x)) for x in "ab")
    farm, fine = Term(changes.get("name", "中原农谷"), "programme"), Term("专精特新", "slogan")
    occ = [(farm, Occurrence(a, "s1", "p1", "积极融入", "中原农谷", "建设", 0, 4, 0)),
           (fine, Occurrence(a, "s1", "p1", "培育", "专精特新", "企业", 0, 12, 1)),
           (farm, Occurrence(a, "s2", "p9", "", "中原农谷", "", 1, 0, 2))]
    if "start" in changes:
        occ[0] = (farm, replace(occ[0][1], start=changes["start"]))
    occ = occ[:changes.get("first", len(occ))]
    other = [(fine, Occurrence(b, "s1", "p2", "", "专精特新", "", 0, changes.get("b_start", 0), 0))]
    return {"a": occ, "b": other}


@pytest.mark.parametrize("changes, same", [
    ({}, True),
    ({"b_start": 5}, True),  # another report's occurrences
    ({"first": 2}, False),  # one occurrence fewer
    ({"start": 5}, False),  # moved in its line
    ({"name": "中原农谷示范区"}, False),  # counted for another term (another name and page)
])
def test_a_reports_links_basis_changes_exactly_with_its_occurrences(changes, same):
    """Corpus.links_basis stands for a report page's links to term pages in its view: it
    changes with the report's own occurrences (place, term, page), not with another's."""
    from generator.link import Corpus

    before, after = (Corpus([], {}, {}, occurrences_of=_found(c)).links_basis("a") for c in ({}, changes))
    assert (before == after) is same
