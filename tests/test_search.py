"""The search index (generator/search.py): what it stores, and that a query finds exactly the
pages whose text holds it. The browser's engine is tested against the same truth in
tests/test_browser.py; here the Python reader of the same files stands in for it."""

from __future__ import annotations

import html
import json
import os
import re
import unicodedata
import urllib.parse
from pathlib import Path

import pytest

from generator import search
from tests.conftest import files_of

ROOT = Path(__file__).resolve().parents[1]
MATERIAL = Path(__import__("material").__file__).parent / "templates"


# ---------- the truth: what a reader's find-in-page would find, computed independently ----------

BLOCK = re.compile(r"</?(?:p|li|h[1-6]|td|th|dt|dd|div|blockquote|pre|caption|figcaption|table|tr|thead|tbody|ul|ol|"
                   r"dl|section|details|summary|figure|header|footer|nav|aside|article|hr|br)\b[^>]*>")


class _Folded(dict):
    """Each character as `fold` compares it (a table for str.translate, filled as characters come):
    its compatibility form and then its lower case, each only when it is one character."""

    def __missing__(self, code: int) -> str:
        c = chr(code)
        n = unicodedata.normalize("NFKC", c)
        n = n if len(n) == 1 else c
        self[code] = out = n.lower() if len(n.lower()) == 1 else n
        return out


_FOLDED = _Folded()


def fold(text: str) -> str:
    """Text as find-in-page compares it: no whitespace or zero-width marks, compatibility forms
    folded, letters in lower case."""
    return re.sub(r"[\s\u200b\u200c\u200d\u2060\u00ad\ufeff]+", "", text).translate(_FOLDED)


def truth_blocks(page_html: str) -> list[str]:
    m = re.search(r'<article class="md-content__inner[^"]*">(.*)</article>', page_html, re.S)
    body = m.group(1) if m else ""
    body = re.sub(r"<(script|style|svg)\b.*?</\1>", "", body, flags=re.S)
    body = re.sub(r'<a class="headerlink"[^>]*>.*?</a>', "", body, flags=re.S)
    return [fold(html.unescape(re.sub(r"<[^>]+>", "", part))) for part in BLOCK.split(body)]


def excluded(docs: Path) -> set[str]:
    """Pages whose front matter keeps them out of search (processing logs, the build report)."""
    out = set()
    for md in docs.rglob("*.md"):
        head = md.read_text(encoding="utf-8")[:300]
        if re.match(r"---\n(.*\n)*?search:\n\s+exclude: true", head):
            rel = md.relative_to(docs).with_suffix("")
            out.add("" if rel.name == "index" and rel.parent == Path(".") else
                    urllib.parse.quote((str(rel.parent) if rel.name == "index" else str(rel))) + "/")
    return out


def truth(project: Path) -> dict[str, list[str]]:
    """Every searchable page's address -> its blocks of text."""
    site = project / "site"
    skip = excluded(project / "docs")
    pages = {}
    for f in site.rglob("index.html"):
        rel = f.parent.relative_to(site).as_posix()
        url = "" if rel == "." else urllib.parse.quote(rel) + "/"  # as MkDocs writes a page's URL
        if url in skip:
            continue
        pages[url] = truth_blocks(f.read_text(encoding="utf-8"))
    return pages


def holding(pages: dict[str, list[str]], query: str) -> set[str]:
    terms = [fold(t) for t in query.split() if fold(t)]
    return {url for url, blocks in pages.items() if all(any(t in b for b in blocks) for t in terms)}


# Queries over the seeds: words, fragments across word boundaries, names, slogans, numbers with
# units, mixed text, one character, repeated characters, several terms, Traditional input.
SEED_QUERIES = [
    "中原农谷", "魏建平", "3569.7亿元", "三个一批", "万人助万企", "千喜鹤", "标准农", "高标准农田",
    "PM2.5", "pm2.5", "6%左右", "7.7万人", "地区生产总值", "生产总", "互联网+", "放管服", "专精特新",
    "乡村振兴", "以旧换新", "三化三制", "管委会+公司", "胖东来", "60·80", "“开门红”22条", "郸城",
    "淇县", "浚县", "郾城", "鹤", "谷", "%", "万万", "2025年", "5.5%左右", "政府工作报告",
    "中原 农谷", "新乡 郸城", "發展", "農業", "综合实力", "城镇新增就业", "不存在的一段文字",
]


