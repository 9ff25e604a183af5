"""Shared fixtures: the real seeds, and one end-to-end build of the site from them."""

from __future__ import annotations

import fcntl
import html
import os
import pickle
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from generator.paths import copy_build_inputs

ROOT = Path(__file__).resolve().parents[1]
# Tests replace stages with failing stand-ins: results cached by another test would hide them.
# The cache has its own tests (tests/test_cache.py), which turn it on in a temporary folder.
os.environ["GWR_CACHE"] = "off"
SEEDS = ROOT / "seeds"
SHARED = ROOT.parent / "shared"

# The test files that take longest, longest first (seconds on one worker of the 2-core build
# machine, 2026-11-24, ../shared beside the project). pytest-xdist hands each worker a file at a
# time in the order of collection (`--no-loadscope-reorder` in pytest.ini: its own order, by the
# number of tests in a file, put short files first), so the long ones start early and the two
# workers end together; the others (about a second each at most) follow in their usual order.
SLOWEST_FIRST = (
    "test_words.py",  # 41: builds the seeds site, then the national one
    "test_corpora.py",  # 24: the cities and provinces collections
    "test_browser_search.py",  # 20
    "test_browser_pages.py",  # 16
    "test_serve.py",  # 14
    "test_robustness.py",  # 13
    "test_property_build.py",  # 12
    "test_cache.py",  # 11
    "test_terms.py",  # 10
    "test_site.py",  # 8
    "test_extract.py",  # 5
    "test_compare.py",  # 5
    "test_browser.py",  # 4
    "test_maps.py",  # 4
    "test_stages.py",  # 3
    "test_messages.py",  # 2
    "test_escaping.py",  # 2
    "test_fuzz.py",  # 2
)


def pytest_collection_modifyitems(items: list) -> None:
    rank = {name: k for k, name in enumerate(SLOWEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.name, len(rank)))  # stable: a file keeps its order


SEED_IDS = {
    "000": "410622-2025-summary",  # 淇县 2025 (摘要)
    "001": "410700-2025",  # 新乡市 2025
    "002": "411103-2025-excerpt",  # 郾城区 2025 (节选)
    "003": "410621-2021",  # 浚县 2021
    "004": "411625-2024-digest",  # 郸城县 2024
}


def seed_path(prefix: str) -> Path:
    return next(SEEDS.glob(f"{prefix}_*.txt"))


def built_with_cache(tmp_path: Path, monkeypatch) -> Path:
    """A copy of the seeds (returned) built into tmp_path/docs in this process, with a cache of
    its own and no worker processes: for tests of what a rebuild after an edit does."""
    from generator.build import build

    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    monkeypatch.setenv("GWR_WORKERS", "1")
    monkeypatch.setenv("GWR_CACHE", str(tmp_path / "cache"))
    build(seeds, tmp_path / "docs")
    return seeds


def appended(path: Path, text: str) -> None:
    """`text` added to the end of a seed, as a paragraph of its own."""
    path.write_text(path.read_text(encoding="utf-8") + f"\n{text}\n", encoding="utf-8")


def copy_project(dest: Path, seeds: Path | None = None) -> Path:
    """A throwaway copy of what a build needs: config, theme overrides, hand-written docs, code, seeds."""
    copy_build_inputs(ROOT, dest)
    shutil.copytree(seeds or SEEDS, dest / "seeds")
    return dest


