"""Render stage: Corpus → Markdown pages and data files (relative path → content).

Templates (generator/templates/*.md.j2) hold the pages; the modules of this package only
prepare the values they show. Each kind of page is one function of the corpus returning
`{Page: content}`, listed once in KINDS; where a page lives is `generator.pages`' business.
"""

from __future__ import annotations

import json
from typing import Callable, Protocol

from generator import pages, workers
from generator.link import Corpus
from generator.messages import group, say
from generator.model import Guard, Problem
from generator.pages import Page
from generator.render.collection import home_page, region_pages, report_nav, year_pages
from generator.render.common import Stored, front_matter, record, render
from generator.render.compare import comparison_pages
from generator.render.indicators import indicator_pages
from generator.render.maps import map_pages
from generator.render.people import people_pages, speakers
from generator.render.reports import log_page, log_page_at, report_page, report_page_at
from generator.render.terms import term_pages
from generator.render.words import word_pages

__all__ = ["render_site", "KINDS"]

# The kinds of collection page, each `corpus → {Page: content}`. Their pages' `nav` places
# them in the navigation, in this order within a section. A new kind is a module of this
# package, a template and one line here.
KINDS = (region_pages, year_pages, indicator_pages, map_pages, word_pages, term_pages, people_pages, comparison_pages)


class Out(Protocol):
    """Where render_site's files go (build.Writer): `write` them; a `fresh` one for another
    process, whose `tally` this one `add`s. A page kept in the cache (`kept_at`) is written
    with its key, and one that `holds` already is written as KEPT: neither read from the cache
    nor compared."""

    def write(self, files: dict[str, str | bytes], keys: dict[str, str] | None = None) -> None: ...

    def holds(self, path: str, key: str) -> bool: ...

    def fresh(self) -> "Out": ...

    def tally(self) -> tuple: ...

    def add(self, tally: tuple) -> None: ...


def render_site(corpus: Corpus, problems: list[Problem], out: Out) -> None:
    """Every generated file, keyed by its path relative to the docs dir, handed to `out` kind by
    kind as soon as it is made (build.Writer writes them), so that the site is never held whole.
    The kinds of collection page are made and written side by side on every core (`_kinds`).
    A report whose own pages cannot be made is left out of the site, with a line in the build
    report."""
    made: dict[Page, None] = {}

    def hand(files: dict[Page, str | bytes], keys: dict[str, str] | None = None) -> None:
        made.update(dict.fromkeys(files))
        out.write({p.path: v for p, v in files.items()}, keys)  # text is encoded as it is written

    kinds = _kinds(corpus, out)  # made on worker processes while this one makes the report pages
    files, dropped, keys = _report_files(corpus, problems, out)
    hand(files, keys)
    done = kinds()
    if dropped:  # the kinds showed reports whose pages could not be made: made again without them
        first = done
        done = _kinds(corpus, out)()
        done = [(pages_made, _redone(earlier, got)) for (_, earlier), (pages_made, got) in zip(first, done)]
    for kind_made, got in done:
        if isinstance(got, Exception):
            raise got  # with every report's own pages made: the kind's own fault
        made.update(dict.fromkeys(kind_made))
        out.add(got)
    hand({pages.home(): home_page(corpus, problems, has_maps=any(p.nav == "maps" for p in made))})
    hand({pages.build_report(): render(
        "build-report.md.j2",
        pages.build_report(),
        front_matter=front_matter(title=say("page.build_report"), search={"exclude": True}),
        problems=problems,
        report_count=len(corpus.reports),
        severity_names=group("severity"),
    )})
    hand({pages.summary(): navigation(corpus, list(made))})
    hand({pages.data_file("reports.json"): json.dumps([record(r) for r in corpus.reports], ensure_ascii=False,
                                                      indent=2) + "\n"})