def test_text_is_folded_as_find_in_page_folds_it():
    cases = {
        "7.5％左右": "7.5%左右",
        "ＰＭ２.５": "pm2.5",
        "中原\u200b农谷": "中原农谷",
        "中 原\n农\u3000谷": "中原农谷",
        "GDP": "gdp",
        "\ufeff地区": "地区",
        "㎡": "㎡",  # folds to two characters: kept as it is, so positions stay one to one
    }
    for raw, want in cases.items():
        assert search.normalize(raw) == want, raw
    # The test's own reading folds ㎡ (to m2); the index keeps it, one character to one.
    assert {raw: fold(raw) for raw in cases if raw != "㎡"} == {raw: want for raw, want in cases.items() if raw != "㎡"}


def test_page_text_keeps_blocks_apart_and_anchors_each_piece():
    article = ('<article class="md-content__inner md-typeset"><h1 id="top">标题<a class="headerlink" href="#top">¶</a>'
               '</h1><p id="p1">第一段<span class="cited" id="p1-2">增长6%</span>。</p>'
               '<svg class="chart"><text>图中文字</text></svg><p id="p2">第二段</p></article>')
    page = search.page_text(article, "reports/x/", "标题", {"report": {"region": "新乡市", "level": "city",
                                                                        "province": "河南省", "year": 2025}})
    assert [(p.anchor, p.text) for p in page.pieces] == [
        ("top", "标题"), ("p1", "第一段"), ("p1-2", "增长6%"), ("p1", "。"), ("p2", "第二段")]
    assert page.joined() == "标题\x00第一段增长6%。\x00第二段"
    assert page.regions == ["河南省", "新乡市"] and page.kind == "report" and page.year == 2025


def _index(tmp_path: Path, texts: dict[str, str]) -> search.Reader:
    pages = []
    for url, body in texts.items():
        blocks = "".join(f"<p>{html.escape(b)}</p>" for b in body.split("|"))
        pages.append(search.page_text(f'<article class="md-content__inner">{blocks}</article>', url, url))
    search.write(pages, tmp_path / "search")
    return search.Reader(tmp_path / "search")


@pytest.mark.parametrize("query, pages", [
    ("万万", ["a/", "c/"]),  # 万万万 holds it twice, overlapping
    ("万万万", ["a/"]),
    ("万", ["a/", "b/", "c/"]),  # one character
    ("山水", ["b/"]),
    ("青山", []),  # 青 ends one block, 山 opens the next
    ("万 山", ["b/"]),  # both terms
    ("千万万山水青山水秀万里长城永不倒", []),  # longer than any page
    ("萬萬", ["a/", "c/"]),  # Traditional input finds the Simplified text
])
def test_query_finds_exactly_the_pages_holding_it(tmp_path, query, pages):
    reader = _index(tmp_path, {"a/": "万万万", "b/": "千万|山水青|山水秀", "c/": "一万万"})
    assert reader.search(query) == pages