def shared_root(tmp_path_factory) -> Path:
    """The session's temporary folder seen by every xdist worker (each worker has its own below it)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def shared_cache(tmp_path_factory) -> Path:
    """A generator cache for the session's builds of real seeds (GWR_CACHE). Its keys cover the code
    and the inputs, so a build through it gives what a build without it gives; tests that replace
    stages run in this process with the cache off instead."""
    return shared_root(tmp_path_factory) / "generator-cache"


def jieba_ready(cache: Path, tmp_path_factory) -> Path:
    """`cache`, a generator cache folder for a build in another process, given the jieba
    dictionary cache the session's builds made (`shared_cache`), if they made it: otherwise that
    process parses jieba's dictionary again (about a second), which tests of other things need
    not wait for."""
    made = shared_cache(tmp_path_factory) / "jieba"
    if made.is_dir():
        shutil.copytree(made, cache / "jieba", dirs_exist_ok=True)
    return cache


def built_once(tmp_path_factory, name: str, make) -> Path:
    """`make(folder)` run once in the whole session, whichever worker asks first; the others wait
    for it and get the same folder. For fixtures that build a project and only read it."""
    root = shared_root(tmp_path_factory)
    folder, done = root / f"once-{name}", root / f"once-{name}.done"
    with open(root / f"once-{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if not done.exists():
                if folder.exists():
                    shutil.rmtree(folder)  # a failed attempt by another worker
                folder.mkdir()
                make(folder)
                done.touch()
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
    return folder


def run(args: list[str], cwd: Path, check: bool = True, pythonpath: Path | None = None,
        cache: Path | None = None) -> subprocess.CompletedProcess:
    """A command in `cwd` with the project's environment; `cache` is the generator cache to use
    (none by default, as in every test of this process)."""
    env = dict(os.environ, PYTHONPATH=str(pythonpath or cwd), NO_MKDOCS_2_WARNING="1", DISABLE_MKDOCS_2_WARNING="true",
               SOURCE_DATE_EPOCH="1735689600")
    if cache is not None:
        env["GWR_CACHE"] = str(cache)
    proc = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True)
    if check and proc.returncode != 0:
        raise AssertionError(f"{args} failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    return proc


def build_site(project: Path, cache: Path | None = None) -> subprocess.CompletedProcess:
    run([sys.executable, "-m", "generator", "build"], project, cache=cache)
    return run([sys.executable, "-m", "mkdocs", "build", "--strict"], project)


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The project copied and built once in the session: returns the project dir (docs/ and site/
    inside). Tests only read it."""

    def make(folder: Path) -> None:
        project = copy_project(folder / "project")
        proc = build_site(project, cache=shared_cache(tmp_path_factory))
        project.joinpath("mkdocs-build.log").write_text(proc.stdout + proc.stderr, encoding="utf-8")

    return built_once(tmp_path_factory, "seeds-site", make) / "project"


class Tabs:
    """A worker's Chromium as the browser tests use it. `new_page` hands out a tab of one shared
    context, sized and in the colour scheme asked for, and the tab's `close` blanks it and keeps
    it for the next test: a new context starts a renderer process, so that opening a page in one
    costs about 1.1 s of CPU where a reused tab costs 0.2 s. The context's storage is cleared between tests;
    a test that needs its own permissions makes its own context (`new_context`)."""

    def __init__(self, browser) -> None:
        self.browser = browser
        self.context = browser.new_context()
        self.free: list = []

    def new_page(self, viewport: dict | None = None, color_scheme: str = "light") -> "Tab":
        page = self.free.pop() if self.free else self.context.new_page()
        page.set_viewport_size(viewport or {"width": 1280, "height": 720})  # Playwright's default
        page.emulate_media(color_scheme=color_scheme)
        return Tab(page, self)

    def new_context(self, **options):
        return self.browser.new_context(**options)


class Tab:
    """A page of `Tabs`: everything a Playwright page does, but `close` gives it back."""

    def __init__(self, page, tabs: Tabs) -> None:
        self.page, self._tabs = page, tabs

    def __getattr__(self, name: str):
        return getattr(self.page, name)

    def close(self) -> None:
        self.page.evaluate("() => { try { localStorage.clear(); sessionStorage.clear(); } catch (e) {} }")
        self.page.goto("about:blank")
        self._tabs.free.append(self.page)


@pytest.fixture(scope="session")
def browser():
    """A headless Chromium for a worker's browser tests (tests/test_browser.py says where it is),
    as `Tabs`; skipped where there is none."""
    from tests.test_browser import CHROMIUM, launched

    if CHROMIUM is None:
        pytest.skip("Chromium is not installed (apt-get install chromium-headless-shell)")
    for chromium in launched():
        yield Tabs(chromium)


@pytest.fixture(scope="session")
def server(site):
    """The seeds site served on a free local port, for a worker's browser tests."""
    from tests.test_browser import _serve

    yield from _serve(site / "site")


