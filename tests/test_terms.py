"""Shared terms are named things (generator/terms.py, data/terms.yml, data/jieba_user.txt):
whole occurrences only, names rather than figures of speech, readable page names."""

from __future__ import annotations

import re

import pytest

from generator import terms
from generator.build import build, collect
from tests.conftest import SEED_IDS, SEEDS, appended, built_with_cache, page_text


@pytest.fixture(scope="module")
def seed_terms():
    return {t.name: t for t in terms.shared_terms(collect(SEEDS).reports)}


def _whole(line: str, *words: str) -> list[str]:
    return [m.group() for m in terms.whole_matches(line, frozenset(words))]


@pytest.mark.parametrize("line, words, found", [
    ("持续加大民生投入", ("大民生",), []),  # 浚县: 加大/民生
    ("突出“两新一重”、民生", ("两新",), []),  # 浚县: part of a longer quoted name
    ("推进两新一重建设", ("两新",), []),  # a numbered formula runs on: 两新一重
    ("扩围实施“两新”政策", ("两新",), ["两新"]),  # 郾城
    ("围绕“两重”“两新”，健全", ("两新", "两重"), ["两重", "两新"]),  # 郾城
    ("聚焦主导产业延链补链强链，完善", ("延链",), []),  # 浚县: one member of a series
    ("在终端产品上“延链”。", ("延链",), ["延链"]),  # 淇县
    ("落实“三保”支出", ("三保",), ["三保"]),
    ("兜牢三保障底线", ("三保",), []),
    ("新增四上企业16家", ("四上",), ["四上"]),
])
def test_whole_occurrences_only(line, words, found):
    assert _whole(line, *words) == found


@pytest.mark.parametrize("phrase, named", [
    ("放管服", True), ("三保", True), ("千万工程", True), ("负面清单", True), ("人工智能+", True),
    ("零工市场", True), ("清四乱", True),
    ("关键变量", False), ("最大增量", False), ("幸福指数", False), ("大民生", False),
    ("六大行动", False), ("三项改革", False), ("一张图", False), ("20条", False), ("最后一公里", False),
])
def test_names_not_figures_of_speech(phrase, named):
    assert terms.looks_named(phrase) is named


def test_enterprises_are_names_not_industries():
    assert terms.looks_named("比亚迪", enterprise=True) and terms.looks_named("千喜鹤", enterprise=True)
    assert not terms.looks_named("文化", enterprise=True) and not terms.looks_named("城市医疗", enterprise=True)


def test_seed_terms_are_named_things(seed_terms):
    # Recurring named things of the seeds (each in at least two of them).
    for name in ("专精特新", "三保", "单项冠军", "四上", "三管三必须", "枫桥经验", "小巨人", "放管服", "两个确立",
                 "藏粮于地", "两新", "两重", "万人助万企", "十大战略", "中原农谷", "千喜鹤"):
        assert name in seed_terms, name
    # Fragments, words glued across a boundary, figures of speech.
    for name in ("延链", "强链", "补链", "大民生", "关键变量", "最大增量", "幸福指数"):
        assert name not in seed_terms, name
    # 两新 counts 郾城's two “两新” and 新乡's 兩新, never 浚县's “两新一重”.
    got = [o.report.meta.id for o in seed_terms["两新"].occurrences]
    assert got.count(SEED_IDS["002"]) == 2 and SEED_IDS["001"] in got and SEED_IDS["003"] not in got


def test_term_urls_are_the_terms_themselves(seed_terms):
    assert seed_terms["专精特新"].slug == "专精特新"
    assert seed_terms["管委会+公司"].slug == "管委会+公司"
    assert terms.Term("a/b", "slogan").slug == "a-b-" + __import__("hashlib").sha1(b"a/b").hexdigest()[:6]


def test_term_pages_and_links_on_the_site(site):
    page = site / "site" / "terms" / "专精特新" / "index.html"
    # 专精特新 is in all five seeds (新乡's Traditional text writes 專精特新).
    assert "专精特新¶\n方针、口号与工程 · 5 份报告提到" in page_text(page)
    html = (site / "site" / "reports" / SEED_IDS["003"] / "index.html").read_text(encoding="utf-8")
    assert "两新一重" in html and not re.search(r">两新</a>一重", html)
    assert not re.search(r">大民生</a>", html)
    html = (site / "site" / "reports" / SEED_IDS["002"] / "index.html").read_text(encoding="utf-8")
    assert re.search(r'“<a class="term" href="../../terms/%E4%B8%A4%E6%96%B0/"|“<a class="term" href="../../terms/两新/"', html)