# From this many reports on, the kinds are made on worker processes: the 72 national reports,
# cache cold, render in 0.6 s instead of 0.83; a few reports' kinds take less than starting them.
KINDS_APART_FROM = 50
# The kinds that take longest on a thousand reports, longest first (maps 8.3 s, terms 5.5,
# indicators 3.4, comparisons 1.6; the others half a second or less).
LONGEST = (map_pages, term_pages, indicator_pages, comparison_pages)
_out: Out | None = None  # where the worker processes write (inherited when they fork)


def _kinds(corpus: Corpus, out: Out) -> Callable[[], list[tuple[list[Page] | None, tuple | Exception]]]:
    """Each kind of KINDS made and written, one kind to a worker process (forked from this one:
    they share the corpus), started now: what it returns waits for [`_kind_written`], in the
    order of KINDS. No kind changes the corpus, and each writes only its own pages, so the
    files are the same wherever they were made. On a thousand reports the kinds take 20 s one
    after another (maps 8.3, terms 5.5, indicators 3.4 …); the render stage took 27.4 s, 20.2 s
    with the kinds on two workers."""
    global _corpus, _out
    # The longest first, so that the short ones fill in beside them.
    order = sorted(range(len(KINDS)), key=lambda k: LONGEST.index(KINDS[k]) if KINDS[k] in LONGEST else len(LONGEST))
    _corpus, _out = corpus, out
    try:
        results = workers.started(_kind_written, order, min_items=2,
                                  workers=None if len(corpus.reports) >= KINDS_APART_FROM else 1)
    finally:
        _corpus, _out = None, None  # the workers have forked with them

    def in_order() -> list[tuple[list[Page] | None, tuple | Exception]]:
        global _corpus, _out
        _corpus, _out = corpus, out  # for kinds made in this process, now
        try:
            done = results()
        finally:
            _corpus, _out = None, None
        return [made for _, made in sorted(zip(order, done), key=lambda pair: pair[0])]

    return in_order


def _redone(first: tuple | Exception, second: tuple | Exception) -> tuple | Exception:
    """The tally of a kind written twice in one build (`Out.tally`): the second writing's, but
    a file the first wrote and the second found as the first left it was written by the build."""
    if isinstance(first, Exception) or isinstance(second, Exception):
        return second
    written, unchanged, wanted, problems, now = second
    again = set(written)
    also = [w for w in first[0] if w in wanted and w not in again]
    return [*written, *also], unchanged - len(also), wanted, problems, now


def _kind_written(k: int) -> tuple[list[Page] | None, tuple | Exception]:
    """(the kind's pages, the tally of their writing), or (None, the error it met: a report
    whose pages fail, which the report pages then leave out, or a fault of the kind's own)."""
    make = KINDS[k]
    out = _out.fresh()
    try:
        files = make(_corpus)
        by_path = {p.path: _unless_held(v, p.path, out) for p, v in files.items()}
    except Exception as exc:
        return None, workers.portable(exc)
    out.write(by_path)
    return list(files), out.tally()


def _unless_held(content: str | bytes | Stored, path: str, out: Out) -> str | bytes | Stored:
    """A kind's file for `out`: a Stored page KEPT where the file holds it already, or read
    (or made) now, so that a page that cannot be made fails its kind here."""
    if not isinstance(content, Stored):
        return content
    if out.holds(path, content.key):
        return KEPT
    content.text()
    return content


