"""Where every generated file lives, and how one page links to another.

A `Page` is a file under docs/ known by its path there (`reports/410700-2025.md`). Its URL
follows MkDocs' directory URLs (`reports/410700-2025/`, `regions/410000/`), as MkDocs' own
`File.dest_uri` does. The functions at the end of this module are the one place each kind of
page is placed: templates and render modules ask them, never spell a path.

Standard library only: `paths.py` (which `make clean` runs before anything is installed)
takes its folder list from here.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Page:
    path: str  # relative to docs/, with '/' separators; a page is its path
    title: str = field(default="", compare=False)  # as the navigation shows it
    # The navigation section that lists this page (a key of the `nav` group in messages.yml),
    # None for a page reached through links only.
    nav: str | None = field(default=None, compare=False)

    @property
    def url(self) -> str:
        """The page's address relative to the site root ('' for the home page)."""
        return _url(self.path)

    def link(self, target: Page | None, anchor: str = "") -> str:
        """A Markdown link from this page to `target` (or to `anchor` on this page when the
        target is None or this page): the relative source path, which MkDocs checks and
        turns into the target's URL."""
        fragment = f"#{anchor}" if anchor else ""
        if target is None or target.path == self.path:
            return fragment
        return _relative(target.path, self.path.rpartition("/")[0]) + fragment

    def url_to(self, target: Page | None, anchor: str = "") -> str:
        """The URL of `target` relative to this page's URL: for links in raw HTML, which
        MkDocs leaves as they are (to `anchor` on this page when the target is None or this
        page, as `link`)."""
        fragment = f"#{anchor}" if anchor else ""
        if target is None or target.path == self.path:
            return fragment or "./"
        return _url_between(_url(self.path), _url(target.path)) + fragment


@functools.lru_cache(maxsize=1 << 16)
def _url(path: str) -> str:
    if not path.endswith(".md"):
        return path
    stem = path[: -len(".md")]
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def _url_between(here: str, target: str) -> str:
    """The URL `target` relative to the URL `here` (both relative to the site root)."""
    here = here if here.endswith("/") or not here else here.rpartition("/")[0] + "/"
    if here and here.partition("/")[0] != target.partition("/")[0]:
        # In another top folder (a report's page to a term's): up to the root, then down. A
        # report page links to a hundred such pages, each other report page to the same ones:
        # too many pairs for the cache below to keep.
        return "../" * here.count("/") + target
    return _url_within(here, target)


@functools.lru_cache(maxsize=1 << 16)
def _url_within(here: str, target: str) -> str:
    """`_url_between` where `here` is a folder URL."""
    rel = _relative(target.rstrip("/"), here.rstrip("/")) if target else _relative("", here.rstrip("/"))
    if target.endswith("/") or not target:
        rel = "./" if rel == "." else rel + "/"
    return rel


@functools.lru_cache(maxsize=1 << 16)
def _relative(path: str, start: str) -> str:
    """`path` relative to the folder `start` (both relative to the same root, '' for the root;
    no '..' inside them): posixpath.relpath without its calls to the file system's cwd."""
    target = [p for p in path.split("/") if p]
    base = [p for p in start.split("/") if p]
    common = 0
    while common < min(len(target), len(base)) and target[common] == base[common]:
        common += 1
    parts = [".."] * (len(base) - common) + target[common:]
    return "/".join(parts) or "."


# The folders of generated pages: one per page kind below. paths.GENERATED_DIRS is this list.
FOLDERS = ("reports", "logs", "raw", "regions", "years", "data", "indicators", "terms", "people", "maps", "words")
FILES = ("index.md", "SUMMARY.md", "build-report.md")


def home() -> Page:
    return Page("index.md", nav="home")


def summary() -> Page:
    return Page("SUMMARY.md")


def build_report() -> Page:
    return Page("build-report.md", nav="build_report")


def about() -> Page:
    return Page("about.md", nav="about")  # hand-written, in docs/


def report(report_id: str) -> Page:
    return Page(f"reports/{report_id}.md")


def log(report_id: str) -> Page:
    return Page(f"logs/{report_id}.md")


def raw(report_id: str, suffix: str) -> Page:
    return Page(f"raw/{report_id}{suffix}")


def regions() -> Page:
    return Page("regions/index.md", nav="reports")


def region(code: str) -> Page:
    return Page(f"regions/{code}/index.md")


def region_years(code: str) -> Page:
    return Page(f"regions/{code}/years.md")


def years() -> Page:
    return Page("years/index.md", nav="years")


def year(value: int, title: str = "") -> Page:
    return Page(f"years/{value}.md", title=title, nav="years")


def indicators() -> Page:
    return Page("indicators/index.md", nav="indicators")


def indicator(key: str, title: str = "") -> Page:
    return Page(f"indicators/{key}.md", title=title, nav="indicators")


def maps() -> Page:
    return Page("maps/index.md", nav="maps")


def indicator_map(key: str, title: str = "") -> Page:
    return Page(f"maps/{key}.md", title=title, nav="maps")


def terms() -> Page:
    return Page("terms/index.md", nav="terms")


def term(slug: str) -> Page:
    return Page(f"terms/{slug}.md")


def people() -> Page:
    return Page("people/index.md", nav="people")


def person(slug: str, title: str = "") -> Page:
    return Page(f"people/{slug}.md", title=title, nav="people")


def words() -> Page:
    return Page("words/index.md", nav="words")


def words_year(value: int, title: str = "") -> Page:
    return Page(f"words/{value}.md", title=title, nav="words")


def words_trends(title: str = "") -> Page:
    return Page("words/trends.md", title=title, nav="words")


def data_file(name: str) -> Page:
    return Page(f"data/{name}")