def test_a_term_page_heads_each_reports_contexts_with_a_heading_anchored_at_the_reports_id(site):
    """Under 上下文, one heading per report, in the order of its count of contexts: a real <h3>
    with the report's id as its anchor, linking to the report, and the ¶ link every heading of
    the site has (its title is mkdocs.yml's permalink_title)."""
    from mkdocs.utils import yaml_load

    from generator.messages import say

    html = (site / "site" / "terms" / "专精特新" / "index.html").read_text(encoding="utf-8")
    contexts = html.split('<div class="term-contexts">', 1)[1].split("</div>", 1)[0]
    heads = re.findall(r'<h3 id="([^"]+)"><a href="../../reports/([^"]+)/">[^<]+</a>'
                       r'<a class="headerlink" href="#([^"]+)" title="([^"]+)">&para;</a></h3>', contexts)
    assert sorted(h[0] for h in heads) == sorted(SEED_IDS.values())  # all five seeds name it
    assert all(anchor == report == own for anchor, report, own, _ in heads)
    # Most contexts first, then by the report's id: 郸城 writes it three times, 新乡 twice (專精特新).
    counts = [block.count("<li>") for block in contexts.split("<h3")[1:]]
    assert list(zip((h[0] for h in heads), counts)) == [
        (SEED_IDS["004"], 3), (SEED_IDS["001"], 2), (SEED_IDS["003"], 1), (SEED_IDS["000"], 1), (SEED_IDS["002"], 1)]
    config = yaml_load((site / "mkdocs.yml").read_text(encoding="utf-8"))
    toc = next(e["toc"] for e in config["markdown_extensions"] if isinstance(e, dict) and "toc" in e)
    assert {h[3] for h in heads} == {say("page.section_link")} == {toc["permalink_title"]}
    assert contexts.count("<h3") == contexts.count('<ul class="occurrences">') == 5


def test_the_faster_tagger_search_gives_jiebas_result_on_every_kind_of_text():
    """segment.viterbi (what jieba.posseg tags with, once segment.load ran) returns jieba's own
    viterbi's score and route, to the last bit: on stretches of every seed's lines (Chinese,
    figures, Latin letters, punctuation) from one character to a dozen."""
    import importlib
    import random

    from generator import segment

    _, pseg = segment.load()
    assert pseg.viterbi is segment.viterbi
    jiebas = importlib.import_module("jieba.posseg.viterbi").viterbi
    tables = (pseg.char_state_tab_P, pseg.start_P, pseg.trans_P, pseg.emit_P)
    rnd = random.Random(7)
    lines = [ln for f in sorted(SEEDS.glob("*.txt")) for ln in f.read_text(encoding="utf-8").splitlines() if ln.strip()]
    stretches = ["新乡", "PM2.5", "“三个一批”", "郸", "7.7万人"]
    for line in rnd.sample(lines, 120):
        at = rnd.randrange(len(line))
        stretches.append(line[at:at + rnd.randint(1, 12)])
    differ = [s for s in stretches if segment.viterbi(s, *tables) != jiebas(s, *tables)]
    assert differ == []


def test_jiebas_dictionary_read_back_from_its_cache_is_the_dictionary_it_made(tmp_path):
    """Once segment.load ran, jieba writes and reads its dictionary's cache through
    segment._READ_WHOLE: a dictionary read back is the one made, every prefix of a word kept
    at 0 (a second tokenizer finds the cache newer than the dictionary, and reads the cache
    even when the dictionary's words have changed since)."""
    import os

    from generator import segment

    jieba, _ = segment.load()
    assert jieba.marshal is segment._READ_WHOLE
    words, cache = tmp_path / "dict.txt", tmp_path / "cache"
    cache.mkdir()

    def made(text: str) -> tuple[dict, int]:
        words.write_text(text, encoding="utf-8")
        os.utime(words, (946684800, 946684800))  # older than the cache
        tk = jieba.Tokenizer(str(words))
        tk.tmp_dir = str(cache)
        tk.initialize()
        return tk.FREQ, tk.total

    first = made("乡村振兴 30 n\n高质量发展 20 n\n")
    assert len(list(cache.glob("jieba.u*.cache"))) == 1
    assert first == ({"乡": 0, "乡村": 0, "乡村振": 0, "乡村振兴": 30,
                      "高": 0, "高质": 0, "高质量": 0, "高质量发": 0, "高质量发展": 20}, 50)
    assert made("新质生产力 9 n\n") == first


