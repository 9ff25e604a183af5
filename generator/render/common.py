"""What every page shares: the Jinja2 environment, escaping, the HTML of report text,
front matter, the report record of reports.json, display names."""

from __future__ import annotations

import functools
import io
import pickle
from pathlib import Path
from typing import Callable

import jinja2
import yaml
from markupsafe import Markup

from generator import cache, data, escape, pages
from generator.link import RegionNode
from generator.messages import say
from generator.model import Block, Report
from generator.pages import Page
from generator.people import Person
from generator.terms import Term

TEMPLATES = Path(__file__).parent.parent / "templates"


@functools.cache
def env() -> jinja2.Environment:
    e = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        # Escaping by construction: every printed value goes through escape.text (Markdown
        # and HTML specials as character references) unless it is Markup, which only
        # block_html, front_matter, the charts, url() and macros return.
        autoescape=True,
        finalize=escape.text,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
        bytecode_cache=cache.compiled_templates(),
    )
    e.filters["md"] = escape.text
    e.filters["h"] = escape.text
    e.filters["url"] = escape.url
    e.globals["block_html"] = block_html
    e.globals["pages"] = pages
    e.globals["to"] = to
    e.globals["href"] = href
    e.globals["figure_links"] = figure_links
    e.globals["target_cell"] = target_cell
    e.globals["heading_marks"] = lambda level: Markup("#" * int(level))
    e.globals["indent"] = lambda depth: Markup("    " * int(depth))  # a nested list item
    return e


def block_html(b: Block, cited: frozenset[str] = frozenset(), cls: str = "", links: dict | None = None) -> Markup:
    """The block as HTML, built from escaped parts (see _block_html)."""
    return Markup(_block_html(b, cited, cls, links))


def _block_html(b: Block, cited: frozenset[str], cls: str, links: dict | None) -> str:
    """A paragraph, list or verse as HTML. Every string is escaped; sentences that a figure
    cites get their own anchor (p12-3) so that a link can land on, and highlight, them;
    `links` maps (block anchor, line index) to term links [(start, end, href, title)]."""
    rendered: list[list[str]] = [[] for _ in b.lines]
    pos = [0] * len(b.lines)
    for k, (li, sent, sid) in enumerate(b.sentences(), start=1):
        spans = (links or {}).get((b.anchor, li), [])
        start, end = pos[li], pos[li] + len(sent)
        pos[li] = end
        head = len(b.run_in) if (k == 1 and b.run_in and sent.startswith(b.run_in)) else 0
        mine = [(a - start, z - start, href, title) for a, z, href, title in spans if a >= start + head and z <= end]
        body = _linked(sent[head:], [(a - head, z - head, href, title) for a, z, href, title in mine])
        text = (f'<strong class="run-in">{escape.h(b.run_in)}</strong>' if head else "") + body
        rendered[li].append(f'<span class="cited" id="{sid}">{text}</span>' if sid in cited else text)
    rendered = ["".join(parts) for parts in rendered]
    attr = f' class="{cls}"' if cls else ""
    if b.kind == "glossary":
        items = "".join(f"<dt>{escape.h(term)}</dt><dd>{item}</dd>" for term, item in zip(b.terms, rendered))
        return f'<dl class="glossary" id="{b.anchor}">{items}</dl>'
    if b.kind == "list":
        items = "".join(f"<li>{item}</li>" for item in rendered)
        return f'<ul class="report-list" id="{b.anchor}">{items}</ul>'
    if b.kind == "verse":
        return f'<p class="verse" id="{b.anchor}">{"<br>".join(rendered)}</p>'
    return f'<p id="{b.anchor}"{attr}>{rendered[0] if rendered else ""}</p>'


def names() -> dict[str, dict[str, str]]:
    cfg = data.load("metadata")
    return {"level": cfg["level_names"], "completeness": cfg["completeness_names"], "script": cfg["script_names"]}


def completeness_suffix() -> dict[str, str]:
    """The mark after a title or a year for a summary or an excerpt (metadata.yml)."""
    return data.load("metadata")["completeness_suffixes"]


def front_matter(**fields) -> Markup:
    """YAML front matter. The theme prints the title and the description into the HTML
    without escaping them, so those two are stored escaped (shown literally in the tab, the
    header, the navigation and the description meta tag). Other fields are data."""
    for key in ("title", "description"):
        if fields.get(key) is not None:
            fields[key] = escape.h(fields[key])
    return Markup(yaml.dump(fields, Dumper=_DUMPER, allow_unicode=True, sort_keys=False, width=1000).strip())


