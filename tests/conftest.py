"""Shared fixtures: the real seeds, and one end-to-end build of the site from them."""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.paths import copy_build_inputs

ROOT = Path(__file__).resolve().parents[1]
# Tests replace stages with failing stand-ins: results cached by another test would hide them.
# The cache has its own tests (tests/test_cache.py), which turn it on in a temporary folder.
os.environ["GWR_CACHE"] = "off"
SEEDS = ROOT / "seeds"
SHARED = ROOT.parent / "shared"

SEED_IDS = {
    "000": "410622-2025-summary",  # 淇县 2025 (摘要)
    "001": "410700-2025",  # 新乡市 2025
    "002": "411103-2025-excerpt",  # 郾城区 2025 (节选)
    "003": "410621-2021",  # 浚县 2021
    "004": "411625-2024-digest",  # 郸城县 2024
}


def seed_path(prefix: str) -> Path:
    return next(SEEDS.glob(f"{prefix}_*.txt"))


def copy_project(dest: Path, seeds: Path | None = None) -> Path:
    """A throwaway copy of what a build needs: config, theme overrides, hand-written docs, code, seeds."""
    copy_build_inputs(ROOT, dest)
    shutil.copytree(seeds or SEEDS, dest / "seeds")
    return dest


def run(args: list[str], cwd: Path, check: bool = True, pythonpath: Path | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(pythonpath or cwd), NO_MKDOCS_2_WARNING="1", DISABLE_MKDOCS_2_WARNING="true",
               SOURCE_DATE_EPOCH="1735689600")
    proc = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True)
    if check and proc.returncode != 0:
        raise AssertionError(f"{args} failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    return proc


def build_site(project: Path) -> subprocess.CompletedProcess:
    run([sys.executable, "-m", "generator", "build"], project)
    return run([sys.executable, "-m", "mkdocs", "build", "--strict"], project)


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The project copied and built once: returns the project dir (docs/ and site/ inside)."""
    project = copy_project(tmp_path_factory.mktemp("project"))
    proc = build_site(project)
    project.joinpath("mkdocs-build.log").write_text(proc.stdout + proc.stderr, encoding="utf-8")
    return project


def corpus_project(tmp_path_factory, name: str, site: bool = True) -> Path:
    """One collection of ../shared/corpora (national, provinces, cities) built in a throwaway
    project: its docs, and its site when `site` (skipped without ../shared)."""
    from benchmarks import corpora

    if not corpora.available():
        pytest.skip(f"../shared/corpora is not beside the project (the {name} corpus builds only there)")
    seeds = tmp_path_factory.mktemp(f"{name}-seeds")
    getattr(corpora, name)(seeds)
    project = copy_project(tmp_path_factory.mktemp(name), seeds)
    run([sys.executable, "-m", "generator", "build", "-q"], project, check=False)
    if site:
        run([sys.executable, "-m", "mkdocs", "build"], project)
    return project


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


def norm(text: str) -> str:
    """Comparison key independent of typesetting: no spaces, ASCII marks and digits."""
    text = re.sub(r"\s+", "", text)
    table = str.maketrans({"，": ",", "：": ":", "；": ";", "！": "!", "？": "?", "（": "(", "）": ")",
                           "“": '"', "”": '"'})
    return text.translate(table).translate(str.maketrans("０１２３４５６７８９", "0123456789"))