def test_jiebas_part_of_speech_table_is_read_from_its_kept_copy_as_jieba_parses_it(tmp_path, monkeypatch):
    """segment._word_tags: the table jieba.posseg parses from its dictionary, kept in marshal
    form in the cache folder; read back from there (the dictionary no longer parsed), and parsed
    and kept again when the copy cannot be read. The tagger in use is left as it was."""
    import marshal

    import jieba.posseg

    from generator import segment

    in_use = segment.load()[1].dt.word_tag_tab
    parsed = jieba.posseg.POSTokenizer(jieba.dt).word_tag_tab
    assert len(parsed) > 300_000 and parsed["农田"] == "n"
    assert segment._word_tags(jieba, tmp_path) == parsed
    (kept,) = tmp_path.glob("jieba-tags-*.marshal")

    def refused(f):
        raise AssertionError("parsed again")

    monkeypatch.setattr(jieba.posseg.POSTokenizer, "load_word_tag", refused)
    assert segment._word_tags(jieba, tmp_path) == parsed
    monkeypatch.undo()
    for broken in (b"\x00not marshal", marshal.dumps(["a list"])):
        kept.write_bytes(broken)
        assert segment._word_tags(jieba, tmp_path) == parsed
    assert [p.name for p in tmp_path.iterdir()] == [kept.name]  # made again, nothing left beside it
    assert jieba.posseg.dt.word_tag_tab is in_use


def test_a_process_imports_jiebas_tagger_without_parsing_its_dictionary_and_tags_as_jieba_does(tmp_path):
    """In a new process jieba is imported without pkg_resources (segment._import_jieba: it
    opens the same dictionary file) and jieba.posseg with an empty table
    (segment._import_tagger), which segment.load then fills from the kept copy: words tag as
    with jieba's own import."""
    import importlib.util
    import sys
    from pathlib import Path

    from tests.conftest import ROOT, run

    dictionary = str(Path(importlib.util.find_spec("jieba").origin).parent / "dict.txt")
    if importlib.util.find_spec("pkg_resources"):  # the file jieba opens with it, where it is installed
        import pkg_resources

        assert pkg_resources.resource_filename("jieba", "dict.txt") == dictionary

    script = ("import sys\nfrom generator import segment\njieba = segment._import_jieba()\n"
              "print('pkg_resources' in sys.modules, jieba.get_dict_file().name)\nsegment._import_tagger(jieba)\n"
              "print(len(jieba.posseg.dt.word_tag_tab))\n_, pseg = segment.load()\n"
              "print(' '.join(f'{w}/{t}' for w, t in pseg.lcut('推进中原农谷建设，发展新质生产力')))\n")
    out = run([sys.executable, "-c", script], ROOT, cache=tmp_path).stdout.split("\n")
    assert out[:3] == [f"False {dictionary}", "0",
                       "推进/v 中原农谷/nz 建设/vn ，/x 发展/vn 新质生产力/n"]
    assert len(list((tmp_path / "jieba").glob("jieba-tags-*.marshal"))) == 1


def test_a_large_collection_lets_go_of_jiebas_dictionaries_and_a_later_build_reads_them_again(tmp_path, monkeypatch):
    """From segment.RELEASE_FROM reports on, the link stage lets go of jieba's dictionaries
    (the render stage never segments). A build after that reads them again: its pages,
    shared terms and counted words included, are byte for byte a build's that kept them."""
    import jieba

    from generator import segment, words

    def docs(folder):
        return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}

    monkeypatch.setenv("GWR_WORKERS", "1")
    kept = build(SEEDS, tmp_path / "kept")
    assert segment.load.cache_info().currsize == 1 and jieba.dt.FREQ
    assert words._model.cache_info().currsize == 1  # the words' model too, kept for the next build
    monkeypatch.setattr(segment, "RELEASE_FROM", len(kept.reports))
    build(SEEDS, tmp_path / "released")
    assert segment.load.cache_info().currsize == 0 and jieba.dt.FREQ == {}
    assert jieba.posseg.dt.word_tag_tab == {} and words._model.cache_info().currsize == 0
    build(SEEDS, tmp_path / "again")  # jieba read again, then let go again
    monkeypatch.setitem(segment._kept, "on", True)  # a process that builds again and again: `mkdocs serve`
    build(SEEDS, tmp_path / "served")
    assert segment.load.cache_info().currsize == 1 and jieba.dt.FREQ and words._model.cache_info().currsize == 1
    assert docs(tmp_path / "kept") == docs(tmp_path / "released") == docs(tmp_path / "again") == docs(tmp_path / "served")
    monkeypatch.undo()
    segment.load()  # as the other tests of this worker found it