# libyaml's emitter where PyYAML was built with it (its wheels are): the same text, a tenth of the time.
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def record(r: Report) -> dict:
    """The report's entry in data/reports.json (and its page's front matter)."""
    m = r.meta
    return {
        "id": m.id,
        "title": m.title,
        "region": m.region,
        "level": m.level,
        "province": m.province,
        "city": m.city,
        "year": m.year,
        "review_year": m.review_year,
        "meeting": m.meeting,
        "date": m.date,
        "speaker": m.speaker,
        "speaker_title": m.speaker_title,
        "script": r.source.script,
        "completeness": m.completeness,
        "publisher": m.publisher,
        "published": m.published,
        "address": m.address,
        "sources": dict(sorted(m.sources.items())),
        "source": f"seeds/{r.source.path}",
        "page": pages.report(m.id).url,
        "chars": r.chars,
    }


def render(template: str, here: Page, **ctx) -> str:
    """The template filled in for the page `here` (which its links are relative to)."""
    return env().get_template(template).render(here=here, **ctx)


def remembered(template: str, here: Page, view: Callable[[], object], **ctx) -> str:
    """render(), kept in the cache under a digest of `view()` (see `kept`)."""
    return kept(f"{template}\n{here.path}", view, lambda: render(template, here, **ctx))


def remembered_at(template: str, here: Page, view: Callable[[], object]) -> tuple | None:
    """Where `remembered` keeps the page: (cache folder, key), or None (see `kept_at`)."""
    return kept_at(f"{template}\n{here.path}", view)


def kept(label: str, view: Callable[[], object], make: Callable[[], str]) -> str:
    """make(), kept in the cache under `label` and a digest of `view()`: plain values (tuples,
    lists, strings, numbers, records: what pickles the same whenever it is equal; no sets,
    whose order varies from process to process) standing for all the page
    shows (a report by its `token`, a term by its name and slug …); the templates and rules
    are in the key through the code's digest. A rebuild makes again only the pages whose view
    changed. Without a cache, or with a report whose digest is not known, it makes the page."""
    return made_at(kept_at(label, view), make)


def made_at(where: tuple | None, make: Callable[[], str]) -> str:
    """make(), kept in the cache at `where` (`kept_at`); made without a place."""
    return make() if where is None else cache.through(*where, make)


class Stored:
    """A page of a collection kind kept in the cache at `where` (`kept_at`), not read yet:
    build.Writer reads it (or makes it, `text`) only where the file it last wrote from that
    key is gone or changed. A rebuild after an edit then neither reads nor compares the pages
    it keeps (on a thousand reports, 2,300 term pages and downloads of several MB)."""

    __slots__ = ("where", "make", "_text")

    def __init__(self, where: tuple, make: Callable[[], str]) -> None:
        self.where, self.make, self._text = where, make, None

    @property
    def key(self) -> str:
        return self.where[1]

    def text(self) -> str:
        """The page, from the cache or made (once)."""
        if self._text is None:
            self._text = cache.through(*self.where, self.make)
        return self._text


def stored(label: str, view: Callable[[], object], make: Callable[[], str]) -> str | Stored:
    """`kept`, for a page a collection kind hands to the Writer: Stored where it has a place."""
    return stored_at(kept_at(label, view), make)


def stored_at(where: tuple | None, make: Callable[[], str]) -> str | Stored:
    """`made_at`, for a page a collection kind hands to the Writer (see `stored`)."""
    return make() if where is None else Stored(where, make)


def remembered_page(template: str, here: Page, view: Callable[[], object], **ctx) -> str | Stored:
    """`remembered`, for a page a collection kind hands to the Writer (see `stored`)."""
    return stored(f"{template}\n{here.path}", view, lambda: render(template, here, **ctx))


def held(where: tuple | None) -> bool:
    """Whether a page is kept at `where` (`kept_at`) already."""
    return where is not None and cache.holds(*where)


def kept_at(label: str, view: Callable[[], object]) -> tuple | None:
    """(cache folder, key) a page is kept under by `kept`; None without a cache or with a
    report whose digest is not known."""
    root = cache.folder("pages")
    if root is None:
        return None
    try:
        shown = _flat(view())
    except _NoDigest:
        return None
    return root, cache.key(b"page", label.encode(), shown)