def test_an_index_written_again_after_an_edit_equals_a_fresh_one(tmp_path, monkeypatch):
    """`mkdocs serve` writes the index again into the same folder after each rebuild: only
    blocks whose pages changed are made again, only the files made of them are written again,
    the files of pages gone are deleted, and the folder then holds what a fresh process writes."""
    monkeypatch.setattr(search, "PAGES_PER_BLOCK", 2)
    monkeypatch.setenv("GWR_WORKERS", "1")  # the blocks made are counted in this process
    made = []
    monkeypatch.setattr(search, "_grams", lambda block, grams=search._grams: made.append(block) or grams(block))

    def pages(texts: dict[str, str]) -> list:
        return [search.page_text(f'<article class="md-content__inner"><p>{t}</p></article>', u, u) for u, t in texts.items()]


    def fresh(texts: dict[str, str]) -> dict[str, bytes]:
        with pytest.MonkeyPatch.context() as mp:  # a new process's memory, this one's kept
            mp.setattr(search, "_wrote", {"out": None, "files": {}, "blocks": {}})
            search.write(pages(texts), tmp_path / "fresh")
        return files_of(tmp_path / "fresh")

    out = tmp_path / "site" / "search"
    texts = {"a/": "万万万", "b/": "千万山水", "c/": "一万万", "d/": "青山", "e/": "长城"}
    search.write(pages(texts), out)
    for f in out.rglob("*"):
        os.utime(f, ns=(0, 0))
    made.clear()
    texts["c/"] = "一万万里"  # the second block of two pages: a/ b/ | c/ d/ | e/
    search.write(pages(texts), out)
    assert [[p.url for p in block] for block in made] == [["c/", "d/"]]
    written = sorted(f.relative_to(out).as_posix() for f in out.rglob("*") if f.is_file() and f.stat().st_mtime_ns)
    assert written == sorted(["1/0.bin", "text/2-0.json", "meta.json", "t2s.json",
                              "pages-0.json", "pages-1.json", "pages-2.json"])
    assert files_of(out) == fresh(texts)
    assert search.Reader(out).search("万里") == ["c/"]
    del texts["e/"], texts["a/"]  # two blocks left: b/ c/ | d/
    search.write(pages(texts), out)
    assert files_of(out) == fresh(texts)
    assert not (out / "2").exists()


def test_the_blocks_written_on_every_core_equal_those_written_in_one_process(tmp_path, monkeypatch):
    """Each worker writes its blocks' shard and text files itself, from the pages it forked
    with: the folder is the same as one process writes, and the pages kept for `write_kept`
    that it is not given are let go of."""
    monkeypatch.setattr(search, "PAGES_PER_BLOCK", 2)
    monkeypatch.setattr(search, "_kept", {})


    texts = {"a/": "万万万", "b/": "千万山水", "c/": "一万万里" * 700 + "</p><p>" + "长江" * 10, "d/": "青山", "e/": "长城", "f/": "黄河"}
    for url, t in texts.items():
        search.keep(f'<article class="md-content__inner"><p>{t}</p></article>', url, url)
    urls = sorted(set(texts) - {"f/"}) + ["g/"]  # f/ gone from the site; g/ never read
    trees = []
    for workers in ("1", "2"):
        monkeypatch.setenv("GWR_WORKERS", workers)
        monkeypatch.setattr(search, "_wrote", {"out": None, "files": {}, "blocks": {}})
        figures = search.write_kept(urls, tmp_path / workers)
        assert (figures["pages"], figures["blocks"], figures["missing"]) == (5, 3, 1)
        trees.append(files_of(tmp_path / workers))
    assert trees[0] == trees[1]
    assert sorted(search._kept) == ["a/", "b/", "c/", "d/", "e/"]
    assert "text/2-1.json" in trees[1]  # c/'s second paragraph: a chunk of its own
    assert search.Reader(tmp_path / "2").search("万里") == ["c/"]


def test_gram_positions_match_the_text(tmp_path):
    """Every occurrence of a pair in the index is where the text has it, also past position
    16 383, where a position takes three bytes."""
    text = "政府工作报告。" * 3000
    reader = _index(tmp_path, {"r/": text})
    shard = reader._shard(0, "报告")
    positions = reader._postings(shard["报告"], False)[0]
    assert positions == [m.start() for m in re.finditer("报告", text)]
    assert positions[-1] > 16384


def test_every_query_lists_exactly_the_seed_pages_holding_it(site):
    pages = truth(site)
    reader = search.Reader(site / "site" / "search")
    assert len(SEED_QUERIES) >= 40
    for q in SEED_QUERIES:
        want = holding(pages, q)
        if q in ("發展", "農業"):  # Traditional input: the pages holding the Simplified form
            want = holding(pages, {"發展": "发展", "農業": "农业"}[q])
        assert set(reader.search(q)) == want, q
    assert reader.search("魏建平")[0] == "reports/410700-2025/"  # the report, then the speaker's pages
    assert len(reader.search("3569.7亿元")) == len(holding(pages, "3569.7亿元")) >= 2


def test_logs_and_the_build_report_stay_out_of_search(site):
    urls = {row[0] for b in range(len(json.loads((site / "site/search/meta.json").read_text())["blocks"]))
            for row in json.loads((site / f"site/search/pages-{b}.json").read_text())}
    assert "reports/410700-2025/" in urls and "regions/" in urls
    assert not any(u.startswith("logs/") for u in urls) and "build-report/" not in urls
    assert not (site / "site" / "search" / "search_index.json").exists()  # Material's index is gone