def _with_occurrences(changes: dict):
    """Two terms (中原农谷 written two ways; 专精特新) over reports a and b, made from their
    occurrences as the link stage makes them; `changes` moves, adds or rewrites some."""
    from types import SimpleNamespace

    def report(rid: str):
        return SimpleNamespace(meta=SimpleNamespace(id=rid, title=f"{rid}报告", year=2025, region="新乡市", date=None))

    a, b = report("a"), report("b")
    # (section, block anchor, left, match, right, line, offset), in reading order
    found_a = [("s1", "p2", "积极融入", "中原农谷", "建设", 0, 4),
               ("s1", changes.get("nongu_at", "p3"), changes.get("left", "建好"), "农谷", "", 0, 0)]
    found_a += [("s1", "p1", "培育", "专精特新", "企业", 0, 2)] if changes.get("other_term") else []
    found_a.sort(key=lambda f: (int(f[1][1:]), f[5], f[6]))
    found_b = [("s1", "p5", "", "专精特新", "", 0, changes.get("b_start", 0)), ("s1", "p6", "", "中原农谷", "", 0, 0)]
    farm = terms.Term("中原农谷", "programme", {"中原农谷", "农谷"})
    fine = terms.Term("专精特新", "slogan", {"专精特新"})
    term_of = {"中原农谷": farm, "农谷": farm, "专精特新": fine}
    for rep, found in ((a, found_a), (b, found_b)):
        terms._use(rep, terms._summary(found), term_of)
    return farm, fine


@pytest.mark.parametrize("changes, same", [
    ({}, True),
    ({"other_term": True}, True),  # another term's occurrence before them in the same report
    ({"b_start": 5}, True),  # another term's occurrence in another report
    ({"nongu_at": "p1"}, False),  # 农谷 now read before 中原农谷: the page lists them the other way round
    ({"left": "建设"}, False),  # the context the page shows
])
def test_a_term_pages_view_changes_exactly_with_what_the_page_shows(changes, same):
    """A term page's view names each report's occurrences by digests of each surface's
    (Term.keys): it changes with what the page lists and in which order, not with the
    occurrences of other terms."""
    from generator.render.terms import _view

    (before, _), (after, _) = _with_occurrences({}), _with_occurrences(changes)
    assert "积极融入" not in repr(_view(before))  # named by digests, not listed
    assert (_view(before) == _view(after)) is same


@pytest.mark.parametrize("changes, same", [
    ({}, True),
    ({"b_start": 5}, True),  # another report's occurrences
    ({"other_term": True}, False),  # a link more on the report's page
    ({"nongu_at": "p1"}, False),  # a link moved
])
def test_a_reports_links_basis_from_the_digests_changes_exactly_with_its_occurrences(changes, same):
    from generator.link import Corpus

    def basis(c: dict) -> str:
        farm, fine = _with_occurrences(c)
        mine = [t for t in (farm, fine) if "a" in t.keys]
        return Corpus([], {}, {}, terms_of={"a": mine}).links_basis("a")

    assert basis({}) == basis({}) and (basis({}) == basis(changes)) is same


def test_an_edit_that_names_no_new_term_merges_no_candidates_and_one_that_does_merges_them_again(tmp_path, monkeypatch):
    """The merge of the collection's candidates is kept by the candidates themselves: a sentence
    added without a name merges nothing; a new quoted name merges them all again."""
    seeds = built_with_cache(tmp_path, monkeypatch)
    merges = []
    merge = terms._merge
    monkeypatch.setattr(terms, "_merge", lambda found: merges.append(len(found)) or merge(found))
    changed = next(seeds.glob("003_*.txt"))
    appended(changed, "持续优化营商环境。")
    build(seeds, tmp_path / "docs")
    assert merges == []
    appended(changed, "积极融入中原农谷建设，落实“两个毫不动摇”。")
    build(seeds, tmp_path / "docs")
    assert merges == [5]
    # Shared now, by 浚县 2021 and 郾城区 2025 (tests/test_cache.py compares the pages of such
    # edits with a fresh build's).
    page = (tmp_path / "docs" / "terms" / "两个毫不动摇.md").read_text(encoding="utf-8")
    assert "2 份报告提到，共 2 处" in page
    assert re.findall(r'<h3 id="([^"]+)"', page) == ["410621-2021", "411103-2025-excerpt"]