def _flat(view: object) -> bytes:
    """A view's bytes for its key: a pickle without a memo (`fast`), in which equal values are
    the same bytes whether or not they are one object (a plain pickle records which are).
    Twice as fast as its repr (0.16 against 0.33 s for all the views of a thousand reports)."""
    out = io.BytesIO()
    pickler = pickle.Pickler(out, protocol=5)
    pickler.fast = True  # views hold no cycles
    pickler.dump(view)
    return out.getvalue()


class _NoDigest(Exception):
    pass


def token(r: Report) -> tuple[str, str]:
    """A report in a page's view: its id and digest (what fixes all a page can show of it)."""
    if not r.digest:
        raise _NoDigest(r.meta.id)
    return (r.meta.id, r.digest)


@jinja2.pass_context
def href(ctx, target, anchor: str = "") -> Markup:
    """In a template: the address of `target` for an HTML link (`<a href>`), relative to where
    the page being rendered is served. Long link lists are written as HTML: MkDocs then need
    not parse and check each link (tests/test_links.py checks every link of the built site)."""
    return Markup(escape.attribute(ctx["here"].url_to(page_of(target), anchor)))


@jinja2.pass_context
def figure_links(ctx, recs, target=None) -> Markup:
    """In a template: each record's figure as a link to its sentence on `target`'s page (this
    page without one), joined by ；, for tables written as HTML. Made here, not by a macro: the
    tables of a thousand reports hold some 30,000 of them (the home page took 0.2 s)."""
    here, page = ctx["here"], page_of(target)
    return Markup(say("page.figures_joiner").join(
        f'<a href="{escape.attribute(here.url_to(page, x.anchor))}">{escape.h(x.display())}</a>' for x in recs))


@jinja2.pass_context
def target_cell(ctx, c, target) -> Markup:
    """In a template: the table cell of a report's target for one indicator (`c` has .target
    and .actual, each a list of records; None without one), with the result it reviews in
    brackets, each figure linked to its sentence on `target`'s page. Made here, not by a
    macro: the home page and the indicators' overview hold one per report and indicator
    (5,000 on a thousand reports; the home page took 0.17 s)."""
    none = say("page.no_figure")
    if not c:
        return Markup(f"<td>{none}</td>")
    reviewed = say("page.reviewed_figures", figures=figure_links(ctx, c.actual, target)) if c.actual else ""
    return Markup(f"<td>{figure_links(ctx, c.target, target) or none}{reviewed}</td>")


def page_of(thing) -> Page | None:
    """The page of a report, a region, a term or a person (a Page stays itself)."""
    if thing is None or isinstance(thing, Page):
        return thing
    if isinstance(thing, Report):
        return pages.report(thing.meta.id)
    if isinstance(thing, RegionNode):
        return pages.region(thing.code)
    if isinstance(thing, Term):
        return pages.term(thing.slug)
    if isinstance(thing, Person):
        return pages.person(thing.slug)
    raise TypeError(f"no page for {type(thing).__name__}")


@jinja2.pass_context
def to(ctx, target, anchor: str = "", encoded: bool = True) -> Markup:
    """In a template: the link from the page being rendered to `target` (a Page, a report, a
    region, a term, a person; None for this page), with an optional anchor. Percent-encoded
    unless `encoded` is false: the navigation file takes paths as they are (page paths hold
    no character that needs encoding there)."""
    link = ctx["here"].link(page_of(target), anchor)
    return escape.url(link) if encoded else Markup(link)


def _linked(text: str, spans: list[tuple[int, int, str, str]]) -> str:
    """Escape `text`, turning the given spans into links."""
    out, pos = [], 0
    for a, z, href, title in sorted(spans):
        out.append(escape.h(text[pos:a]))
        out.append(f'<a class="term" href="{escape.h(href)}" title="{escape.h(title)}">{escape.h(text[a:z])}</a>')
        pos = z
    out.append(escape.h(text[pos:]))
    return "".join(out)


def meeting_text(r: Report) -> str | None:
    m = r.meta
    if not m.meeting:
        return None
    return f"{m.region or ''}{m.meeting}" if m.region and m.level != "nation" else m.meeting


def date_text(date: str | None) -> str:
    if not date:
        return say("page.no_date")
    y, mo, d = date.split("-")
    return say("page.date", year=int(y), month=int(mo), day=int(d))
