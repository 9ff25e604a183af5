"""Where each page lives and how pages link: `generator.pages`, the one place that spells a path."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from generator import pages
from generator.pages import Page
from generator.render import KINDS

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("path, url", [
    ("index.md", ""),
    ("reports/410700-2025.md", "reports/410700-2025/"),
    ("regions/410000/index.md", "regions/410000/"),
    ("regions/410700/years.md", "regions/410700/years/"),
    ("data/indicators.csv", "data/indicators.csv"),
    ("raw/410700-2025.txt", "raw/410700-2025.txt"),
])
def test_url_follows_directory_urls(path, url):
    assert Page(path).url == url


@pytest.mark.parametrize("source, target, anchor, link", [
    ("reports/410700-2025.md", "reports/410700-2025.md", "p3-2", "#p3-2"),
    ("reports/410700-2025.md", None, "p3-2", "#p3-2"),
    ("reports/410700-2025.md", "reports/410621-2021.md", "", "410621-2021.md"),
    ("reports/410700-2025.md", "regions/410000/index.md", "", "../regions/410000/index.md"),
    ("regions/410700/years.md", "reports/410700-2025.md", "p4-1", "../../reports/410700-2025.md#p4-1"),
    ("regions/410700/years.md", "regions/410700/index.md", "", "index.md"),
    ("index.md", "indicators/gdp.md", "", "indicators/gdp.md"),
    ("SUMMARY.md", "people/魏建平.md", "", "people/魏建平.md"),
])
def test_markdown_link_is_the_relative_source_path(source, target, anchor, link):
    assert Page(source).link(Page(target) if target else None, anchor) == link


@pytest.mark.parametrize("source, target, url", [
    ("reports/410700-2025.md", "terms/专精特新.md", "../../terms/专精特新/"),
    ("regions/410700/years.md", "regions/410700/index.md", "../"),
    ("index.md", "reports/410700-2025.md", "reports/410700-2025/"),
    ("regions/410700/index.md", "regions/410700/index.md", "./"),
    ("reports/410700-2025.md", "data/indicators.csv", "../../data/indicators.csv"),
    ("reports/410700-2025.md", "index.md", "../../"),
    ("regions/410700/years.md", "terms/专精特新.md", "../../../terms/专精特新/"),
    ("regions/410700/years.md", "regions/410000/index.md", "../../410000/"),
    ("index.md", "index.md", "./"),
    ("about.md", "index.md", "../"),
])
def test_url_to_is_relative_to_the_rendered_address(source, target, url):
    # For raw HTML, which MkDocs does not rewrite: relative to where the page is served.
    assert Page(source).url_to(Page(target)) == url


def test_a_page_is_its_path():
    assert pages.year(2025, "2025年") == pages.year(2025)
    assert len({pages.year(2025, "2025年"), pages.year(2025)}) == 1


def test_every_page_kind_lives_in_a_generated_folder(site):
    docs = site / "docs"
    hand_written = {p.relative_to(ROOT / "docs").as_posix() for p in (ROOT / "docs").rglob("*") if p.is_file()}
    for f in docs.rglob("*"):
        rel = f.relative_to(docs).as_posix()
        if f.is_file() and rel not in hand_written:
            assert rel in pages.FILES or rel.split("/")[0] in pages.FOLDERS, rel


def test_no_template_or_render_module_spells_a_page_path():
    # Paths are pages.py's: a template links with to(...), a render module asks pages.
    spelled = re.compile(r"\]\((?!\{\{|https?://|#)|\.\./|\b(reports|regions|terms|people|indicators|years|logs|raw|data)/\{")
    found = []
    for f in [*(ROOT / "generator" / "templates").glob("*.j2"), *(ROOT / "generator" / "render").glob("*.py")]:
        for n, line in enumerate(f.read_text(encoding="utf-8").splitlines(), 1):
            if spelled.search(line) and not line.lstrip().startswith("#"):
                found.append(f"{f.name}:{n}: {line.strip()}")
    assert found == []


def test_page_kinds_are_registered_once():
    assert len(KINDS) == len(set(KINDS))
    assert all(callable(k) for k in KINDS)


def test_every_generated_file_is_ignored_by_git():
    """Outputs are never committed: each generated folder and file of docs/ is in .gitignore,
    and git tracks nothing inside them."""
    ignored = set((ROOT / ".gitignore").read_text(encoding="utf-8").splitlines())
    wanted = {f"/docs/{d}/" for d in pages.FOLDERS} | {f"/docs/{f}" for f in pages.FILES}
    assert wanted - ignored == set()
    if (ROOT / ".git").exists():
        tracked = subprocess.run(["git", "ls-files", "docs"], cwd=ROOT, capture_output=True, text=True).stdout.split()
        assert [t for t in tracked if t.split("/")[1] in pages.FOLDERS or t[len("docs/"):] in pages.FILES] == []


MATERIAL = Path(__import__("material").__file__).parent / "templates"


def test_the_navigation_made_once_is_materials_own():
    """overrides/partials/nav.html makes Material's navigation once for the pages it does not
    list in one folder; what it makes is Material's partials/nav.html as it stands (on an
    upgrade of Material this fails until the copy is refreshed)."""
    ours = (ROOT / "overrides/partials/nav.html").read_text(encoding="utf-8")
    theirs = (MATERIAL / "partials/nav.html").read_text(encoding="utf-8")
    made = ours[ours.index("{%- set made %}") + len("{%- set made %}"):ours.index("{% endset -%}")]
    assert made == theirs[theirs.index("-#}\n") + len("-#}\n"):].rstrip("\n")


def test_the_navigation_is_made_once_per_folder_of_the_pages_it_does_not_list():
    from generator.mkdocs_hooks import NavigationOnce

    class Page:
        def __init__(self, url):
            self.url = url

    once = NavigationOnce({"", "terms/", "reports/410700-2025/"})
    assert [once.key(Page(u)) for u in ("", "terms/", "reports/410700-2025/")] == ["", "", ""]
    assert once.key(Page("terms/中原农谷/")) == once.key(Page("terms/专精特新/")) == "folder:terms"
    assert once.key(Page("logs/410700-2025/")) == "folder:logs" and once.key(None) == ""


def test_pages_of_one_folder_outside_the_navigation_show_the_same_one(site):
    """As Material makes it for each: no item active, the same links (the seeds' site)."""
    def navigation(path: str) -> str:
        page = (site / "site" / path / "index.html").read_text(encoding="utf-8")
        start = page.index('<nav class="md-nav md-nav--primary')
        return page[start:page.index("</nav>", start)]

    terms = sorted(p.parent.name for p in (site / "site" / "terms").glob("*/index.html"))[:2]
    first, second = (navigation(f"terms/{t}") for t in terms)
    assert first == second and "md-nav__link--active" not in first
    assert navigation("logs/" + next((site / "site" / "logs").iterdir()).name) != first  # another folder
    assert "md-nav__link--active" in navigation("reports/410700-2025")
