"""Words of the year (高频词): each report's most frequent content words, the year pages, the
charts of a word over the years and words.csv, against counts made here from the texts."""

from __future__ import annotations

import csv
import dataclasses
import html
import io
import re
from pathlib import Path

import pytest
import yaml

from generator import charts, words
from generator.build import collect
from generator.read import to_simplified
from tests import test_browser as tb
from tests.conftest import ROOT, SEED_IDS, seed_path

RULE = yaml.safe_load((ROOT / "generator" / "data" / "words.yml").read_text(encoding="utf-8"))


def _csv(project: Path) -> dict[tuple[str, str], int]:
    raw = (project / "site" / "data" / "words.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # spreadsheet programs read the Chinese as UTF-8
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == ["report_id", "year", "region", "word", "count"]
    return {(r[0], r[3]): int(r[4]) for r in rows[1:]}


def _raw(prefix: str) -> str:
    return to_simplified(seed_path(prefix).read_text(encoding="utf-8"))


def _html(project: Path, path: str) -> str:
    return (project / "site" / path / "index.html").read_text(encoding="utf-8")


def _text(fragment: str) -> str:
    fragment = re.sub(r"<br\s*/?>|</li>|</dd>|</dt>", "\n", fragment)
    return html.unescape(re.sub(r"<[^>]+>", "", fragment))


def report_text(page: str) -> list[str]:
    """The report's own text as its built page shows it, read from the HTML: the headings of
    its sections and its paragraphs, lists and glossaries, up to the 高频词 section; not the
    news lead, the title block or the metadata table."""
    page = page.split('<h2 id="words"')[0]
    page = re.sub(r'<div class="admonition quote lead">.*?</div>', "", page, flags=re.S)
    page = re.sub(r'<a class="headerlink"[^>]*>.*?</a>', "", page)
    out = []
    pattern = (r'<h([2-6]) id="s[\d-]+"[^>]*>(.*?)</h\1>|<p (?:class="[^"]*" )?id="p\d+"[^>]*>(.*?)</p>'
               r'|<ul class="report-list" id="p\d+">(.*?)</ul>|<dl class="glossary" id="p\d+">(.*?)</dl>')
    for m in re.finditer(pattern, page, re.S):
        body = next(g for g in m.groups()[1:] if g is not None)
        out.extend(line for line in _text(body).split("\n") if line.strip())
    return out


@pytest.fixture(scope="module")
def tokenizer():
    """jieba with its dictionary, the project's user dictionary and the words of words.yml's
    `dictionary`, made here (not the generator's). Its dictionary cache is jieba's own, in the
    system's temporary folder: the same file the generator reads with its cache off (a copy of
    jieba's dictionary, made once per machine instead of once per session: 1.5-3 s)."""
    import jieba

    tk = jieba.Tokenizer()
    tk.load_userdict(str(ROOT / "generator" / "data" / "jieba_user.txt"))
    for w in RULE["dictionary"]:
        tk.add_word(w)
    return tk


def _han(lines: list[str]) -> int:
    return sum(len(re.findall(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]", line)) for line in lines)


# Words that jieba cannot cut another way and that only the report's own text uses (not its
# title block, lead or furniture): their count is the number of times the seed's text holds them.
WHOLE = [
    ("001", "中原农谷"),
    ("001", "种业"),
    ("001", "种质"),
    ("003", "示范县"),
    ("003", "脱贫"),
    ("003", "疫情"),
    ("004", "金丹科技"),
    ("004", "小麦"),
    ("000", "尼龙"),
    ("000", "民宿"),
    ("002", "微生物"),
]


@pytest.mark.parametrize("prefix, word", WHOLE)
def test_a_words_count_is_the_number_of_times_the_text_holds_it(site, prefix, word):
    expected = _raw(prefix).count(word)
    assert expected >= 3
    assert _csv(site)[(SEED_IDS[prefix], word)] == expected


# Words whose count depends on where the text is cut and on what the page keeps, and whether
# the seed's whole file holds them more often than the report's text: 实验室 inside the names
# 中原食品实验室 and 神农实验室 is part of those names; 新乡, 淇县 and 郸城 in the title block, the
# news lead or the furniture are not the report's text; 食品 in 食品安全 is part of another word.
SEGMENTED = [
    ("001", "实验室", True),
    ("001", "新乡", True),
    ("001", "发展", False),
    ("000", "淇县", True),
    ("002", "食品", True),
    ("003", "建设", False),
    ("004", "郸城", True),
]


@pytest.mark.parametrize("prefix, word, fewer_than_in_the_file", SEGMENTED)
def test_counts_are_jiebas_words_of_the_reports_own_text(site, tokenizer, prefix, word, fewer_than_in_the_file):
    rid = SEED_IDS[prefix]
    lines = report_text(_html(site, f"reports/{rid}"))
    expected = sum(1 for line in lines for w in tokenizer.cut(line, HMM=False) if w == word)
    assert expected > 0
    assert _csv(site)[(rid, word)] == expected
    if fewer_than_in_the_file:
        assert expected < _raw(prefix).count(word)


def test_a_report_page_lists_its_thirty_most_frequent_words_in_order(site):
    counts = _csv(site)
    for rid in SEED_IDS.values():
        page = _html(site, f"reports/{rid}")
        listed = [(w, int(n)) for w, n in re.findall(r'<li>(\S+) <span class="word-count">(\d+)</span></li>', page)]
        mine = sorted(((w, n) for (r, w), n in counts.items() if r == rid), key=lambda x: (-x[1], x[0]))
        assert listed == mine[:30]
        assert 'id="words"' in page


# Words a list of 高频词 leaves out, each used in the seeds' text, with the reason.
LEFT_OUT = [
    ("推进", "a verb"),
    ("加强", "a verb"),
    ("坚持", "a verb"),
    ("实施", "a verb"),
    ("进一步", "an adverb"),
    ("我们", "a pronoun"),
    ("今年", "a time word"),
    ("亿元", "a numeral with its unit"),
    ("工作", "a frame word: 政府工作, 各项工作"),
    ("方面", "a frame word"),
    ("重点", "a frame word"),
    ("全市", "the report's word for its own territory"),
    ("全县", "the report's word for its own territory"),
    ("全省", "the province's territory word"),
    ("市政府", "the report's own government"),
    ("深化", "a verb the dictionary tags as an abbreviation"),
    ("优化", "a generic verb"),
    ("同比", "a statistics word"),
    ("十大", "a count"),
]


@pytest.mark.parametrize("word, why", LEFT_OUT)
def test_function_words_frame_words_and_counts_are_not_counted(site, word, why):
    assert any(word in _raw(p) for p in SEED_IDS)  # the seeds use it
    listed = {w for _, w in _csv(site)}
    assert word not in listed, why
    for year in ("2021", "2024", "2025"):
        assert f"| {word} |" not in (site / "docs" / "words" / f"{year}.md").read_text(encoding="utf-8")


def test_no_listed_word_is_a_stop_word_a_single_character_or_not_chinese(site):
    listed = {w for _, w in _csv(site)}
    assert listed & set(RULE["stop_words"]) == set()
    assert [w for w in listed if len(w) < 2 or not re.fullmatch(r"[\u4e00-\u9fff]+", w)] == []
    plans = set(RULE["keep_words"]) | set(RULE["dictionary"])  # 十四五 is a plan's name, not a count
    assert [w for w in listed - plans if re.fullmatch(r"[一二三四五六七八九十百千万亿两几]+[大个项条种]?", w)] == []


def test_the_year_page_adds_up_its_reports(site):
    # 2025: 淇县 (000), 新乡市 (001), 郾城区 (002). 转型 and 中原农谷 are among the year's 50 most
    # frequent words, whole words that only the reports' own text uses (中原农谷: 新乡 alone).
    page = (site / "docs" / "words" / "2025.md").read_text(encoding="utf-8")
    for word in ("转型", "中原农谷"):
        each = [_raw(p).count(word) for p in ("000", "001", "002")]
        used = sum(1 for n in each if n)
        row = re.search(rf"^\| \d+ \| (?:\[{word}\]\([^)]*\)|{word}) \| (\d+) \| [\d.]+ \| (\d+)/3 \|$", page, re.M)
        assert row and (int(row.group(1)), int(row.group(2))) == (sum(each), used)
    assert "\n3 份报告（" in page


def test_per_ten_thousand_characters_of_the_reports_text(site):
    # 2021 has one report (浚县): its text's characters and 建设's rate, from the built page.
    lines = report_text(_html(site, "reports/410621-2021"))
    chars = _han(lines)
    page = (site / "docs" / "words" / "2021.md").read_text(encoding="utf-8")
    assert f"正文共 {chars:,} 字" in page
    n = _csv(site)[("410621-2021", "建设")]
    assert re.search(rf"^\| 1 \| \[建设\]\(trends\.md#word-\d+\) \| {n} \| {n * 10000 / chars:.1f} \| 1/1 \|$", page, re.M)


def test_the_pages_exist_and_are_linked(site):
    out = site / "site"
    for path in ("words", "words/2021", "words/2024", "words/2025", "words/trends"):
        assert (out / path / "index.html").exists(), path
    home = _html(site, "")
    assert 'href="words/"' in home and 'href="data/words.csv"' in home
    # The navigation: the section's tab on every page; inside it, the charts and each year.
    nav = _html(site, "words")
    for href in ('href="trends/"', 'href="2025/"', 'href="2024/"', 'href="2021/"'):
        assert href in nav, href
    assert 'href="../words/"' in _html(site, "years")
    report = _html(site, "reports/410700-2025")
    assert 'href="../../words/2025/"' in report and 'href="../../words/#rule"' in report
    year = _html(site, "words/2025")
    for rid in ("410622-2025-summary", "410700-2025", "411103-2025-excerpt"):
        assert f'href="../../reports/{rid}/#words"' in year
    assert 'href="../data/words.csv"' in _html(site, "words")


def test_seed_trends_chart_one_point_per_year(site):
    page = _html(site, "words/trends")
    figures = re.findall(r'<figure class="chart-figure" id="(word-\d+|term-\d+)">(.*?)</figure>', page, re.S)
    assert len([a for a, _ in figures if a.startswith("word-")]) == RULE["chart_words"]
    for anchor, svg in figures:
        years = re.findall(r"<title>\S+ (\d{4})：", svg)
        assert years == ["2021", "2024", "2025"], anchor


def _year_chars(project: Path, year: int) -> int:
    return int(re.search(r"正文共 ([\d,]+) 字", _html(project, f"words/{year}")).group(1).replace(",", ""))


def test_national_chart_has_one_point_per_year_per_ten_thousand_characters(national_site):
    import json

    reports = json.loads((national_site / "site" / "data" / "reports.json").read_text(encoding="utf-8"))
    years = sorted({r["year"] for r in reports if r["year"]})
    assert len(years) > 40 and years[0] == 1954 and years[-1] == 2025
    page = _html(national_site, "words/trends")
    assert "每万字出现次数" in page and "横轴按实际年份间隔排列" in page
    svg = re.search(r'<figure class="chart-figure" id="word-1">(.*?)</figure>', page, re.S).group(1)
    points = re.findall(r"<title>(\S+) (\d{4})：([\d.]+)</title>", svg)
    assert [int(y) for _, y, _ in points] == years
    word = points[0][0]
    counts = _csv(national_site)
    for name, year, value in points:
        rid = next(r["id"] for r in reports if r["year"] == int(year))
        rate = counts.get((rid, word), 0) * 10000 / _year_chars(national_site, int(year))
        assert float(value) == round(rate, 1), year
    # Years are placed by their distance: 1964 to 1975 is eleven years wide, 1975 to 1978 three.
    xs = {int(y): float(x) for x, y in re.findall(r'<circle cx="([\d.]+)"[^>]*><title>\S+ (\d{4})：', svg)}
    assert abs((xs[1975] - xs[1964]) / (xs[1978] - xs[1975]) - 11 / 3) < 0.05


def test_national_count_of_a_word_of_its_time(national_site):
    # 四人帮 (a whole word) in the 1978 report, counted in the document's text.
    import json

    doc = next(json.loads(line) for line in (ROOT.parent / "shared" / "corpora" / "national-gwr-1954-2025.jsonl")
               .read_text(encoding="utf-8").splitlines() if json.loads(line)["year"] == "1978")
    assert _csv(national_site)[("cn-1978", "四人帮")] == doc["content"].count("四人帮") > 50


@pytest.mark.parametrize("counts, n, top", [
    ({"发展": 9, "建设": 7, "改革": 7, "农业": 2}, 3, [("发展", 9), ("建设", 7), ("改革", 7)]),
    ({"发展": 9, "建设": 7}, 5, [("发展", 9), ("建设", 7)]),  # fewer words than asked for
    ({"发展": 9}, 0, []),
    ({}, 3, []),  # a report with no content word
])
def test_counted_words_keep_their_order_and_counts_through_the_cache(counts, n, top):
    """A report's counted words, held compact, give back its words in order, the most frequent
    first, before and after the trip through the cache (a pickle)."""
    import pickle

    counted = words.Counted(counts, 120)
    again = pickle.loads(pickle.dumps(counted))
    assert counted.top(n) == again.top(n) == top
    assert list(again.counts.items()) == list(counts.items()) and again.chars == 120 and again == counted


def test_counts_are_cached(tmp_path, monkeypatch):
    monkeypatch.setenv("GWR_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("GWR_WORKERS", "1")
    reports = collect(ROOT / "seeds").reports

    def entries() -> int:
        return sum(1 for p in (tmp_path / "cache" / "generator").rglob("*") if p.is_file())

    before = entries()
    first = dict(words.count_reports(reports))
    assert entries() - before == len(reports)  # one entry per report's text
    monkeypatch.setattr(words, "count", lambda lines: (_ for _ in ()).throw(AssertionError("not cached")))
    assert dict(words.count_reports(reports)) == first


def test_each_years_tally_is_kept_by_its_reports_texts(tmp_path, monkeypatch):
    """A year's tally is made again only when the text of one of its reports changed: after an
    edit of 郸城县's 2024 report, of the seeds' three years only 2024 is tallied again, from
    the edited text; reports made by hand (no digest of their text) are always tallied."""
    monkeypatch.setenv("GWR_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("GWR_WORKERS", "1")
    for p in (ROOT / "seeds").glob("*.txt"):
        (tmp_path / p.name).write_bytes(p.read_bytes())
    reports = collect(tmp_path).reports
    years = {y: [r for r in reports if r.meta.year == y] for y in (2025, 2024, 2021)}
    assert [len(reps) for reps in years.values()] == [3, 1, 1]
    made, real = [], words.tally
    monkeypatch.setattr(words, "tally", lambda counted: made.append(len(counted)) or real(counted))
    first = words.by_year(years, words.count_reports(reports))
    assert made == [3, 1, 1]
    edited = next(tmp_path.glob("004_*.txt"))
    edited.write_text(edited.read_text(encoding="utf-8") + "\n大力发展低空经济，低空经济产业园开工建设。\n", encoding="utf-8")
    reports = collect(tmp_path).reports
    years = {y: [r for r in reports if r.meta.year == y] for y in (2025, 2024, 2021)}
    made.clear()
    again = words.by_year(years, words.count_reports(reports))
    assert made == [1]
    assert again[2025] == first[2025] and again[2021] == first[2021]
    counted = words.count_reports(reports)
    assert again[2024] != first[2024] and again[2024] == real([counted[r.meta.id] for r in years[2024]])
    made.clear()
    by_hand = {2024: [dataclasses.replace(r, content="") for r in years[2024]]}
    assert words.by_year(by_hand, words.count_reports(by_hand[2024])) == {2024: again[2024]} and made == [1]


def test_counts_made_on_two_cores_are_cached_and_read_back(tmp_path, monkeypatch):
    # Counted in worker processes into the cache; the next build reads them from there.
    monkeypatch.setenv("GWR_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("GWR_WORKERS", "2")
    monkeypatch.setattr(words.workers, "MIN_ITEMS", 2)  # the five seeds are enough here
    reports = collect(ROOT / "seeds").reports
    first = dict(words.count_reports(reports))
    monkeypatch.setattr(words, "count", lambda lines: (_ for _ in ()).throw(AssertionError("not cached")))
    assert dict(words.count_reports(reports)) == first
    monkeypatch.undo()
    monkeypatch.setenv("GWR_CACHE", "off")
    assert dict(words.count_reports(reports)) == first


@pytest.mark.parametrize("apart", [False, True])
def test_a_report_whose_words_fail_is_left_out_with_a_line_in_the_build_report(tmp_path, monkeypatch, apart):
    """In one process, and with the collection pages made on workers (`render._kinds`), where
    the words pages meet the failure before the report's own page does."""
    import generator.render
    from generator.build import build

    monkeypatch.setenv("GWR_WORKERS", "2" if apart else "1")
    if apart:
        monkeypatch.setattr(generator.render, "KINDS_APART_FROM", 1)
    real = words.count
    assert [p for p in SEED_IDS if "尼龙" in _raw(p)] == ["000"]  # 淇县's text alone names it

    def count(lines):
        if any("尼龙" in line for line in lines):
            raise RuntimeError("words failed")
        return real(lines)

    monkeypatch.setattr(words, "count", count)
    result = build(ROOT / "seeds", tmp_path / "docs")
    assert sorted(r.meta.id for r in result.reports) == sorted(rid for p, rid in SEED_IDS.items() if p != "000")
    problems = [p for p in result.problems if "words failed" in p.reason]
    assert [p.file for p in problems] == [seed_path("000").name]
    assert "410622-2025-summary" not in (tmp_path / "docs" / "data" / "words.csv").read_text(encoding="utf-8")


def test_linear_year_axis_places_years_by_distance():
    svg = charts.lines({"actual": [(1954, 1.0), (1964, 2.0), (1975, 3.0), (1978, 1.0)]}, unit="", linear_x=True)
    xs = [float(x) for x in re.findall(r'<circle cx="([\d.]+)"', svg)]
    assert abs((xs[2] - xs[1]) / (xs[3] - xs[2]) - 11 / 3) < 0.01
    even = charts.lines({"actual": [(1954, 1.0), (1964, 2.0), (1975, 3.0), (1978, 1.0)]}, unit="")
    xs = [float(x) for x in re.findall(r'<circle cx="([\d.]+)"', even)]
    assert abs((xs[2] - xs[1]) - (xs[3] - xs[2])) < 0.2  # positions are written to 0.1


# ---------- in the browser ----------

WORD_PAGES = {"words": "words/", "words-year": "words/2025/", "words-trends": "words/trends/"}


@pytest.mark.parametrize("width, height", [(1280, 900), (390, 844)])
def test_word_pages_fit_the_screen_and_chart_labels_stay_readable(server, browser, width, height):
    page = browser.new_page(viewport={"width": width, "height": height})
    for kind, url in WORD_PAGES.items():
        page.goto(f"{server}/{url}")
        assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 1, kind
        small = page.evaluate("""() => [...document.querySelectorAll('article *')].filter(e =>
            e.childNodes.length && [...e.childNodes].some(n => n.nodeType === 3 && n.data.trim()) &&
            e.getClientRects().length && parseFloat(getComputedStyle(e).fontSize) < 10).map(e => e.tagName)""")
        assert not small, (kind, small[:5])
        sizes = page.evaluate("""() => [...document.querySelectorAll('svg.chart text')].map(t => {
            const svg = t.ownerSVGElement;
            return parseFloat(getComputedStyle(t).fontSize) * svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
        })""")
        assert not sizes or min(sizes) >= 10, (kind, min(sizes))
        tb.SHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(tb.SHOTS / f"{kind}-{width}.png"), full_page=False)
    page.close()


def test_a_reader_opens_a_reports_words_and_goes_to_the_year(server, browser):
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(f"{server}/reports/410700-2025/#words")
    items = page.locator("details.top-words li")
    assert not items.first.is_visible()  # collapsed until asked for
    page.click("details.top-words summary")
    assert items.count() == 30 and items.first.is_visible()
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 1
    page.click("#words + p a:has-text('2025年高频词')")
    page.wait_for_url("**/words/2025/")
    assert page.locator("h1").inner_text().rstrip("¶") == "2025年高频词"
    page.close()


def test_word_pages_pass_axe_in_both_schemes(server, browser):
    """The word pages whole, and the report page's 高频词 section opened (the rest of the report
    page is checked with every page kind, tests/test_browser_pages.py)."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    found = {}
    for kind, url in {**WORD_PAGES, "report": "reports/410700-2025/#words"}.items():
        page.goto(f"{server}/{url}")
        within = None
        if kind == "report":
            page.click("details.top-words summary")
            page.wait_for_timeout(600)  # the header's title has faded in after the jump
            within = ["#words", "#words + p", "details.top-words"]
        if bad := tb.axe_in_both_schemes(page, within):
            found[kind] = bad
    page.close()
    assert not found, found


@pytest.mark.parametrize("prefix", sorted(SEED_IDS))
def test_the_fast_segmentation_gives_jiebas_words(site, tokenizer, prefix):
    # words._cut does jieba's arithmetic in one pass; its words are jieba's own, on every line
    # of every seed (the words holding a Chinese character: jieba also joins runs of Latin
    # letters and digits, which are never counted).
    han = re.compile(r"[\u4e00-\u9fd5]")
    lines = report_text(_html(site, f"reports/{SEED_IDS[prefix]}"))
    theirs = [[w for w in tokenizer.cut(line, HMM=False) if han.search(w)] for line in lines]
    mine = [[w for b in words._model()[2].findall(line) for w in words._cut(b) if han.search(w)] for line in lines]
    assert mine == theirs


@pytest.mark.parametrize("value", ["410700-2025", "", 2025, 37, "新乡市", "a,b", 'say "x"', "two\nlines", "cr\rhere", " spaced "])
def test_the_words_download_quotes_a_field_as_the_csv_module_does(value):
    import csv
    import io

    from generator.render.words import _csv_field

    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerow(["x", value])
    assert f"x,{_csv_field(value)}\n" == buf.getvalue()


def test_the_helper_counts_without_the_whole_model_and_gets_the_same_counts(monkeypatch):
    """The helper of a rebuild's few reports (words.preload(few=True)) looks each prefix up in
    jieba's frequencies instead of making the whole model: the same words, the same counts."""
    import functools

    lines = seed_path("001").read_text(encoding="utf-8").splitlines()
    whole = words.count(lines)
    model = words._model()[0]
    freq, logtotal, _ = words._frequencies()
    memo: dict = {}
    for piece in ["中原农谷", "中原农", "农谷", "新乡", "乡", "甲乙丙丁", "", *list(model)[:2000:7]]:
        assert words._lazy_get(memo, freq, logtotal, piece, False) == model.get(piece, False)
        assert words._lazy_get(memo, freq, logtotal, piece, False) == model.get(piece, False)  # from the memo

    def never():
        raise AssertionError("the whole model was made")

    monkeypatch.setattr(words, "_model", functools.cache(never))  # as in the helper, whose parent never made it
    monkeypatch.setattr(words, "_lazy_memo", {})
    words.preload(few=True)
    assert words.count(lines) == whole