@dataclass
class CorpusBuild:
    """What the tests read of a collection's build: no whole reports, so that a failing
    assertion never prints one."""

    metas: dict  # file → its metadata
    problems: list[str]
    refused: list[str]  # files refused with an error
    notes: list[str]
    outlines: dict  # file → [(title, [child titles])]
    tails: dict  # file → its last kept lines
    figures: dict  # file → its figures
    terms: list  # names of the shared terms


def _summary(result) -> CorpusBuild:
    reports = {Path(r.source.path).name: r for r in result.reports}
    return CorpusBuild(
        {f: r.meta for f, r in reports.items()}, [str(p) for p in result.problems],
        sorted(p.file for p in result.problems if p.severity == "error"),
        [str(p) for p in result.problems if p.severity == "note"],
        {f: [(s.title, [c.title for c in s.children]) for s in r.sections] for f, r in reports.items()},
        {f: [k.text for k in r.cleaned.kept[-40:]] for f, r in reports.items()},
        {f: r.figures for f, r in reports.items()}, [t.name for t in result.corpus.terms])


def corpus_project(tmp_path_factory, name: str, site: bool = True) -> Path:
    """One collection of ../shared/corpora (national, provinces, cities) built once in the
    session in a throwaway project: its docs, and its site when `site` (skipped without
    ../shared). The build runs in this process and leaves `corpus_build`'s summary beside it."""
    from benchmarks import corpora
    from generator.build import build

    if not corpora.available():
        pytest.skip(f"../shared/corpora is not beside the project (the {name} corpus builds only there)")

    def make(folder: Path) -> None:
        getattr(corpora, name)(folder / "seeds")
        project = copy_project(folder / "project", folder / "seeds")
        with pytest.MonkeyPatch.context() as mp:  # the per-report results other builds of these files made
            mp.setenv("GWR_CACHE", str(shared_cache(tmp_path_factory)))
            # Under pytest-xdist the other core runs the other test worker: worker processes of
            # the build's own would only compete with it (each loads jieba and the reports
            # again; about 5 s of the suite). Pools have their own tests (test_property_build,
            # test_cache); `pytest -n 0` builds these with them.
            if os.environ.get("PYTEST_XDIST_WORKER"):
                mp.setenv("GWR_WORKERS", "1")
            result = build(project / "seeds", project / "docs")
        (folder / "summary.pickle").write_bytes(pickle.dumps(_summary(result)))

    project = built_once(tmp_path_factory, f"{name}-docs", make) / "project"
    if site:
        built_once(tmp_path_factory, f"{name}-site", lambda _: run([sys.executable, "-m", "mkdocs", "build"], project))
    return project


def corpus_build(tmp_path_factory, name: str) -> CorpusBuild:
    """The summary of `corpus_project`'s build of a collection."""
    project = corpus_project(tmp_path_factory, name, site=False)
    return pickle.loads((project.parent / "summary.pickle").read_bytes())


@pytest.fixture(scope="session")
def national_site(tmp_path_factory) -> Path:
    """The 72 documents of the national corpus built as a site (skipped without ../shared)."""
    return corpus_project(tmp_path_factory, "national")


def page_text(path: Path) -> str:
    """Visible text of a built HTML page's article, tags stripped, entities decoded."""
    raw = path.read_text(encoding="utf-8")
    m = re.search(r'<article class="md-content__inner[^"]*">(.*?)</article>', raw, re.S)
    body = m.group(1) if m else raw
    body = re.sub(r"<(script|style)\b.*?</\1>", "", body, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", "", body))


def files_of(root: Path) -> dict[str, bytes]:
    """Every file under `root`, by its path relative to it: two folders compared whole."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def norm(text: str) -> str:
    """Comparison key independent of typesetting: no spaces, ASCII marks and digits."""
    text = re.sub(r"\s+", "", text)
    table = str.maketrans({"，": ",", "：": ":", "；": ";", "！": "!", "？": "?", "（": "(", "）": ")",
                           "“": '"', "”": '"'})
    return text.translate(table).translate(str.maketrans("０１２３４５６７８９", "0123456789"))