def _report_files(corpus: Corpus, problems: list[Problem],
                  out: Out) -> tuple[dict[Page, str | bytes], bool, dict[str, str]]:
    """Each report's page, processing log and original file; whether a report was left out
    of the corpus because its pages could not be made; and the cache key of each page."""
    guard = Guard("render")
    keys: dict[str, str] = {}

    def make_all() -> dict[int, tuple[str, str] | None]:
        made = {}
        keys.clear()
        for r, (got, exc) in zip(corpus.reports, _render_reports(corpus, out, keys)):
            if exc is not None:
                guard.record(r, exc)
            made[id(r)] = got
        return made

    made = make_all()
    if guard.failed:
        # Leave the failed reports out, then make the others again: none may link to them.
        for r in guard.reports():
            corpus.drop(r)
        made = make_all()
        for r in [r for r in corpus.reports if made[id(r)] is None]:
            corpus.drop(r)
    problems.extend(guard.problems())
    files: dict[Page, str | bytes] = {}
    for r in corpus.reports:
        page, log = made[id(r)]
        files[pages.report(r.meta.id)] = page
        files[pages.log(r.meta.id)] = log
        raw = pages.raw(r.meta.id, r.source.suffix)  # the file itself, kept by the report's digest
        files[raw] = KEPT if r.digest and out.holds(raw.path, r.digest) else r.source.data
        if r.digest:
            keys[raw.path] = r.digest
    return files, bool(guard.failed), keys


_corpus: Corpus | None = None  # what the worker processes render from (inherited when they fork)
_speakers: dict = {}  # and each report's speaker, found once


# What a page that `Out.holds` already is written as.
KEPT = "\x00kept"


def _render_reports(corpus: Corpus, out: Out,
                    keys: dict[str, str]) -> list[tuple[tuple[str, str] | None, Exception | None]]:
    """(report page, log page) of every report, or the error it met: KEPT where `out` holds the
    page already, the pages the cache keeps read here, the others made on every core. `keys`
    gets each kept page's cache key, by path."""
    global _corpus, _speakers
    _corpus, _speakers = corpus, speakers(corpus)
    jobs = [(k, kind) for k in range(len(corpus.reports)) for kind in ("report", "log")]
    try:
        where = {job: _kept_at(job) for job in jobs}  # the pages' views, worked out once
        for job, at in where.items():
            if at is not None:
                keys[_page_of(job).path] = at[1]
        todo = [job for job in jobs if where[job] is None or not out.holds(_page_of(job).path, where[job][1])]
        done = dict(zip(todo, workers.map_cached(_render_one, todo, where.get, stage="render",
                                                 label=lambda job: corpus.reports[job[0]].source.path)))
        made = [done.get(job, (KEPT, None)) for job in jobs]
    finally:
        _corpus, _speakers = None, {}
    pairs = []
    for (page, exc), (log, log_exc) in zip(made[::2], made[1::2]):
        exc = exc or log_exc
        pairs.append((None, exc) if exc is not None else ((page, log), None))
    return pairs


def _page_of(job: tuple[int, str]) -> Page:
    k, kind = job
    rid = _corpus.reports[k].meta.id
    return pages.report(rid) if kind == "report" else pages.log(rid)


def _kept_at(job: tuple[int, str]) -> tuple | None:
    k, kind = job
    r = _corpus.reports[k]
    try:
        return report_page_at(r, _corpus, _speakers) if kind == "report" else log_page_at(r)
    except Exception:  # made on a worker, where the error is contained and reported
        return None


def _render_one(job: tuple[int, str]) -> tuple[str | None, Exception | None]:
    k, kind = job
    r = _corpus.reports[k]
    try:
        return (report_page(r, _corpus, _speakers) if kind == "report" else log_page(r)), None
    except Exception as exc:  # contained: the report is left out, with a line in the build report
        return None, workers.portable(exc)


def navigation(corpus: Corpus, made: list[Page]) -> str:
    """SUMMARY.md: each section of `nav` in messages.yml with its pages in the order made;
    the reports section is the region tree (province › city › report)."""
    sections = []
    for key, label in group("nav").items():
        mine = [p for p in made if p.nav == key] or ([pages.about()] if key == "about" else [])
        if not mine:
            continue
        head = next((p for p in mine if p.path.endswith("index.md") or len(mine) == 1), mine[0])
        children = report_nav(corpus) if key == "reports" else [
            {"depth": 0, "label": p.title, "page": p} for p in mine if p != head]
        sections.append({"label": label, "page": head, "children": children})
    return render("SUMMARY.md.j2", pages.summary(), sections=sections)
