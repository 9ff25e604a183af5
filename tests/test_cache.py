"""The cache of per-report results (generator/cache.py): a rebuild reuses what did not change
and recomputes what did; the output is the same either way."""

from __future__ import annotations

import os
import pickle
import time
from pathlib import Path

import pytest

import generator.build as build
from generator import cache, model
from tests.conftest import ROOT, SEED_IDS, SEEDS, jieba_ready


def _docs(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def _seeds(tmp_path):
    """A copy of the real seeds to edit."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for p in SEEDS.glob("*.txt"):
        (seeds / p.name).write_bytes(p.read_bytes())
    return seeds


def test_a_rebuild_reuses_unchanged_reports_and_redoes_a_changed_one(tmp_path, monkeypatch):
    monkeypatch.setenv("GWR_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("GWR_WORKERS", "1")
    seeds = _seeds(tmp_path)
    build.build(seeds, tmp_path / "cold")
    entries = sorted((tmp_path / "cache" / "generator").rglob("*"))
    # Five reports: read+clean and what the collection-wide pass reads of it, finish without
    # the text and the whole report, shared-term candidates and occurrences (each kept in two
    # parts: the digests, and the candidates and occurrences beside them), the regions each
    # names, and its words; the word tally of each of the three years; the merge of the
    # candidates.
    assert len([e for e in entries if e.is_file()]) == 10 * 5 + 3 + 1

    calls = []
    real = build.read_file
    monkeypatch.setattr(build, "read_file", lambda *a: calls.append(a[0].name) or real(*a))
    build.build(seeds, tmp_path / "warm")
    assert calls == []  # nothing read again
    assert _docs(tmp_path / "cold") == _docs(tmp_path / "warm")

    changed = next(seeds.glob("004_*.txt"))
    changed.write_text(changed.read_text(encoding="utf-8").replace("郸城县", "郸城县", 1) + "\n新增一段文字。\n",
                       encoding="utf-8")
    build.build(seeds, tmp_path / "changed")
    assert calls == [changed.name]


def _text_of(r):
    return (r.source.text, r.source.data, r.source.format_removed, r.cleaned, r.lead, r.preamble,
            [(s.title, s.anchor, [(b.anchor, b.lines) for b in s.blocks]) for s in r.all_sections()])


def test_a_rebuild_reads_no_other_reports_text_and_its_helper_alone_loads_jieba(tmp_path, monkeypatch):
    """A report read back from the cache comes without its text (source, lines, sections):
    every stage of a rebuild after one edit works from its meta, figures and digest and from
    the results the cache keeps by the digest, so that no other report's text is read. The
    link stage's work for the edited report (its words, term candidates and occurrences, the
    regions it names) goes to a helper process started when the read stage found the file
    changed, which loads jieba while this process reads the other reports back: this process
    never loads jieba. The docs are what a build without the cache makes; asked for, a
    report's text is its own, as that build reads it."""
    from generator import segment

    monkeypatch.setenv("GWR_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("GWR_WORKERS", "2")
    seeds = _seeds(tmp_path)
    build.build(seeds, tmp_path / "docs")
    changed = next(seeds.glob("001_*.txt"))
    changed.write_text(changed.read_text(encoding="utf-8") + "\n加快建设中原农谷，推进乡村振兴。\n", encoding="utf-8")
    wholes, loads = [], []
    real_whole, real_load = model.read_whole, segment.load
    monkeypatch.setattr(model, "read_whole", lambda at: wholes.append(at) or real_whole(at))
    monkeypatch.setattr(segment, "loaded", lambda: False)  # as in a new process
    monkeypatch.setattr(segment, "load", lambda: loads.append(1) or real_load())
    again = build.build(seeds, tmp_path / "docs")
    assert wholes == [] and loads == []

    monkeypatch.setenv("GWR_CACHE", "off")
    fresh = build.build(seeds, tmp_path / "fresh")
    assert _docs(tmp_path / "docs") == _docs(tmp_path / "fresh")
    by_id = {r.meta.id: r for r in fresh.reports}
    for r in again.reports:
        assert _text_of(r) == _text_of(by_id[r.meta.id])
    assert len(wholes) == len(SEED_IDS) - 1  # each read once, when first asked for


def test_a_sidecar_changes_no_result_made_from_the_text(tmp_path, monkeypatch):
    """The link stage's results are kept by a digest of the text it reads (Report.content),
    not by everything a report is made from: after a sidecar changes a report's title, a
    rebuild segments nothing (jieba is never loaded) and its docs are what a build without the
    cache makes."""
    from generator import segment

    monkeypatch.setenv("GWR_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("GWR_WORKERS", "2")
    seeds = _seeds(tmp_path)
    build.build(seeds, tmp_path / "docs")
    next(seeds.glob("000_*.txt")).with_suffix(".yml").write_text("title: 淇县2025年政府工作报告（修订稿）\n",
                                                                 encoding="utf-8")
    loads = []
    real_load = segment.load
    monkeypatch.setattr(segment, "loaded", lambda: False)  # as in a new process
    monkeypatch.setattr(segment, "load", lambda: loads.append(1) or real_load())
    again = build.build(seeds, tmp_path / "docs")
    assert loads == [] and "淇县2025年政府工作报告（修订稿）" in {r.meta.title for r in again.reports}
    monkeypatch.setenv("GWR_CACHE", "off")
    build.build(seeds, tmp_path / "fresh")
    assert _docs(tmp_path / "docs") == _docs(tmp_path / "fresh")


_MAIN = os.getpid()


def _double_except_three_in_the_helper(x: int) -> int:
    if x == 3 and os.getpid() != _MAIN:
        raise ValueError("fails in the helper only")
    return 2 * x


def test_a_job_that_fails_in_the_helper_is_made_here_and_no_later_result_is_mistaken(monkeypatch):
    """A job that fails in the helper ends it: that job and the ones after it are made by the
    caller, in order, and a later stage gets none of the helper's leftover results."""
    from generator import workers

    monkeypatch.setenv("GWR_WORKERS", "2")
    workers.start_helper(int)
    try:
        first = workers.map_cached(_double_except_three_in_the_helper, [1, 2, 3, 4, 5], lambda x: None, helped=True,
                                   hit=None)
        second = workers.map_cached(_double_except_three_in_the_helper, [6, 7], lambda x: None, helped=True, hit=None)
    finally:
        workers.stop_helper()
    assert (first, second) == ([2, 4, 6, 8, 10], [12, 14])


def _processes_naming(text: str) -> list[str]:
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            if text.encode() in cmdline.read_bytes():
                found.append(cmdline.parent.name)
        except OSError:  # ended meanwhile
            pass
    return found


@pytest.mark.skipif(not Path("/proc/self/cmdline").exists(), reason="reads the processes from /proc")
def test_a_build_of_a_few_new_files_ends_with_its_helper(tmp_path, tmp_path_factory):
    """`python -m generator build` of a few files the cache does not have (as after an edit)
    starts a helper process and leaves as soon as its output is written (generator/leave.py):
    the helper ends with it, holding none of its output open (a caller reading the output
    would wait for ever)."""
    import subprocess
    import sys

    seeds = _seeds(tmp_path)
    cmd = [sys.executable, "-m", "generator", "build", "-q", "--seeds", str(seeds), "--docs", str(tmp_path / "docs")]
    env = dict(os.environ, GWR_CACHE=str(jieba_ready(tmp_path / "cache", tmp_path_factory)), GWR_WORKERS="2",
               PYTHONPATH=str(ROOT))
    with open(tmp_path / "out.txt", "wb") as out:  # a file, not a pipe: a process left behind cannot stall the test
        proc = subprocess.Popen(cmd, env=env, stdout=out, stderr=subprocess.STDOUT)
        assert proc.wait(timeout=120) == 0
    time.sleep(0.5)
    assert _processes_naming(str(seeds)) == []


def test_a_rebuild_makes_occurrences_only_for_the_pages_it_makes_again(tmp_path, monkeypatch):
    """Which terms are shared, how often and by whom, and the page views come from each report's
    summary of its candidates and occurrences (digests, counts, quoted or not), kept apart from
    the lists themselves: after an edit that names no shared term, a rebuild reads no report's
    candidates or occurrences back and makes occurrences for the edited report's page alone.
    Where the lists were lost from the cache, they are made again, and the pages are still a
    fresh build's."""
    from generator import terms

    monkeypatch.setenv("GWR_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("GWR_WORKERS", "1")
    seeds = _seeds(tmp_path)
    build.build(seeds, tmp_path / "docs")
    large, read, made = set(), [], []
    real_beside, real_get, real_pairs = cache.beside, cache.get, terms._pairs

    def beside(where):
        large.add(real_beside(where)[1])
        return real_beside(where)

    monkeypatch.setattr(cache, "beside", beside)
    monkeypatch.setattr(cache, "get", lambda root, k: read.append(k) if k in large else real_get(root, k))
    monkeypatch.setattr(terms, "_pairs", lambda rep, found, term_of: made.append(rep.meta.id) or real_pairs(rep, found, term_of))
    changed = next(seeds.glob("001_*.txt"))
    changed.write_text(changed.read_text(encoding="utf-8") + "\n本段为编辑后追加的一句话。\n", encoding="utf-8")
    build.build(seeds, tmp_path / "docs")
    assert read == [] and made == [SEED_IDS["001"]]
    assert len(large) == 2  # where the edited report's candidates and occurrences were put

    # 浚县 2021 names 中原农谷 now, a candidate more: the merge reads the other four reports'
    # candidates back, and the term's page the occurrences of 新乡市 2025 and 郸城县 2024, which
    # name it too (here: lost, so found again in their text).
    changed = next(seeds.glob("003_*.txt"))
    changed.write_text(changed.read_text(encoding="utf-8") + "\n积极融入中原农谷建设。\n", encoding="utf-8")
    made.clear()
    build.build(seeds, tmp_path / "docs")
    assert len(read) == 4 + 2 and sorted(made) == sorted(SEED_IDS[k] for k in ("001", "003", "004"))
    monkeypatch.setenv("GWR_CACHE", "off")
    build.build(seeds, tmp_path / "fresh")
    assert _docs(tmp_path / "docs") == _docs(tmp_path / "fresh")


def test_a_cache_that_lost_whole_reports_makes_them_again(tmp_path, monkeypatch):
    """The cache keeps each report twice: without its text (read back by every build) and whole.
    Where the whole one is gone (part of .cache/ deleted by hand) the report is made again from
    its file, without a problem: the docs are what a build without the cache makes."""
    monkeypatch.setenv("GWR_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("GWR_WORKERS", "1")
    seeds = _seeds(tmp_path)
    first = build.build(seeds, tmp_path / "docs")
    for r in first.reports:
        root, k = build._whole_at((cache.folder(), r.digest))
        (root / k[:2] / k).unlink()
    again = build.build(seeds, tmp_path / "again")
    assert not again.errors and [r.digest for r in again.reports] == [r.digest for r in first.reports]
    monkeypatch.setenv("GWR_CACHE", "off")
    fresh = build.build(seeds, tmp_path / "fresh")
    assert _docs(tmp_path / "again") == _docs(tmp_path / "fresh")
    assert [_text_of(r) for r in again.reports] == [_text_of(r) for r in fresh.reports]


def test_templates_are_compiled_once_and_an_edited_one_again(tmp_path, monkeypatch):
    """Jinja's compiled templates are kept in the cache folder: a build in a new process compiles
    none of them, and a template edited since is compiled again, its edit on the page."""
    import functools
    import shutil

    import jinja2

    from generator.render import common

    monkeypatch.setenv("GWR_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("GWR_WORKERS", "1")
    templates = tmp_path / "templates"
    shutil.copytree(common.TEMPLATES, templates)
    monkeypatch.setattr(common, "TEMPLATES", templates)
    compiled = []
    real = jinja2.Environment.compile
    monkeypatch.setattr(jinja2.Environment, "compile",
                        lambda self, source, name=None, *a, **k: compiled.append(name) or real(self, source, name, *a, **k))

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    shutil.copy(next(SEEDS.glob("001_*.txt")), seeds)  # one report is enough

    def in_a_new_process(out):  # what a process starts without: the environment and its cache
        compiled.clear()
        monkeypatch.setattr(common, "env", functools.cache(common.env.__wrapped__))
        monkeypatch.setattr(cache, "compiled_templates", functools.cache(cache.compiled_templates.__wrapped__))
        build.build(seeds, tmp_path / out)

    in_a_new_process("first")
    assert {"home.md.j2", "report.md.j2", "_macros.md.j2"} <= set(compiled)
    assert len(list((tmp_path / "cache" / "jinja").iterdir())) == len(set(compiled))
    in_a_new_process("second")
    assert compiled == []
    home = templates / "home.md.j2"
    home.write_text(home.read_text(encoding="utf-8") + "\nThe edit of the template.\n", encoding="utf-8")
    in_a_new_process("third")
    assert compiled == ["home.md.j2"]
    assert "The edit of the template." in (tmp_path / "third" / "index.md").read_text(encoding="utf-8")
    assert (tmp_path / "second" / "index.md").read_bytes() == (tmp_path / "first" / "index.md").read_bytes()


def test_mkdocs_keeps_its_themes_compiled_templates_in_the_same_folder(tmp_path, monkeypatch):
    import functools
    from types import SimpleNamespace

    import jinja2

    from generator import mkdocs_hooks

    monkeypatch.setattr(cache, "compiled_templates", functools.cache(cache.compiled_templates.__wrapped__))
    monkeypatch.setenv("GWR_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(mkdocs_hooks, "_indexing", {"served": False})  # (on_env also starts the search index)
    env = jinja2.Environment(loader=jinja2.DictLoader({"base.html": "{{ 1 + 1 }}"}))
    config = SimpleNamespace(site_dir=str(tmp_path / "site"))
    assert mkdocs_hooks.on_env(env, config, SimpleNamespace(documentation_pages=lambda: [])) is env
    assert env.get_template("base.html").render() == "2"
    assert len(list((tmp_path / "cache" / "jinja").iterdir())) == 1


def test_off_means_no_folder_and_keys_cover_code_and_input(tmp_path, monkeypatch):
    monkeypatch.setenv("GWR_CACHE", "off")
    assert cache.folder() is None
    assert cache.get(None, "ab") is None
    a = cache.key(b"read", b"x.txt", b"1")
    assert a != cache.key(b"read", b"x.txt", b"2") and a != cache.key(b"read", b"y.txt", b"1")
    assert a != cache.key(b"read", b"x.txt1", b"")  # parts are length-prefixed
    monkeypatch.setattr(cache, "code_version", lambda: b"other code")
    assert cache.key(b"read", b"x.txt", b"1") != a


def test_a_rebuild_renders_again_only_the_pages_whose_content_changed(tmp_path, monkeypatch):
    """Pages are kept by a digest of what they show: after one figure of one report changes,
    the rebuild renders that report's page and log again, and not the other reports' pages or
    the shared-term pages (which show its title, not its figures), nor the indicator and map
    pages but those of the changed figure and the overview (with the downloads), nor the words
    of the other years; its output is
    exactly what a build without any cache makes of the edited seeds."""
    monkeypatch.setenv("GWR_WORKERS", "1")
    seeds = _seeds(tmp_path)
    monkeypatch.setenv("GWR_CACHE", str(tmp_path / "cache"))
    build.build(seeds, tmp_path / "docs")
    pages = tmp_path / "cache" / "pages"
    before = {p.name for p in pages.rglob("*") if p.is_file()}
    reports = len(list(seeds.glob("*.txt")))
    terms = len(list((tmp_path / "docs" / "terms").glob("*.md"))) - 1  # without the index
    indicators = len(list((tmp_path / "docs" / "indicators").glob("*.md"))) - 1
    maps = len(list((tmp_path / "docs" / "maps").glob("*.md"))) - 1
    places = len(list((tmp_path / "docs" / "regions").glob("*/index.md")))
    years = len(list((tmp_path / "docs" / "words").glob("*.md"))) - 2  # without the index and the trends
    # Each report's page and log, each term's page, each indicator's page, the indicators'
    # overview and their two downloads, each report's part of each download, each map page,
    # each region's page and each year's page of words.
    assert years == 3 and len(before) == 2 * reports + terms + indicators + 3 + 2 * reports + maps + places + years

    changed = next(seeds.glob("004_*.txt"))
    text = changed.read_text(encoding="utf-8")
    assert text.count("新增城镇就业7300人以上") == 1
    changed.write_text(text.replace("新增城镇就业7300人以上", "新增城镇就业7400人以上"), encoding="utf-8")
    build.build(seeds, tmp_path / "docs")
    made = {p.name for p in pages.rglob("*") if p.is_file()} - before
    # 郸城's page and its log, the page of 城镇新增就业, the overview and the downloads, and
    # 郸城's part of each download: the others' parts are read back (no map shows the figure);
    # the pages of the regions that list 郸城's report: 郸城县, 周口市 and 河南省; and the page
    # of words of its year (its text changed), not of the two other years.
    assert len(made) == 8 + 3 + 1

    monkeypatch.setenv("GWR_CACHE", "off")
    build.build(seeds, tmp_path / "fresh")
    assert _docs(tmp_path / "docs") == _docs(tmp_path / "fresh")


def test_pages_the_workers_write_are_remembered_by_the_builds_writer_and_kept_unread_next_time(tmp_path, monkeypatch):
    """The collection kinds made on worker processes send back which key each of their pages was
    written from (`Writer.tally`): the build's Writer remembers them, so the next build keeps
    them without reading them from the cache."""
    import generator.render

    monkeypatch.setenv("GWR_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("GWR_WORKERS", "2")
    monkeypatch.setattr(generator.render, "KINDS_APART_FROM", 1)
    seeds, docs = _seeds(tmp_path), tmp_path / "docs"
    build.build(seeds, docs)
    kept = build.Writer(docs)._before
    assert {p.split("/")[0] for p in kept} == {"reports", "logs", "raw", "terms", "regions", "indicators", "maps", "words", "data"}

    def read(page):  # in the workers too, which fork from this process: a kind that reads one fails the build
        raise AssertionError(f"a kept page was read: {page.key}")

    monkeypatch.setattr(generator.render.common.Stored, "text", read)
    again = build.build(seeds, docs)
    assert again.written == [] and build.Writer(docs)._before == kept


def test_a_rebuild_neither_reads_nor_compares_the_pages_it_wrote_and_finds_unchanged(tmp_path, monkeypatch):
    """The Writer remembers which kept page each page kept by its view was written from (report
    pages and logs, and the collection's: terms, indicators, regions, maps, words, downloads),
    and each original file (raw/) which report digest, with the file's size and time: a
    rebuild whose view of a page is the same leaves the file alone without reading the page
    from the cache or the file from docs/. A file changed by hand, or whose report changed, is
    made again; the docs are what a build without a cache makes."""
    monkeypatch.setenv("GWR_WORKERS", "1")
    seeds = _seeds(tmp_path)
    monkeypatch.setenv("GWR_CACHE", str(tmp_path / "cache"))
    docs = tmp_path / "docs"
    build.build(seeds, docs)
    reports = {p.relative_to(docs).as_posix() for d in ("reports", "logs") for p in (docs / d).glob("*.md")}
    raws = {p.relative_to(docs).as_posix() for p in (docs / "raw").glob("*")}
    kept_under = {path: was[0] for path, was in build.Writer(docs)._before.items()}
    assert reports == {f"{d}/{rid}.md" for d in ("reports", "logs") for rid in SEED_IDS.values()}
    assert raws == {f"raw/{rid}.txt" for rid in SEED_IDS.values()}
    collection = set(kept_under) - reports - raws
    assert {p.split("/")[0] for p in collection} == {"terms", "indicators", "regions", "maps", "words", "data"}
    assert reports | raws <= set(kept_under)

    read, compared = [], []
    real_get, real_compare = cache.get, build.Writer._write_if_changed
    monkeypatch.setattr(cache, "get", lambda root, k: read.append(k) or real_get(root, k))
    monkeypatch.setattr(build.Writer, "_write_if_changed",
                        staticmethod(lambda target, data: compared.append(target.relative_to(docs).as_posix())
                                     or real_compare(target, data)))
    again = build.build(seeds, docs)
    assert again.written == [] and again.unchanged == len(compared) + len(kept_under)
    assert not set(kept_under) & set(compared) and not {kept_under[p] for p in reports | collection} & set(read)

    hand = docs / "reports" / f"{SEED_IDS['000']}.md"
    kept = hand.read_bytes()
    hand.write_bytes(kept.replace("淇县".encode(), "某县".encode()))
    changed = next(seeds.glob("004_*.txt"))
    changed.write_text(changed.read_text(encoding="utf-8").replace("新增城镇就业7300人以上", "新增城镇就业7400人以上"),
                       encoding="utf-8")
    compared.clear()
    third = build.build(seeds, docs)
    assert hand.read_bytes() == kept
    assert reports & set(compared) == {f"reports/{SEED_IDS['000']}.md", f"reports/{SEED_IDS['004']}.md",
                                       f"logs/{SEED_IDS['004']}.md"}
    assert reports & set(third.written) == {f"reports/{SEED_IDS['000']}.md", f"reports/{SEED_IDS['004']}.md"}
    assert raws & set(compared) == raws & set(third.written) == {f"raw/{SEED_IDS['004']}.txt"}

    monkeypatch.undo()
    monkeypatch.setenv("GWR_CACHE", "off")
    build.build(seeds, tmp_path / "fresh")
    assert _docs(docs) == _docs(tmp_path / "fresh")


@pytest.fixture
def memory():
    """The cache's values kept in this process between builds, as `mkdocs serve` keeps them."""
    cache.keep_between_builds()
    yield
    cache.keep_between_builds(False)


_FRESH: dict[bytes, dict] = {}  # a digest of the seeds → the docs a build without the cache makes of them


def _fresh(seeds: Path, docs: Path, monkeypatch) -> dict:
    """The docs a build of `seeds` without the cache makes (into `docs`), made once for each
    state of the seeds in this process: both runs of the test below edit the seeds alike."""
    import hashlib

    h = hashlib.sha256()
    for p in sorted(seeds.iterdir()):
        h.update(p.name.encode() + b"\x00" + p.read_bytes() + b"\x00")
    if h.digest() not in _FRESH:
        with monkeypatch.context() as mp:
            mp.setenv("GWR_CACHE", "off")
            build.build(seeds, docs)
        _FRESH[h.digest()] = _docs(docs)
    return _FRESH[h.digest()]


@pytest.mark.parametrize("kept_in_memory", [False, True])
def test_pages_kept_by_their_view_equal_a_fresh_build_after_edits_that_move_terms(tmp_path, monkeypatch, request,
                                                                                 kept_in_memory):
    """Edits that change what other pages show (a shared term gained by one report, a report's
    title, which the related reports of others name, its date, by which term pages order the
    reports, a target on a map, a report of a region another report names, a report taken away): the kept pages and
    the re-rendered ones are exactly a fresh build's, also when the rebuilds are handed the
    very objects the builds before them used (`mkdocs serve`)."""
    if kept_in_memory:
        request.getfixturevalue("memory")
    monkeypatch.setenv("GWR_WORKERS", "1")
    seeds = _seeds(tmp_path)

    def both(label: str) -> None:
        monkeypatch.setenv("GWR_CACHE", str(tmp_path / "cache"))
        build.build(seeds, tmp_path / "docs")
        assert _docs(tmp_path / "docs") == _fresh(seeds, tmp_path / label, monkeypatch)

    both("fresh0")
    changed = next(seeds.glob("003_*.txt"))  # 浚县 2021 gains 中原农谷 and 专精特新, shared by others,
    # and “两个毫不动摇”, which only 郾城区 2025 names so far: shared now, its page links it, its text unchanged
    changed.write_text(changed.read_text(encoding="utf-8") + "\n积极融入中原农谷建设，培育专精特新企业，落实“两个毫不动摇”。\n",
                       encoding="utf-8")
    xinxiang = tmp_path / "docs" / "reports" / f"{SEED_IDS['002']}.md"
    assert "两个毫不动摇</a>" not in xinxiang.read_text(encoding="utf-8")
    both("fresh1")
    assert "两个毫不动摇</a>" in xinxiang.read_text(encoding="utf-8")
    qixian = next(seeds.glob("000_*.txt"))  # 淇县, a related report of 浚县 (both of 鹤壁市)
    qixian.with_suffix(".yml").write_text("title: 淇县2025年政府工作报告（修订稿）\n", encoding="utf-8")
    both("fresh2")
    assert "淇县2025年政府工作报告（修订稿）" in next((tmp_path / "docs" / "reports").glob("410621-*.md")).read_text(encoding="utf-8")
    # Its date, now before 新乡市's of the same year: the terms' pages list it first.
    terms_before = _docs(tmp_path / "docs" / "terms")
    qixian.with_suffix(".yml").write_text("title: 淇县2025年政府工作报告（修订稿）\ndate: 2025-01-15\n", encoding="utf-8")
    both("fresh2b")
    assert _docs(tmp_path / "docs" / "terms") != terms_before
    # Its GDP target, one of the values on 河南's map of that indicator.
    qixian.write_text(qixian.read_text(encoding="utf-8").replace("生产总值增长7%左右", "生产总值增长7.5%左右"), encoding="utf-8")
    both("fresh3")
    assert "增长7.5%左右" in (tmp_path / "docs" / "maps" / "gdp.md").read_text(encoding="utf-8")
    # A report of 获嘉县, which 新乡市's report names: 新乡市's page lists it below and links the name.
    (seeds / "005_获嘉县.txt").write_text("获嘉县2025年政府工作报告\n\n各位代表：\n\n今年全县生产总值增长6%左右。\n",
                                         encoding="utf-8")
    both("fresh3b")
    assert "[获嘉县](../410724/index.md)（1 次）" in (tmp_path / "docs" / "regions" / "410700" / "index.md").read_text(
        encoding="utf-8")
    next(seeds.glob("002_*.txt")).unlink()
    both("fresh4")


# A fresh process rebuilding from a full cache: it must neither fork a worker nor load jieba
# (both cost more than the rebuild itself), and it writes what the first build wrote.
_REBUILD = """
import concurrent.futures, sys
from pathlib import Path
from generator import workers
from generator.build import build

def refused(*args, **kwargs):
    raise AssertionError("a worker pool was started")

concurrent.futures.ProcessPoolExecutor = workers.ProcessPoolExecutor = refused
build(Path(sys.argv[1]), Path(sys.argv[2]))
print("jieba" in sys.modules)
"""


def test_a_rebuild_with_everything_cached_starts_no_worker_and_loads_no_jieba(tmp_path, tmp_path_factory):
    import sys

    from tests.conftest import ROOT, run

    seeds = _seeds(tmp_path)
    # Enough reports for the stages to use workers (a pool starts from workers.MIN_ITEMS).
    from generator.workers import MIN_ITEMS

    own = sorted(SEEDS.glob("*.txt"))
    for k in range(max(0, MIN_ITEMS - len(own))):
        p = own[k % len(own)]
        (seeds / f"{k}{p.name}").write_text(p.read_text(encoding="utf-8") + f"\n第{k}份副本的附言。\n", encoding="utf-8")
    assert len(list(seeds.iterdir())) >= MIN_ITEMS
    cold = run([sys.executable, "-c", _REBUILD.replace("concurrent.futures.ProcessPoolExecutor = workers.ProcessPoolExecutor = refused", ""),
                str(seeds), str(tmp_path / "cold")], ROOT, cache=jieba_ready(tmp_path / "cache", tmp_path_factory))
    assert cold.stdout.strip() == "True"
    warm = run([sys.executable, "-c", _REBUILD, str(seeds), str(tmp_path / "warm")], ROOT, cache=tmp_path / "cache")
    assert warm.stdout.strip() == "False"
    assert _docs(tmp_path / "cold") == _docs(tmp_path / "warm")


def test_values_kept_in_memory_are_read_from_disk_once_and_only_while_builds_use_them(tmp_path, monkeypatch, memory):
    monkeypatch.setenv("GWR_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("GWR_WORKERS", "1")
    seeds = _seeds(tmp_path)
    build.build(seeds, tmp_path / "docs")
    loads = []
    real = pickle.load
    monkeypatch.setattr(pickle, "load", lambda fh: loads.append(fh.name) or real(fh))
    build.build(seeds, tmp_path / "docs")
    assert loads == []  # every value the first build wrote was at hand
    root = cache.folder()
    k = cache.key(b"a value no build uses")
    cache.put(root, k, ["kept"])
    assert cache.get(root, k) == ["kept"] and loads == []
    cache.next_build()  # a build that does not ask for it …
    cache.next_build()  # … lets go of it: the next one reads the file
    assert cache.get(root, k) == ["kept"] and len(loads) == 1