def test_reports_are_searched_first(site):
    rows = json.loads((site / "site/search/pages-0.json").read_text(encoding="utf-8"))
    kinds = [r[2] for r in rows]
    assert kinds[:5] == ["report"] * 5 and set(kinds[5:]) == {"index"}
    # Newest year first, then by address.
    assert [r[0] for r in rows[:5]] == ["reports/410622-2025-summary/", "reports/410700-2025/",
                                        "reports/411103-2025-excerpt/", "reports/411625-2024-digest/",
                                        "reports/410621-2021/"]
    xinxiang = next(r for r in rows if r[0] == "reports/410700-2025/")
    assert xinxiang[1] == "新乡市2025年政府工作报告"
    assert xinxiang[3] == ["河南省", "新乡市"] and xinxiang[4] == "city" and xinxiang[5] == 2025


def test_header_is_materials_own_but_for_the_search_box():
    """overrides/partials/header.html is Material's header with the search plugin's condition
    removed; on an upgrade of Material this fails until the copy is refreshed."""
    ours = (ROOT / "overrides/partials/header.html").read_text(encoding="utf-8")
    theirs = (MATERIAL / "partials/header.html").read_text(encoding="utf-8")
    strip = re.compile(r"\{#-.*?-#\}\s*", re.S)
    start = theirs.index('    {% if "material/search" in config.plugins %}')
    end = theirs.index("    {% if config.repo_url %}")
    assert strip.sub("", ours).replace(ours[ours.index('    <label class="md-header__button md-icon" for="__search">'):
                                            ours.index("    {% if config.repo_url %}")], "") == \
        strip.sub("", theirs[:start] + theirs[end:])


def _read_by_html_parser(article: str) -> list:
    parser = search._TextParser()
    parser.feed(article)
    parser.close()
    return parser.pieces


# Markup MkDocs and the generator write, read without html.parser: the same pieces.
READ_PLAINLY = [
    '<p id="a">甲 &amp; 乙&#x4e19;<em>丁</em></p>',
    '<H2 ID="x" class="y">标题<A class="headerlink" href="#x">¶</A></H2><p>正文</p>',
    "<p title='单引号 > 也在' hidden data-x=1>一<br/>二<br>三<img src=a.png/>四</p>",
    '<div><!-- 注释 --><p>前</p><!----><p>后</p></div>',
    '<script>if (a < b && c) { x = "<p>"; }</script><p>正文</p><style>p > a { }</style>',
    '<svg viewBox="0 0 10 10"><text>图中</text><path d="M0 0"/></svg><table><tr><td>格</td><th>头</th></tr></table>',
    '<p>\n  空白\n</p>\n\n<ul>\n<li>一</li>\n<li>二</li>\n</ul>',
    '<p id="x&amp;y">属性里的字符引用</p><p id="q" class="">值为空的属性</p><p>&lt;不是标签&gt; &nbsp;与&copy;</p>',
]
# Markup it leaves to html.parser, which reads it as it always has.
LEFT_TO_HTML_PARSER = [
    '<!doctype html><p>正文</p>',
    "<p>a < b 的比较</p>",
    "<p>前</ p>后</p>",
    "<p>一<!-- a -- b -->二</p>",
    "<p>一<![CDATA[x]]>二</p>",
    "<?xml version='1.0'?><p>一</p>",
    '<p a="<">一</p>',
    "<script>var s = '</scr' + 'ipt>';</script><p>正文</p>",
    '<script>x = "</p>";</script><p>正文</p>',
]


@pytest.mark.parametrize("article", READ_PLAINLY + LEFT_TO_HTML_PARSER)
def test_the_plain_reading_of_a_page_is_html_parsers(article):
    plain = search._TextParser()
    assert search._read_plainly(plain, article) == (article in READ_PLAINLY)
    if article in READ_PLAINLY:
        assert plain.pieces == _read_by_html_parser(article)
    assert search.page_text(article, "u/", "t").pieces == _read_by_html_parser(article)
